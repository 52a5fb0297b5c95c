"""CAP 1.2 alerts: drafts checked against the rules the schema cannot check, documents against the XSD."""

import datetime as dt
import json

import pytest
import sqlalchemy as sa
from lxml import etree

from gorontalo_disaster.adapters import atom
from gorontalo_disaster.domain import alert as rules
from gorontalo_disaster.domain.alert import AlertDraft, Area
from gorontalo_disaster.service_layer import alerts
from servicekit.auth import Principal
from servicekit.errors import FailedPrecondition, InvalidArgument, PermissionDenied
from servicekit.messaging import outbox

from .cap_samples import CAP_XSD, gorontalo

BASE = "https://siaga.example.go.id"
CAP_NS = "{urn:oasis:names:tc:emergency:cap:1.2}"
BPBD = Principal(subject="o-1", role="officer", agency="BPBD Provinsi Gorontalo", jurisdiction=("75",))
BPBD_KOTA = Principal(subject="o-2", role="officer", agency="BPBD Kota Gorontalo", jurisdiction=("75.71",))
CONTRACT_KEYS = {
    "alert_id",
    "identifier",
    "sender",
    "msg_type",
    "status",
    "sent",
    "effective",
    "expires",
    "hazard",
    "event",
    "urgency",
    "severity",
    "certainty",
    "response_type",
    "headline",
    "region_codes",
    "cap_url",
    "source",
}


@pytest.fixture(scope="module")
def schema():
    # No skip: a missing schema is a failure, the CAP claim rests on it.
    return etree.XMLSchema(etree.parse(str(CAP_XSD)))


def draft(clock, **changes):
    values = dict(
        hazard="banjir",
        status="Actual",
        urgency="Immediate",
        severity="Severe",
        certainty="Observed",
        response_type="Evacuate",
        headline={"id": "Banjir Bone Bolango", "en": "Bone Bolango flood"},
        description={"id": "Sungai Bone meluap.", "en": "The Bone river overflowed."},
        instruction={"id": "Mengungsi ke tempat tinggi.", "en": "Move to high ground."},
        areas=[
            Area(
                description="Kabila dan Suwawa",
                region_codes=["750302", "75.03.03"],
                polygons=[[(0.52, 123.12), (0.56, 123.12), (0.56, 123.18), (0.52, 123.12)]],
                circles=[(0.54, 123.15, 2.5)],
            )
        ],
        effective=None,
        expires=clock.now + dt.timedelta(hours=6),
    )
    values.update(changes)
    return AlertDraft(**values)


def events(app):
    with app.session_factory() as session:
        return [json.loads(r.envelope) for r in session.execute(sa.select(outbox).order_by(outbox.c.seq))]


def test_issued_alert_is_valid_cap_with_two_languages(app, clock, schema):
    alert = alerts.issue(app.uow(), clock, BPBD, draft(clock), base_url=BASE)
    document = etree.fromstring(alerts.cap_document(app.uow(), alert.id))
    schema.assertValid(document)
    assert document.findtext(CAP_NS + "sent") == "2025-01-15T11:00:00+08:00"  # WITA, never Z
    infos = document.findall(CAP_NS + "info")
    assert [i.findtext(CAP_NS + "language") for i in infos] == ["id-ID", "en-US"]
    area = infos[0].find(CAP_NS + "area")
    polygon = area.findtext(CAP_NS + "polygon").split()
    assert len(polygon) >= 4 and polygon[0] == polygon[-1]
    assert area.findtext(CAP_NS + "circle") == "0.54,123.15 2.5"
    assert [g.findtext(CAP_NS + "value") for g in area.findall(CAP_NS + "geocode")] == ["75.03.02", "75.03.03"]
    [event] = [e for e in events(app) if e["type"] == "gorontalo.disaster.alert.issued"]
    assert set(event["data"]) == CONTRACT_KEYS
    assert event["data"]["region_codes"] == ["75.03.02", "75.03.03"] and event["data"]["expires"].endswith("+08:00")


