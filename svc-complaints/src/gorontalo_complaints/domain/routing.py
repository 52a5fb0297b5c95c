"""The routing (disposition) table: category x regency -> the responsible agency (OPD).

The table is data: a JSON file shipped in the package (or the file named by
COMPLAINTS_ROUTING_PATH), with the entries admins edit stored in the database
on top of it. A category without an entry for the complaint's regency (and
`lainnya` by design) waits for a province dispatcher.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from servicekit import regions
from servicekit.errors import Validator

AGENCY_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$")


@dataclass(frozen=True)
class Agency:
    code: str
    name: str


@dataclass(frozen=True)
class RoutingEntry:
    category: str
    regency_code: str
    agency: Agency
    source: str  # packaged | edited


class RoutingTable:
    """The packaged entries; `resolve` lets edited entries (from the database) win."""

    def __init__(self, entries: dict[tuple[str, str], Agency]):
        self.entries = dict(entries)

    @classmethod
    def from_json(cls, text: str) -> RoutingTable:
        document = json.loads(text)
        entries = {}
        for row in document["entries"]:
            regency = regions.normalise(row["regency_code"])
            entries[(row["category"], regency)] = Agency(row["agency_code"], row["agency_name"])
        return cls(entries)

    def lookup(self, category: str, regency_code: str) -> Agency | None:
        return self.entries.get((category, regency_code))

    def packaged_entries(self) -> list[RoutingEntry]:
        return [RoutingEntry(c, r, a, "packaged") for (c, r), a in sorted(self.entries.items())]


def validate_entry(*, category: str, regency_code: str, agency_code: str, agency_name: str, categories) -> RoutingEntry:
    v = Validator()
    v.one_of("category", category, set(categories))
    regency = regions.normalise(regency_code)
    if (
        regency is None
        or regions.lookup(regency) is None
        or not regions.in_gorontalo(regency)
        or regions.lookup(regency).level != "regency"
    ):
        v.add("regency_code", "regency_unknown")
    if not AGENCY_CODE.match(agency_code or ""):
        v.add("agency_code", "agency_code_invalid")
    v.text("agency_name", agency_name, min_len=3, max_len=200)
    v.raise_if_invalid()
    return RoutingEntry(category, regency, Agency(agency_code, " ".join(agency_name.split())), "edited")
