"""Importing other agencies' CAP (issue 11): the OASIS XSD, no DTD, only alerts for Gorontalo, no stale events."""

import datetime as dt
import fnmatch
import importlib.resources
import json
import pathlib
import tomllib

import pytest
import sqlalchemy as sa

from gorontalo_disaster.service_layer import alerts
from servicekit.errors import InvalidArgument
from servicekit.messaging import outbox

from .cap_samples import CAP_XSD, KOTA_AREA, banten, gorontalo, with_area

PACKAGED_XSD = "schemas/CAP-v1.2.xsd"
BEFORE_EXPIRY = dt.datetime(2026, 2, 16, 18, 30, tzinfo=dt.UTC)  # it expires 02:00+07:00 = 19:00Z


def alert_events(app):
    with app.session_factory() as session:
        envelopes = [json.loads(r.envelope) for r in session.execute(sa.select(outbox).order_by(outbox.c.seq))]
    return [e for e in envelopes if ".alert." in e["type"]]


def stored(app, clock):
    return alerts.list_alerts(app.uow(), clock, include_inactive=True)


def refusal(app, clock, document):
    with pytest.raises(InvalidArgument) as error:
        alerts.import_cap(app.uow(), clock, None, document)
    assert stored(app, clock) == [] and alert_events(app) == []  # nothing written, nothing published
    return [(v.field, v.reason) for v in error.value.violations]


def test_the_shipped_xsd_is_the_oasis_one_and_is_package_data():
    shipped = importlib.resources.files("gorontalo_disaster").joinpath(PACKAGED_XSD)
    assert shipped.read_bytes() == CAP_XSD.read_bytes()
    # A production install has no ../shared: the wheel must carry the file.
    pyproject = tomllib.loads((pathlib.Path(__file__).parents[2] / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["package-data"]["gorontalo_disaster"]
    assert any(fnmatch.fnmatch(PACKAGED_XSD, pattern) for pattern in patterns)


def test_a_schema_invalid_document_is_refused_naming_the_element(app, clock):
    document = gorontalo().replace(b"<urgency>Immediate</urgency>", b"<urgency>Sekarang</urgency>")
    assert refusal(app, clock, document) == [("document.info[0].urgency", "cap_schema_invalid")]


def test_a_time_with_z_is_refused_by_the_schema(app, clock):
    document = gorontalo().replace(b"+07:00</sent>", b"Z</sent>")
    assert refusal(app, clock, document) == [("document.sent", "cap_schema_invalid")]


@pytest.mark.parametrize(
    "doctype",
    [
        b'<!DOCTYPE alert [<!ENTITY kontak "112">]>',  # entities that are never expanded
        b"<!DOCTYPE alert>",  # an empty one
        b'<!DOCTYPE alert SYSTEM "http://127.0.0.1:1/cap.dtd">',  # an external one, never fetched
    ],
)
def test_any_doctype_is_refused(app, clock, doctype):
    document = gorontalo().replace(b"<alert xmlns", doctype + b"\n<alert xmlns", 1)
    if b"ENTITY" in doctype:
        document = document.replace(b"<contact>06221 196</contact>", b"<contact>&kontak;</contact>")
    assert refusal(app, clock, document) == [("document", "cap_dtd_forbidden")]


def test_an_alert_for_banten_is_skipped_and_never_stored(app, clock):
    with pytest.raises(alerts.ImportSkipped) as skipped:
        alerts.import_cap(app.uow(), clock, None, banten())
    assert [(v.field, v.reason) for v in skipped.value.violations] == [("document", "cap_area_outside_gorontalo")]
    assert skipped.value.identifier == "2.49.0.1.360.0.2026.02.16.16.36.004"
    assert stored(app, clock) == [] and alert_events(app) == []


@pytest.mark.parametrize(
    "area",
    [
        KOTA_AREA,
        "<area><areaDesc>Teluk Tomini</areaDesc><circle>0.30,123.90 40</circle></area>",  # the sea off Bone Bolango
        "<area><areaDesc>Pesisir</areaDesc><polygon>0.9,123.5 1.4,123.5 1.4,124.0 0.9,124.0 0.9,123.5</polygon></area>",
        "<area><areaDesc>Kabupaten Pohuwato</areaDesc></area>",  # no geometry: the name decides
        "<area><areaDesc>x</areaDesc><geocode><valueName>KEMENDAGRI</valueName><value>7504</value></geocode></area>",
    ],
)
def test_an_alert_in_or_near_gorontalo_is_imported(app, clock, area):
    alert, created = alerts.import_cap(app.uow(), clock, None, with_area(banten(), area))
    assert created and [a.id for a in stored(app, clock)] == [alert.id]


@pytest.mark.parametrize(
    "area",
    [
        "<area><areaDesc>Manado</areaDesc><circle>1.48,124.84 20</circle></area>",
        "<area><areaDesc>Jakarta</areaDesc><geocode><valueName>KEMENDAGRI</valueName><value>31.71</value></geocode></area>",
        "<area><areaDesc>Banten</areaDesc></area>",
    ],
)
def test_an_alert_elsewhere_is_skipped(app, clock, area):
    with pytest.raises(alerts.ImportSkipped):
        alerts.import_cap(app.uow(), clock, None, with_area(banten(), area))


def test_an_alert_expired_before_its_import_is_kept_but_never_published(app, clock):
    clock.now = dt.datetime(2026, 2, 17, 0, 0, tzinfo=dt.UTC)  # 07:00+07:00, five hours after expiry
    alert, created = alerts.import_cap(app.uow(), clock, None, gorontalo())
    assert created and not alert.is_active(clock.now)
    assert alert_events(app) == []
    assert alerts.list_alerts(app.uow(), clock) == []
    assert [a.id for a in stored(app, clock)] == [alert.id]  # history


def test_imported_times_keep_their_offset_and_expiry(app, clock):
    """The BMKG sample's 22:50+07:00 is 15:50Z; read back as 22:50Z it stayed active seven hours too long."""
    clock.now = BEFORE_EXPIRY
    alert, _ = alerts.import_cap(app.uow(), clock, None, gorontalo())
    [event] = alert_events(app)
    assert event["type"] == "gorontalo.disaster.alert.issued" and event["data"]["sent"] == "2026-02-16T23:50:00+08:00"
    again = alerts.get(app.uow(), alert.id)
    assert again.sent == dt.datetime(2026, 2, 16, 15, 50, tzinfo=dt.UTC)
    assert again.expires == dt.datetime(2026, 2, 16, 19, 0, tzinfo=dt.UTC)
    assert [a.id for a in alerts.list_alerts(app.uow(), clock)] == [alert.id]
    clock.now = BEFORE_EXPIRY + dt.timedelta(hours=1)  # 02:30+07:00: expired
    assert alerts.list_alerts(app.uow(), clock) == []
    assert not alerts.get(app.uow(), alert.id).is_active(clock.now)
