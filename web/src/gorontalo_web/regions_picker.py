"""Places as the pages name and offer them: the kabupaten > kecamatan > desa picker, the regency and
kecamatan lists of forms, and a code's name, all from the region list servicekit packages (never ../shared)."""

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


def place_name(code: str, *, with_parents: bool = False) -> str:
    """A region code's name ('Kota Selatan'), with its regency when asked ('Kota Selatan, Kota Gorontalo');
    an unknown code is shown as it came."""
    region = regions.lookup(code or "")
    if region is None:
        return code or ""
    names = [region.name]
    parent = regions.lookup(region.parent_code) if with_parents and region.parent_code else None
    while parent is not None and parent.level != "province":
        names.append(parent.name)
        parent = regions.lookup(parent.parent_code) if parent.parent_code else None
    return ", ".join(names)


def regency_choices() -> list[tuple[str, str]]:
    """(code, name) of Gorontalo's regencies and its city."""
    return [(region.code, region.name) for region in regions.regencies()]


@functools.cache
def district_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """Kecamatan by kabupaten/kota, each with a known seat (forms send the seat's coordinates)."""
    seats = regions.district_centroids()
    districts = [r for r in regions.all_regions() if r.level == "district" and r.code in seats]
    return [
        (
            regency.name,
            sorted(((d.code, d.name) for d in districts if d.parent_code == regency.code), key=lambda x: x[1]),
        )
        for regency in sorted(regions.regencies(), key=lambda r: r.code)
    ]