def test_update_and_cancel_reference_the_chain(app, clock, schema):
    first = alerts.issue(app.uow(), clock, BPBD, draft(clock), base_url=BASE)
    clock.advance(minutes=10)
    second = alerts.update(app.uow(), clock, BPBD, first.id, draft(clock, severity="Moderate"), base_url=BASE)
    clock.advance(minutes=10)
    third = alerts.cancel(app.uow(), clock, BPBD, second.id, {"id": "Air surut", "en": "Water receded"}, base_url=BASE)
    assert second.references == [f"{rules.SENDER},{first.identifier},2025-01-15T11:00:00+08:00"]
    assert third.references == second.references + [second.reference] and third.msg_type == "Cancel"
    for message in (second, third):
        document = etree.fromstring(alerts.cap_document(app.uow(), message.id))
        schema.assertValid(document)
        assert document.findtext(CAP_NS + "references") == " ".join(message.references)
    assert [a.id for a in alerts.list_alerts(app.uow(), clock)] == []
    with pytest.raises(FailedPrecondition):
        alerts.update(app.uow(), clock, BPBD, first.id, draft(clock), base_url=BASE)
    types = [e["type"].rsplit(".", 1)[1] for e in events(app) if ".alert." in e["type"]]
    assert types == ["issued", "updated", "cancelled"]


def test_drafts_that_would_make_invalid_cap_are_refused_whole(app, clock):
    bad = draft(
        clock,
        hazard="meteor",
        urgency="Now",
        headline={"id": "", "en": "x" * 200},
        areas=[
            Area(
                description="",
                polygons=[[(0.5, 123.0), (0.6, 123.0), (0.6, 123.1), (0.5, 123.1)], [(0.5, 123.0), (0.5, 123.0)]],
                circles=[(0.5, 123.0, 0.0)],
                region_codes=["31.71"],
            )
        ],
        expires=clock.now - dt.timedelta(minutes=1),
    )
    with pytest.raises(InvalidArgument) as error:
        alerts.issue(app.uow(), clock, BPBD, bad, base_url=BASE)
    reasons = {(v.field, v.reason) for v in error.value.violations}
    assert reasons >= {
        ("hazard", "not_one_of"),
        ("urgency", "not_one_of"),
        ("headline.id", "required"),
        ("headline.en", "too_long"),
        ("areas[0].description", "required"),
        ("areas[0].polygons[0]", "polygon_not_closed"),
        ("areas[0].polygons[1]", "polygon_too_few_points"),
        ("areas[0].circles[0].radius_km", "out_of_range"),
        ("areas[0].region_codes", "region_unknown"),
        ("expires", "alert_expires_past"),
    }
    assert events(app) == [] and alerts.list_alerts(app.uow(), clock, include_inactive=True) == []


def test_only_bpbd_within_its_jurisdiction_issues(app, clock):
    with pytest.raises(PermissionDenied):
        alerts.issue(app.uow(), clock, BPBD_KOTA, draft(clock), base_url=BASE)  # Bone Bolango is not Kota's
    with pytest.raises(PermissionDenied):
        alerts.issue(
            app.uow(),
            clock,
            Principal(subject="x", role="officer", agency="Bapenda", jurisdiction=("75",)),
            draft(clock),
            base_url=BASE,
        )


def test_a_bmkg_alert_for_gorontalo_imports_once_and_keeps_its_document(app, clock, schema):
    sample = gorontalo()
    schema.assertValid(etree.fromstring(sample))
    alert, created = alerts.import_cap(app.uow(), clock, None, sample)
    assert created and (alert.source, alert.hazard, alert.msg_type) == ("bmkg", "banjir", "Alert")
    assert alert.sent_text == "2026-02-16T22:50:00+07:00" and len(alert.areas[0].polygons) == 1
    assert alert.region_codes == ["75.71"]
    again, created = alerts.import_cap(app.uow(), clock, None, sample)
    assert not created and again.id == alert.id
    assert alerts.cap_document(app.uow(), alert.id) == sample
    [event] = [e for e in events(app) if ".alert." in e["type"]]
    assert event["data"]["source"] == "bmkg" and event["data"]["sent"] == "2026-02-16T23:50:00+08:00"
    for broken, reason in ((b"not xml", "cap_not_xml"), (b"<alert/>", "cap_not_cap12")):
        with pytest.raises(InvalidArgument) as error:
            alerts.import_cap(app.uow(), clock, None, broken)
        assert error.value.violations[0].reason == reason


