"""Service instances, each owning region prefixes: the federation's model, read from the one registry.

deploy/services.toml (SERVICES_FILE) declares every service either with one `address` (a single
province-wide instance) or with `[[services.<name>.instances]]`, e.g. Kota Gorontalo's own permits
instance owning "75.71" beside the province's owning "75". The file is validated when it is read,
and every error names the file and the key, so a kabupaten's typo stops the process at start.
"""

from __future__ import annotations

import functools
import pathlib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass

from . import regions

PROVINCE = regions.GORONTALO  # "75": the agency and region of the province itself
PROVINCIAL_INSTANCE = "provinsi"  # name of the instance a service with a bare `address` has
TRUST_DOMAIN = "gorontaloprov.go.id"
_AGENCY = re.compile(r"^\d{2}(?:\d{2})?$")
_ADDRESS = re.compile(r"^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):\d{1,5}$|^unix:.+$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
# An id that says where it lives starts with a region code (dotted or not) and a separator:
# 7571/DPMPTSP/2026/000123, 7571-DPMPTSP-2026-000123.
_ID_PREFIX = re.compile(r"^(\d{2}(?:\.?\d{2}){0,2})[/-]")


class FederationError(ValueError):
    """The registry is wrong; the message names the file and the key."""


def default_identity(agency: str, service: str) -> str:
    return f"spiffe://{TRUST_DOMAIN}/agency/{agency}/{service}"


@dataclass(frozen=True)
class Instance:
    service: str
    name: str
    agency: str  # kode without dots: "75", "7571"
    address: str
    regions: tuple[str, ...]  # dotted Kemendagri prefixes: ("75.71",)
    identity: str
    metrics_port: int = 0

    @property
    def key(self) -> str:
        """How the gateway and the directory name it: permits/kota-gorontalo."""
        return f"{self.service}/{self.name}"

    @property
    def provincial(self) -> bool:
        return self.agency == PROVINCE

    def match_length(self, region_code: str) -> int:
        """Length of the longest of this instance's prefixes containing `region_code`; -1 when none."""
        best = -1
        for prefix in self.regions:
            if region_code == prefix or region_code.startswith(prefix + "."):
                best = max(best, len(prefix))
        return best

    def intersects(self, jurisdiction: Iterable[str]) -> bool:
        """Whether any of these regions overlaps any of `jurisdiction` (one inside the other)."""
        for scope in jurisdiction:
            code = regions.normalise(scope)
            if code and any(
                regions.within(code, [prefix]) or regions.within(prefix, [code]) for prefix in self.regions
            ):
                return True
        return False


@dataclass(frozen=True)
class Federation:
    services: dict[str, tuple[Instance, ...]]

    def instances(self, service: str) -> tuple[Instance, ...]:
        return self.services.get(service, ())

    def instance(self, service: str, name: str) -> Instance | None:
        return next((i for i in self.instances(service) if i.name == name), None)

    def provincial(self, service: str) -> Instance:
        """Where calls without a region go (methods without routing, an empty region)."""
        found = next((i for i in self.instances(service) if i.provincial), None)
        if found is None:
            raise LookupError(f"no provincial instance of {service}")
        return found

    def owner(self, service: str, region_code: str) -> Instance | None:
        """The instance owning the longest prefix of `region_code`; None when it is not a code we own."""
        code = regions.normalise(region_code)
        if code is None:
            return None
        scored = [(i.match_length(code), i) for i in self.instances(service)]
        length, best = max(scored, key=lambda pair: pair[0], default=(-1, None))
        return best if length >= 0 else None

    def owner_of_id(self, service: str, identifier: str) -> Instance | None:
        """The owner named by an id's region prefix (permit numbers); None when the id names no region."""
        match = _ID_PREFIX.match(identifier or "")
        if not match:
            return None
        return self.owner(service, match.group(1))

    def within_scope(self, service: str, jurisdiction: Iterable[str] | None) -> tuple[Instance, ...]:
        """Every instance, or (officers) those whose regions meet the jurisdiction."""
        if jurisdiction is None:
            return self.instances(service)
        scope = tuple(jurisdiction)
        return tuple(i for i in self.instances(service) if i.intersects(scope))


def single(addresses: dict[str, str], metrics_ports: dict[str, int] | None = None) -> Federation:
    """One provincial instance per service (the registry before federation, tests)."""
    ports = metrics_ports or {}
    return Federation(
        {
            service: (
                Instance(
                    service=service,
                    name=PROVINCIAL_INSTANCE,
                    agency=PROVINCE,
                    address=address,
                    regions=(PROVINCE,),
                    identity=default_identity(PROVINCE, service),
                    metrics_port=ports.get(service, 0),
                ),
            )
            for service, address in addresses.items()
        }
    )


@functools.cache
def load(path: str) -> Federation:
    """The registry at `path`, validated; an empty federation when the file does not exist."""
    file = pathlib.Path(path)
    if not file.is_file():
        return Federation({})
    try:
        document = tomllib.loads(file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise FederationError(f"{path}: not valid TOML: {error}") from None
    return parse(document, path)


def parse(document: dict, path: str = "<registry>") -> Federation:
    services = document.get("services") or {}
    if not isinstance(services, dict):
        raise FederationError(f"{path}: services must be a table")
    return Federation({name: _service(path, name, entry) for name, entry in services.items()})


def _service(path: str, service: str, entry) -> tuple[Instance, ...]:
    where = f"{path}: services.{service}"
    if not isinstance(entry, dict):
        raise FederationError(f"{where} must be a table")
    declared = entry.get("instances")
    instances: list[Instance] = []
    if "address" in entry:
        if not isinstance(entry["address"], str) or not _ADDRESS.match(entry["address"]):
            raise FederationError(f"{where}.address must be host:port, not {entry['address']!r}")
        instances.append(
            Instance(
                service=service,
                name=PROVINCIAL_INSTANCE,
                agency=PROVINCE,
                address=entry["address"],
                regions=(PROVINCE,),
                identity=str(entry.get("identity") or default_identity(PROVINCE, service)),
                metrics_port=_port(f"{where}.metrics_port", entry.get("metrics_port", 0)),
            )
        )
    if declared is not None:
        if not isinstance(declared, list) or not declared:
            raise FederationError(
                f"{where}.instances must be a non-empty list of tables ([[services.{service}.instances]])"
            )
        instances += [_instance(f"{where}.instances[{n}]", service, item) for n, item in enumerate(declared)]
    if not instances:
        raise FederationError(f"{where} needs an address or instances")
    _check_together(where, service, instances)
    return tuple(instances)


def _port(where: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 65535:
        raise FederationError(f"{where} must be a port number, not {value!r}")
    return value


def _instance(where: str, service: str, item) -> Instance:
    if not isinstance(item, dict):
        raise FederationError(f"{where} must be a table")
    unknown = set(item) - {"name", "agency", "address", "regions", "identity", "metrics_port"}
    if unknown:
        raise FederationError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    name = item.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise FederationError(f"{where}.name must be lower-case letters, digits and '-', not {name!r}")
    where = f"{where} ({name})"
    agency = item.get("agency")
    if not isinstance(agency, str) or not _AGENCY.match(agency) or regions.lookup(agency) is None:
        raise FederationError(
            f"{where}.agency must be a province or regency kode without dots (75, 7571), not {agency!r}"
        )
    if not agency.startswith(PROVINCE):
        raise FederationError(f"{where}.agency {agency} is not in the province ({PROVINCE})")
    address = item.get("address")
    if not isinstance(address, str) or not _ADDRESS.match(address):
        raise FederationError(f"{where}.address must be host:port, not {address!r}")
    raw_regions = item.get("regions")
    if not isinstance(raw_regions, list) or not raw_regions:
        raise FederationError(f'{where}.regions must be a non-empty list of region codes ("75.71")')
    owned = []
    agency_region = regions.normalise(agency)
    for raw in raw_regions:
        code = regions.normalise(raw) if isinstance(raw, str) else None
        if code is None or raw != code or regions.lookup(code) is None:
            raise FederationError(f"{where}.regions: {raw!r} is not a Kemendagri region code written with dots")
        if not regions.within(code, [PROVINCE]):
            raise FederationError(f"{where}.regions: {code} is outside the province ({PROVINCE})")
        if not regions.within(code, [agency_region]):
            raise FederationError(f"{where}.regions: {code} is outside agency {agency}'s own region {agency_region}")
        if code in owned:
            raise FederationError(f"{where}.regions: {code} is listed twice")
        owned.append(code)
    identity = item.get("identity") or default_identity(agency, service)
    if not isinstance(identity, str) or not identity.startswith("spiffe://"):
        raise FederationError(f"{where}.identity must be a spiffe:// URI, not {identity!r}")
    return Instance(
        service=service,
        name=name,
        agency=agency,
        address=address,
        regions=tuple(owned),
        identity=identity,
        metrics_port=_port(f"{where}.metrics_port", item.get("metrics_port", 0)),
    )


def _check_together(where: str, service: str, instances: list[Instance]) -> None:
    names = [i.name for i in instances]
    for name in names:
        if names.count(name) > 1:
            raise FederationError(f"{where}: instance name {name!r} is used twice")
    owners: dict[str, str] = {}
    for instance in instances:
        for code in instance.regions:
            if code in owners:
                raise FederationError(f"{where}: region {code} is owned by both {owners[code]!r} and {instance.name!r}")
            owners[code] = instance.name
    if sum(1 for i in instances if i.provincial) != 1:
        raise FederationError(
            f"{where}: exactly one instance must be the province's (agency {PROVINCE}); it answers calls without a region"
        )
    uncovered = _uncovered(PROVINCE, set(owners))
    if uncovered:
        shown = ", ".join(uncovered[:5]) + (" ..." if len(uncovered) > 5 else "")
        raise FederationError(f"{where}: no instance owns {shown}; every region of the province needs one")


@functools.cache
def _children() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for region in regions.all_regions():
        if region.parent_code:
            found.setdefault(region.parent_code, []).append(region.code)
    return {parent: tuple(sorted(codes)) for parent, codes in found.items()}


def _uncovered(code: str, owned: set[str]) -> list[str]:
    """The highest regions under `code` (itself included) that no owned prefix contains."""
    if code in owned:
        return []
    children = _children().get(code, ())
    missing = [gap for child in children for gap in _uncovered(child, owned)]
    # A region none of whose parts is owned is reported as itself, not as its 700 villages.
    return [code] if not children or missing == list(children) else missing
