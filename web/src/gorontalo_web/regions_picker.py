"""The kabupaten > kecamatan > desa picker, from the region list servicekit packages (never ../shared)."""

from __future__ import annotations

import dataclasses
import functools

from servicekit import regions

_LEVELS = ("regency", "district", "village")


@functools.cache
def _children() -> dict[str, list[regions.Region]]:
    by_parent: dict[str, list[regions.Region]] = {}
    for region in regions.all_regions():
        if region.code.startswith(regions.GORONTALO + ".") and region.level in _LEVELS:
            by_parent.setdefault(region.parent_code, []).append(region)
    for members in by_parent.values():
        members.sort(key=lambda r: r.name)
    return by_parent


def children(code: str) -> list[regions.Region]:
    """The regions directly inside `code` ("75": the regencies), by name; [] for an unknown code."""
    normalised = regions.normalise(code) if code else None
    return list(_children().get(normalised or "", []))


@dataclasses.dataclass(frozen=True)
class Choice:
    """The picker's state: what was chosen at each level, each only if it lies inside the one above."""

    regency: str = ""
    district: str = ""
    village: str = ""

    @classmethod
    def of(cls, regency: str, district: str, village: str) -> Choice:
        regency = _inside(regency, regions.GORONTALO, "regency")
        district = _inside(district, regency, "district") if regency else ""
        village = _inside(village, district, "village") if district else ""
        return cls(regency, district, village)

    @classmethod
    def from_code(cls, code: str) -> Choice:
        normalised = regions.normalise(code or "") or ""
        return cls.of(normalised[:5], normalised[:8], normalised)

    @property
    def code(self) -> str:
        """The finest region chosen (what FileComplaint.region_code takes), "" when none."""
        return self.village or self.district or self.regency

    def options(self) -> dict[str, list[tuple[str, str]]]:
        """(code, name) for each of the three selects: a list is offered once the level above is chosen."""

        def pairs(code: str) -> list[tuple[str, str]]:
            return [(r.code, r.name) for r in children(code)] if code else []

        return {"regency": pairs(regions.GORONTALO), "district": pairs(self.regency), "village": pairs(self.district)}


def _inside(code: str, parent: str, level: str) -> str:
    region = regions.lookup(code) if code else None
    if region is None or region.level != level or region.parent_code != parent:
        return ""
    return region.code


def name_of(code: str) -> str:
    region = regions.lookup(code) if code else None
    return region.name if region else ""
