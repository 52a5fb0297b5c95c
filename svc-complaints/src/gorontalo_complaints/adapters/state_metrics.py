"""Prometheus figures read from the database at scrape: the SiPakai numbers, as the public page shows them.

Registered by `serve` only (one per process). Reading at scrape (not counting in memory) keeps the
figures right across restarts and includes what `check-deadlines` run from cron recorded in another
process. Labels are bounded: 8 states x 11 categories (with "") x the routing table's agencies x 6
regencies (plus "" for complaints without a region yet); never an id.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from .tables import complaints, deadline_breaches

log = logging.getLogger(__name__)


class ComplaintStateCollector:
    def __init__(self, engine: sa.Engine):
        self.engine = engine

    def rows(self) -> list[tuple[str, str, str, str, int]]:
        regency = sa.func.substr(complaints.c.region_code, 1, 5)
        query = sa.select(
            complaints.c.status, complaints.c.category, complaints.c.agency_code, regency, sa.func.count()
        ).group_by(complaints.c.status, complaints.c.category, complaints.c.agency_code, regency)
        with self.engine.connect() as connection:
            return [tuple(row) for row in connection.execute(query)]

    def breach_rows(self) -> list[tuple[str, str, int]]:
        query = sa.select(deadline_breaches.c.deadline, deadline_breaches.c.agency_code, sa.func.count()).group_by(
            deadline_breaches.c.deadline, deadline_breaches.c.agency_code
        )
        with self.engine.connect() as connection:
            return [tuple(row) for row in connection.execute(query)]

    def agency_rows(self) -> list[tuple[str, int, int, float | None, int]]:
        """(agency, complaints, within deadline, average rating, ratings)."""
        rated = sa.case((complaints.c.rating > 0, complaints.c.rating))
        query = sa.select(
            complaints.c.agency_code,
            sa.func.count(),
            sa.func.sum(sa.case((complaints.c.breached_deadlines == "", 1), else_=0)),
            sa.func.avg(rated),
            sa.func.count(rated),
        ).group_by(complaints.c.agency_code)
        with self.engine.connect() as connection:
            return [tuple(row) for row in connection.execute(query)]

    def collect(self):
        current = GaugeMetricFamily(
            "gorontalo_complaints_current",
            "Complaints now, by state, category, agency and regency.",
            labels=["status", "category", "agency", "regency"],
        )
        breaches = CounterMetricFamily(
            "gorontalo_complaints_deadline_breaches",
            "Deadlines breached and escalated, by deadline and agency (all time).",
            labels=["deadline", "agency"],
        )
        within = GaugeMetricFamily(
            "gorontalo_complaints_within_deadline_ratio",
            "Share of complaints with no breached deadline, by agency (all time).",
            labels=["agency"],
        )
        rating = GaugeMetricFamily(
            "gorontalo_complaints_rating_average",
            "Average rating (1-5) reporters gave, by agency (all time).",
            labels=["agency"],
        )
        try:
            for status, category, agency, regency, count in self.rows():
                current.add_metric([status, category, agency, regency], count)
            for deadline, agency, count in self.breach_rows():
                breaches.add_metric([deadline, agency], count)
            for agency, total, in_time, average, ratings in self.agency_rows():
                within.add_metric([agency], (in_time or 0) / total if total else 0.0)
                if ratings:
                    rating.add_metric([agency], float(average))
        except sa.exc.SQLAlchemyError:
            log.exception("complaints metrics: database unavailable at scrape")
        yield from (current, breaches, within, rating)

    def describe(self):
        return []
