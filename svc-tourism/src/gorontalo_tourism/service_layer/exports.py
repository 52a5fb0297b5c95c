"""What leaves the service as documents: open data, JSON-LD, iCalendar and the offline guides."""

from __future__ import annotations

from servicekit import regions
from servicekit.errors import FieldViolation, InvalidArgument

from ..adapters import calendar_ics, guide, jsonld, opendata
from ..domain.model import KINDS
from . import businesses, calendar, destinations


def _places(uow, kind: str = "", region: str = ""):
    if kind and kind not in KINDS:
        raise InvalidArgument(violations=[FieldViolation("kind", "not_one_of", {"allowed": ", ".join(KINDS)})])
    code = destinations._region_filter(region)
    with uow:
        return uow.destinations.listed(kind=kind, region=code)


def geojson(uow, links, *, kind: str = "", region: str = "") -> bytes:
    return opendata.geojson(_places(uow, kind, region), links)


def csv_document(uow, links, *, kind: str = "", region: str = "") -> bytes:
    return opendata.csv_document(_places(uow, kind, region), links)


def _regency(code: str) -> str:
    normalised = regions.normalise(code or "")
    if not normalised or len(normalised) != 5 or not regions.in_gorontalo(normalised):
        raise InvalidArgument(violations=[FieldViolation("regency_code", "regency_unknown")])
    return normalised


def _language(lang: str) -> str:
    if lang not in ("", "id", "en"):
        raise InvalidArgument(violations=[FieldViolation("lang", "not_one_of", {"allowed": "en, id"})])
    return lang or "id"


def guide_pdf(uow, links, regency_code: str, lang: str = "") -> tuple[str, bytes]:
    """(file name, PDF) of a kabupaten/kota's guide."""
    code, language = _regency(regency_code), _language(lang)
    pdf = guide.pdf_document(code, _places(uow, region=code), links, language=language)
    return f"panduan-wisata-{code.replace('.', '')}-{language}.pdf", pdf


def guide_json(uow, links, regency_code: str) -> bytes:
    code = _regency(regency_code)
    return guide.compact_json(code, _places(uow, region=code), links)


def destination_jsonld(uow, links, destination_id: str) -> bytes:
    return jsonld.destination(destinations.get(uow, destination_id), links)


def event_jsonld(uow, links, event_id: str) -> bytes:
    item = calendar.get(uow, event_id)
    with uow:
        place = uow.destinations.get(item.destination_id) if item.destination_id else None
    return jsonld.event(item, links, place)


def business_jsonld(uow, links, business_id: str) -> bytes:
    return jsonld.business(businesses.get(uow, business_id), links)


def events_ics(uow, clock, links, *, from_date="", to_date="", region="", language="id") -> bytes:
    found = calendar.all_events(uow, clock, from_date=from_date, to_date=to_date, region=region)
    ids = sorted({e.destination_id for e in found if e.destination_id})
    with uow:
        places = {i: d.name for i in ids if (d := uow.destinations.get(i)) is not None}
    return calendar_ics.calendar(found, links, language=language, stamp=clock(), places=places)
