"""Routing at filing and by dispatchers, and the admins' edits of the routing table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from prometheus_client import Counter

from servicekit import regions
from servicekit.auth import Principal

from ..domain import model
from ..domain.routing import Agency, RoutingEntry, RoutingTable, validate_entry
from . import events

ROUTED = Counter("gorontalo_complaints_routed_total", "Complaints dispositioned, by who routed them.", ["routed_by"])
SUGGESTIONS = Counter(
    "gorontalo_complaints_suggestions_total",
    "Classifier suggestions at filing: auto_routed (confident) or to_dispatcher.",
    ["outcome"],
)
REVIEWED = Counter(
    "gorontalo_complaints_suggestions_reviewed_total",
    "Suggestions a dispatcher reviewed: accepted or corrected.",
    ["outcome"],
)

DEFAULT_CONFIDENCE_THRESHOLD = 0.6


class Classifier(Protocol):
    def suggest(self, text: str): ...


@dataclass(frozen=True)
class Decision:
    category: str
    agency: Agency | None
    routed_by: str  # rule | model | "" (waits for a dispatcher)
    suggested_category: str = ""
    confidence: float = 0.0


def text_of(title: str, description: str) -> str:
    """What the model reads (and what a correction stores for retraining)."""
    return f"{title}. {description}"


@dataclass
class Router:
    table: RoutingTable
    classifier: Classifier | None = None
    threshold: float = DEFAULT_CONFIDENCE_THRESHOLD

    def agency_for(self, uow, category: str, region_code: str) -> Agency | None:
        regency = regions.regency_of(region_code) if region_code else None
        if not category or not regency:
            return None
        return uow.routing.get(category, regency) or self.table.lookup(category, regency)

    def decide(self, uow, *, category: str, region_code: str, title: str, description: str) -> Decision:
        if category:
            agency = self.agency_for(uow, category, region_code)
            return Decision(category, agency, "rule" if agency else "")
        if not self.classifier:
            return Decision("", None, "")
        suggestion = self.classifier.suggest(text_of(title, description))
        if suggestion.confidence >= self.threshold:
            agency = self.agency_for(uow, suggestion.category, region_code)
            if agency is not None:
                SUGGESTIONS.labels("auto_routed").inc()
                return Decision(suggestion.category, agency, "model", suggestion.category, suggestion.confidence)
        SUGGESTIONS.labels("to_dispatcher").inc()
        return Decision("", None, "", suggestion.category, suggestion.confidence)


def put_entry(
    uow, clock, principal: Principal, *, category: str, regency_code: str, agency_code: str, agency_name: str
) -> RoutingEntry:
    """Admins only; an admin whose token names a jurisdiction must cover the regency (none: province-wide)."""
    principal.require_role("admin")
    entry = validate_entry(
        category=category,
        regency_code=regency_code,
        agency_code=agency_code,
        agency_name=agency_name,
        categories=model.CATEGORIES,
    )
    if principal.jurisdiction:
        principal.require_jurisdiction(entry.regency_code)
    with uow:
        uow.routing.put(entry, updated_by=principal.subject, now=clock())
        uow.add_event(events.routing_updated(entry), subject=f"{entry.category}/{entry.regency_code}")
        uow.commit()
    return entry


def list_entries(
    uow, router: Router, principal: Principal, *, category: str = "", regency_code: str = ""
) -> list[RoutingEntry]:
    principal.require_role("admin", "officer")
    regency = regions.normalise(regency_code) if regency_code else ""
    with uow:
        edited = {(e.category, e.regency_code): e for e in uow.routing.all()}
    merged = {(e.category, e.regency_code): e for e in router.table.packaged_entries()}
    merged.update(edited)
    return [
        e
        for key, e in sorted(merged.items())
        if (not category or e.category == category) and (not regency or e.regency_code == regency)
    ]
