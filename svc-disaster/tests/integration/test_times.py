"""Points in time through the service's own repositories keep their instant on SQLite and PostgreSQL (issue 11)."""

import datetime as dt
import uuid

import pytest

from gorontalo_disaster.domain.alert import Alert, Area
from gorontalo_disaster.domain.incident import Incident
from gorontalo_disaster.domain.model import Report

OFFSETS = [7, 8, 9]  # WIB (BMKG), WITA (Gorontalo), WIT


def zone(hours):
    return dt.timezone(dt.timedelta(hours=hours))


def an_alert(sent: dt.datetime, expires: dt.datetime) -> Alert:
    return Alert(
        id=str(uuid.uuid4()),
        identifier=f"t-{uuid.uuid4().hex[:8]}",
        sender="cuaca.ekstrem@bmkg.go.id",
        sent=sent,
        sent_text=sent.isoformat(),
        status="Actual",
        msg_type="Alert",
        source="bmkg",
        hazard="banjir",
        event={"id": "Hujan Lebat"},
        urgency="Immediate",
        severity="Moderate",
        certainty="Observed",
        response_type="None",
        headline={"id": "Hujan"},
        description={"id": "Hujan"},
        instruction={},
        areas=[Area(description="Kota Gorontalo", region_codes=["75.71"])],
        effective=sent,
        expires=expires,
        cap_xml="<alert/>",
    )


@pytest.mark.parametrize("hours", OFFSETS)
def test_alert_sent_and_expires_round_trip(app, hours):
    sent = dt.datetime(2026, 2, 16, 22, 50, tzinfo=zone(hours))
    expires = dt.datetime(2026, 2, 17, 2, 0, tzinfo=zone(hours))
    alert = an_alert(sent, expires)
    with app.uow() as uow:
        uow.alerts.add(alert, sent)
        uow.commit()
    with app.uow() as uow:
        again = uow.alerts.get(alert.id)
        # Listing compares in SQL: one minute after the true expiry it is gone, one minute before it is there.
        before = uow.alerts.list(active_at=expires - dt.timedelta(minutes=1))
        after = uow.alerts.list(active_at=expires + dt.timedelta(minutes=1))
    assert again.sent == sent and again.expires == expires  # the same instants
    assert again.sent.utcoffset() == dt.timedelta(0)  # read back in UTC
    assert [a.id for a in before] == [alert.id] and after == []
    assert not again.is_active(expires + dt.timedelta(minutes=1))


@pytest.mark.parametrize("hours", OFFSETS)
def test_report_times_round_trip(app, hours):
    observed = dt.datetime(2026, 2, 16, 22, 50, 5, 123000, tzinfo=zone(hours))
    report = Report(
        id=str(uuid.uuid4()),
        hazard="banjir",
        latitude=0.54,
        longitude=123.06,
        description="",
        source="api",
        verified_reporter=False,
        observed_at=observed,
        received_at=observed + dt.timedelta(minutes=3),
    )
    with app.uow() as uow:
        uow.reports.add(report)
        uow.commit()
    with app.uow() as uow:
        again = uow.reports.get(report.id)
    assert again.observed_at == observed and again.received_at == report.received_at
    assert again.observed_at.utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize("hours", OFFSETS)
def test_incident_times_round_trip(app, hours):
    at = dt.datetime(2026, 2, 16, 22, 50, tzinfo=zone(hours))
    incident = Incident(
        id=str(uuid.uuid4()),
        hazard="banjir",
        status="verified",
        severity="",
        latitude=0.54,
        longitude=123.06,
        radius_km=1.0,
        report_count=1,
        casualties={},
        village_codes=[],
        district_codes=["75.71.01"],
        regency_codes=["75.71"],
        first_reported_at=at,
        last_reported_at=at,
        created_at=at,
        updated_at=at,
        verified_at=at,
        notes=[],
        sum_latitude=0.54,
        sum_longitude=123.06,
    )
    with app.uow() as uow:
        uow.incidents.add(incident)
        uow.commit()
    with app.uow() as uow:
        again = uow.incidents.get(incident.id)
    assert (again.first_reported_at, again.updated_at, again.verified_at) == (at, at, at)


def test_a_naive_time_is_refused_not_guessed(app):
    naive = dt.datetime(2026, 2, 16, 22, 50)
    with pytest.raises(Exception, match="naive"):
        with app.uow() as uow:
            uow.alerts.add(an_alert(naive, naive), naive)
            uow.commit()
