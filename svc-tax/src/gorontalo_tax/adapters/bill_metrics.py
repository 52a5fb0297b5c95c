"""Gauge of bills by tax type and status, read from the database at each scrape (it is the truth)."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from prometheus_client.core import GaugeMetricFamily

from .tables import bills

log = logging.getLogger(__name__)


class BillStatusCollector:
    """Register with prometheus_client.REGISTRY.register(BillStatusCollector(session_factory))."""

    def __init__(self, session_factory):
        self.session_factory = session_factory

    def counts(self) -> dict[tuple[str, str], int]:
        query = sa.select(bills.c.tax_type, bills.c.status, sa.func.count()).group_by(bills.c.tax_type, bills.c.status)
        with self.session_factory() as session:
            return {(tax_type, status): count for tax_type, status, count in session.execute(query)}

    def collect(self):
        family = GaugeMetricFamily("tax_bills", "Bills held, by tax type and status.", labels=["tax_type", "status"])
        try:
            counts = self.counts()
        except Exception:  # noqa: BLE001 - a scrape must not fail because the database hiccupped
            log.warning("could not count bills for metrics", exc_info=True)
            counts = {}
        for (tax_type, status), count in sorted(counts.items()):
            family.add_metric([tax_type, status], count)
        yield family

    def describe(self):
        return []  # collected lazily: do not query the database at registration
