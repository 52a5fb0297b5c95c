"""The Atom feed tells pollers about Cancels, and every link printed is absolute from PUBLIC_BASE_URL (issue 11)."""

import datetime as dt

from lxml import etree

from gorontalo_disaster.adapters import atom
from gorontalo_disaster.domain.alert import AlertDraft, Area
from gorontalo_disaster.service_layer import alerts
from servicekit.auth import Principal

from .cap_samples import gorontalo

BASE = "https://siaga.example.go.id"
ATOM = f"{{{atom.ATOM}}}"
CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"
BPBD = Principal(subject="o-1", role="officer", agency="BPBD Provinsi Gorontalo", jurisdiction=("75",))


def draft(clock, region="75.03"):
    return AlertDraft(
        hazard="banjir",
        status="Actual",
        urgency="Immediate",
        severity="Severe",
        certainty="Observed",
        response_type="Evacuate",
        headline={"id": "Banjir Bone Bolango", "en": "Bone Bolango flood"},
        description={"id": "Sungai Bone meluap.", "en": "The Bone river overflowed."},
        instruction={},
        areas=[Area(description="Bone Bolango", region_codes=[region])],
        effective=None,
        expires=clock.now + dt.timedelta(hours=6),
    )


def feed(app, clock, **kwargs):
    return etree.fromstring(alerts.atom_feed(app.uow(), clock, base_url=BASE, **kwargs))


def entries(document):
    return {entry.findtext(ATOM + "id").rsplit(":", 1)[1]: entry for entry in document.iter(ATOM + "entry")}


def test_a_cancel_appears_in_the_feed(app, clock):
    first = alerts.issue(app.uow(), clock, BPBD, draft(clock), base_url=BASE)
    clock.advance(minutes=30)
    cancel = alerts.cancel(app.uow(), clock, BPBD, first.id, {"id": "Air surut", "en": "Water receded"}, base_url=BASE)
    found = entries(feed(app, clock))
    assert set(found) == {cancel.id}  # the cancelled alert is no longer live; its Cancel says so
    entry = found[cancel.id]
    terms = {(c.get("scheme"), c.get("term")) for c in entry.findall(ATOM + "category")}
    assert ("urn:oasis:names:tc:emergency:cap:1.2:msgType", "Cancel") in terms
    assert entry.findtext(ATOM + "title").startswith("DIBATALKAN")
    assert set(entries(feed(app, clock, region="75.03.02"))) == {cancel.id}  # the region filter keeps it
    assert entries(feed(app, clock, region="75.04")) == {}
    # A day after the cancel and past the alert's expiry, pollers have had their chance.
    clock.advance(hours=25)
    assert entries(feed(app, clock)) == {}


def test_an_imported_cancel_appears_too(app, clock):
    original, _ = alerts.import_cap(app.uow(), clock, None, gorontalo())
    clock.advance(minutes=5)
    cancel_document = gorontalo("2.49.0.1.360.0.cancel").replace(
        b"<msgType>Alert</msgType>", b"<msgType>Cancel</msgType>"
    )
    cancel_document = cancel_document.replace(
        b"</scope>", f"</scope><references>{original.reference}</references>".encode()
    )
    cancel, created = alerts.import_cap(app.uow(), clock, None, cancel_document)
    assert created and set(entries(feed(app, clock))) == {cancel.id}


def test_every_link_is_absolute(app, clock):
    alert = alerts.issue(app.uow(), clock, BPBD, draft(clock), base_url=BASE)
    document = feed(app, clock, region="75.03")
    hrefs = {link.get("rel"): link.get("href") for link in document.iter(ATOM + "link")}
    assert hrefs == {
        "self": f"{BASE}/v1/disaster/alerts.atom?region=75.03",
        "alternate": f"{BASE}/v1/disaster/alerts/{alert.id}.cap.xml",
    }
    assert feed(app, clock).find(ATOM + "link").get("href") == f"{BASE}/v1/disaster/alerts.atom"
    cap = etree.fromstring(alerts.cap_document(app.uow(), alert.id))
    assert {web.text for web in cap.iter(CAP + "web")} == {f"{BASE}/v1/disaster/alerts/{alert.id}.cap.xml"}