def test_feeds_filter_by_region_like_the_stream(app, clock):
    kota = alerts.issue(
        app.uow(), clock, BPBD, draft(clock, areas=[Area(description="Kota", region_codes=["75.71.01"])]), base_url=BASE
    )
    province = alerts.issue(
        app.uow(), clock, BPBD, draft(clock, areas=[Area(description="Provinsi", region_codes=["75"])]), base_url=BASE
    )
    assert {a.id for a in alerts.list_alerts(app.uow(), clock, region="75.71")} == {kota.id, province.id}
    assert {a.id for a in alerts.list_alerts(app.uow(), clock, region="75.04")} == {province.id}
    feed = etree.fromstring(alerts.atom_feed(app.uow(), clock, base_url=BASE))
    links = [link.get("href") for link in feed.iter(f"{{{atom.ATOM}}}link") if link.get("rel") == "alternate"]
    assert set(links) == {BASE + kota.cap_url, BASE + province.cap_url}
    clock.advance(hours=7)  # both expired
    assert alerts.list_alerts(app.uow(), clock) == []


def test_region_matching_rule():
    assert rules.region_matches(["75.03.02"], "75.03") and rules.region_matches(["75"], "75.03")
    assert rules.region_matches(["75.03"], "75.03") and not rules.region_matches(["75.04"], "75.03")
    assert not rules.region_matches(["75.031"], "75.03")


def test_only_admins_and_the_provincial_bpbd_import_and_never_as_bpbd(app, clock):
    sample = gorontalo()
    with pytest.raises(PermissionDenied):
        alerts.import_cap(app.uow(), clock, BPBD_KOTA, sample)
    posing = sample.replace(b"<sender>", b"<sender>" + rules.SENDER.encode() + b"<!--", 1).replace(
        b"</sender>", b"--></sender>", 1
    )
    with pytest.raises(InvalidArgument) as error:
        alerts.import_cap(app.uow(), clock, BPBD, posing)
    assert error.value.violations[0].reason == "cap_sender_is_bpbd"
    assert not [e for e in events(app) if ".alert." in e["type"]]


def test_an_import_cannot_cancel_another_senders_alert(app, clock):
    own = alerts.issue(app.uow(), clock, BPBD, draft(clock), base_url=BASE)
    sample = gorontalo().decode()
    cancel = sample.replace("<msgType>Alert</msgType>", "<msgType>Cancel</msgType>").replace(
        "</scope>", f"</scope><references>{own.reference}</references>", 1
    )
    imported, created = alerts.import_cap(app.uow(), clock, BPBD, cancel.encode())
    assert created and imported.msg_type == "Cancel"
    with app.session_factory() as session:
        assert (
            session.execute(sa.text("select superseded_by from alerts where id = :id"), {"id": own.id}).scalar() is None
        )


def test_a_latin1_cap_document_imports_and_is_served_as_utf8(app, clock):
    sample = gorontalo().decode("utf-8")
    latin = sample.replace('<?xml version="1.0" ?>', '<?xml version="1.0" encoding="ISO-8859-1"?>')
    latin = latin.replace("<identifier>", "<identifier>latin-\u00e9-", 1)
    assert "ISO-8859-1" in latin
    alert, created = alerts.import_cap(app.uow(), clock, None, latin.encode("latin-1"))
    assert created
    served = alerts.cap_document(app.uow(), alert.id)
    assert (
        etree.fromstring(served)
        .findtext("{urn:oasis:names:tc:emergency:cap:1.2}identifier")
        .startswith("latin-\u00e9-")
    )


def test_control_characters_in_alert_text_are_field_errors(app, clock):
    with pytest.raises(InvalidArgument) as error:
        alerts.issue(app.uow(), clock, BPBD, draft(clock, headline={"id": "Ban\x01jir", "en": "Flood"}), base_url=BASE)
    assert [(v.field, v.reason) for v in error.value.violations] == [("headline.id", "control_characters")]
