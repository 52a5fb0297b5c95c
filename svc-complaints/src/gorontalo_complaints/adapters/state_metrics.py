"""Prometheus gauge of complaints by state, category, agency and regency, read from the database at scrape.

Registered by `serve` only (one per process). Labels are bounded: 8 states x 11 categories (with
"") x the routing table's agencies x 6 regencies (plus "" for complaints without a region yet).
"""
from __future__ import annotations

import logging

import sqlalchemy as sa
from prometheus_client.core import GaugeMetricFamily

from .tables import complaints

log = logging.getLogger(__name__)


class ComplaintStateCollector:
    def __init__(self, engine: sa.Engine):
        self.engine = engine

    def rows(self) -> list[tuple[str, str, str, str, int]]:
        regency = sa.func.substr(complaints.c.region_code, 1, 5)
        query = (sa.select(complaints.c.status, complaints.c.category, complaints.c.agency_code, regency,
                           sa.func.count())
                 .group_by(complaints.c.status, complaints.c.category, complaints.c.agency_code, regency))
        with self.engine.connect() as connection:
            return [tuple(row) for row in connection.execute(query)]

    def collect(self):
        family = GaugeMetricFamily("complaints_current", "Complaints now, by state, category, agency and regency.",
                                   labels=["status", "category", "agency", "regency"])
        try:
            for status, category, agency, regency, count in self.rows():
                family.add_metric([status, category, agency, regency], count)
        except sa.exc.SQLAlchemyError:
            log.exception("complaints_current: database unavailable at scrape")
        yield family

    def describe(self):
        return []
