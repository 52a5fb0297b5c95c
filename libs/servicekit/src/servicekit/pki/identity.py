"""The one name a machine has on the platform: a SPIFFE-style URI in its certificate.

    spiffe://gorontaloprov.go.id/agency/<kode>/<service>

`kode` is the Kemendagri code of the agency's region without dots ("75" the province,
"7571" Kota Gorontalo, "7504" Pohuwato). Every certificate also carries a DNS name derived
from the identity (`permits.7571.svc.gorontaloprov.go.id`) so that a client can check that the
server it reached is the service it meant (gRPC checks DNS SANs, not URI SANs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TRUST_DOMAIN = "gorontaloprov.go.id"
PROVINCE = "75"
_SCHEME = f"spiffe://{TRUST_DOMAIN}/agency/"
_KODE = re.compile(r"^[0-9]{2}(?:[0-9]{2}){0,4}$")
_SERVICE = re.compile(r"^[a-z][a-z0-9-]{0,39}$")


class InvalidIdentity(ValueError):
    pass


@dataclass(frozen=True)
class PeerIdentity:
    agency: str  # Kemendagri code without dots
    service: str

    def __post_init__(self):
        if not _KODE.match(self.agency or ""):
            raise InvalidIdentity(f"agency must be a Kemendagri code without dots, e.g. 75 or 7571: {self.agency!r}")
        if not _SERVICE.match(self.service or ""):
            raise InvalidIdentity(f"service must be a lower-case name: {self.service!r}")

    @classmethod
    def of(cls, service: str, agency: str = PROVINCE) -> PeerIdentity:
        """`agency` may be written with dots ("75.71"), as region codes are elsewhere."""
        return cls(agency=agency.replace(".", ""), service=service)

    @classmethod
    def parse(cls, uri: str) -> PeerIdentity:
        if not uri.startswith(_SCHEME):
            raise InvalidIdentity(f"not a {TRUST_DOMAIN} service identity: {uri!r}")
        parts = uri[len(_SCHEME) :].split("/")
        if len(parts) != 2:
            raise InvalidIdentity(f"expected .../agency/<kode>/<service>: {uri!r}")
        return cls(agency=parts[0], service=parts[1])

    @property
    def uri(self) -> str:
        return f"{_SCHEME}{self.agency}/{self.service}"

    @property
    def dns_name(self) -> str:
        """The DNS SAN naming this identity; clients put it in grpc.ssl_target_name_override."""
        return f"{self.service}.{self.agency}.svc.{TRUST_DOMAIN}"

    @property
    def region_prefix(self) -> str:
        """The agency's region as region codes write it: "7571" -> "75.71"."""
        return ".".join(self.agency[i : i + 2] for i in range(0, len(self.agency), 2))

    @property
    def is_provincial(self) -> bool:
        return self.agency == PROVINCE

    def __str__(self) -> str:
        return self.uri


def identity_of(value: PeerIdentity | str) -> PeerIdentity:
    """A PeerIdentity from itself, a SPIFFE URI, or a bare service name (its provincial instance)."""
    if isinstance(value, PeerIdentity):
        return value
    if value.startswith("spiffe://"):
        return PeerIdentity.parse(value)
    return PeerIdentity.of(value)
