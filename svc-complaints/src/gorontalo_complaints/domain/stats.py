"""SiPakai figures: per agency and per regency, over the complaints filed in a period.

Aggregates only, so confidential (`rahasia`) and anonymous complaints are
counted like the others: a count reveals neither content nor reporter.
Published figures are withheld where a cell holds fewer than MIN_PUBLISHED
complaints (`published`): a count of 1 in a small regency, or the median
of one complaint, could point at the one resident who filed it.
"""

from __future__ import annotations

import dataclasses
import statistics
from dataclasses import dataclass

from servicekit import regions

from . import lifecycle
from .model import Complaint


@dataclass(frozen=True)
class StatsRow:
    key: str
    name: str
    received: int
    open: int
    resolved: int
    rejected: int
    median_first_response_seconds: float
    median_resolution_seconds: float
    share_within_deadline: float
    average_rating: float
    ratings: int


# Small cells: a count from 1 to MIN_PUBLISHED - 1 is published as WITHHELD ("<5" on SiPakai's pages),
# and so is a figure computed from that few complaints. Zero stays zero: nobody is behind it.
MIN_PUBLISHED = 5
WITHHELD = -1


def _median(values: list[float]) -> float:
    return float(statistics.median(values)) if values else 0.0


def row_of(key: str, name: str, group: list[Complaint]) -> StatsRow:
    first_response = [
        (c.first_response_at - c.dispositioned_at).total_seconds()
        for c in group
        if c.first_response_at and c.dispositioned_at
    ]
    resolution = [(c.resolved_at - c.filed_at).total_seconds() for c in group if c.resolved_at]
    ratings = [c.rating for c in group if c.rating]
    return StatsRow(
        key=key,
        name=name,
        received=len(group),
        open=sum(1 for c in group if c.status in lifecycle.OPEN_STATUSES),
        resolved=sum(1 for c in group if c.status in (lifecycle.RESOLVED, lifecycle.CLOSED)),
        rejected=sum(1 for c in group if c.status == lifecycle.REJECTED),
        median_first_response_seconds=_median(first_response),
        median_resolution_seconds=_median(resolution),
        share_within_deadline=(sum(1 for c in group if lifecycle.within_deadline(c)) / len(group)) if group else 0.0,
        average_rating=round(sum(ratings) / len(ratings), 2) if ratings else 0.0,
        ratings=len(ratings),
    )


def summarise(complaints: list[Complaint]) -> tuple[StatsRow, list[StatsRow], list[StatsRow]]:
    """(total, by agency, by regency), groups sorted by key."""
    by_agency: dict[str, list[Complaint]] = {}
    agency_names: dict[str, str] = {}
    by_regency: dict[str, list[Complaint]] = {}
    for c in complaints:
        by_agency.setdefault(c.agency_code, []).append(c)
        agency_names.setdefault(c.agency_code, c.agency_name)
        by_regency.setdefault(regions.regency_of(c.region_code) or "", []).append(c)
    agencies = [row_of(code, agency_names[code], group) for code, group in sorted(by_agency.items())]
    regencies = []
    for code, group in sorted(by_regency.items()):
        region = regions.lookup(code) if code else None
        regencies.append(row_of(code, region.name if region else "", group))
    return row_of("", "Provinsi Gorontalo", complaints), agencies, regencies


def published(row: StatsRow) -> StatsRow:
    """The row as the public sees it: counts of 1 to 4 and figures derived from fewer than
    MIN_PUBLISHED complaints are WITHHELD (-1). The first-response median counts the row's complaints
    as its base, the resolution median the resolved ones, the average rating the ratings."""

    def few(n: int) -> bool:
        return 0 < n < MIN_PUBLISHED

    def count(n: int) -> int:
        return WITHHELD if few(n) else n

    def figure(value: float, base: int) -> float:
        return float(WITHHELD) if few(base) else value

    return dataclasses.replace(
        row,
        received=count(row.received),
        open=count(row.open),
        resolved=count(row.resolved),
        rejected=count(row.rejected),
        ratings=count(row.ratings),
        median_first_response_seconds=figure(row.median_first_response_seconds, row.received),
        median_resolution_seconds=figure(row.median_resolution_seconds, row.resolved),
        share_within_deadline=figure(row.share_within_deadline, row.received),
        average_rating=figure(row.average_rating, row.ratings),
    )
