"""Clustering reports into incidents (real databases) and what BPBD officers may do with them."""

import datetime as dt
import uuid

import pytest

from gorontalo_disaster.domain import clustering, geo
from gorontalo_disaster.domain import incident as rules
from gorontalo_disaster.domain.incident import Incident
from gorontalo_disaster.domain.model import Report
from gorontalo_disaster.service_layer import events, incidents
from gorontalo_disaster.service_layer.unit_of_work import ConsumerUnitOfWork
from servicekit.auth import Principal
from servicekit.errors import FailedPrecondition, InvalidArgument, PermissionDenied
from servicekit.event_messages import MalformedEvent

BPBD = Principal(subject="o-1", role="officer", agency="BPBD Provinsi Gorontalo", jurisdiction=("75",))
BPBD_POHUWATO = Principal(subject="o-2", role="officer", agency="BPBD Kabupaten Pohuwato", jurisdiction=("75.04",))
DPMPTSP = Principal(subject="o-3", role="officer", agency="DPMPTSP Kota Gorontalo", jurisdiction=("75.71",))


def report(hazard="banjir", lat=0.54, lon=123.06, at=None, **extra):
    at = at or dt.datetime(2025, 1, 15, 3, 0, tzinfo=dt.UTC)
    return Report(
        id=str(uuid.uuid4()),
        hazard=hazard,
        latitude=lat,
        longitude=lon,
        description="",
        source="api",
        verified_reporter=False,
        observed_at=at,
        received_at=at,
        region_code=geo.nearest_district(lat, lon),
        **extra,
    )


def test_incident_keeps_the_largest_figure_and_grows_its_circle():
    first = report(casualties={"dead": 2, "houses_damaged": 10})
    incident = Incident.start("i-1", first, first.received_at)
    incident.absorb(report(lat=0.545, casualties={"dead": 1, "injured": 4}), first.received_at)
    assert incident.casualties == {"dead": 2, "houses_damaged": 10, "injured": 4}
    assert incident.report_count == 2 and incident.radius_km >= 1.0
    assert set(incident.district_codes) == {geo.nearest_district(0.54, 123.06), geo.nearest_district(0.545, 123.06)}
    assert incident.regency_codes == ["75.71"]


@pytest.mark.parametrize(
    "current,target,problem",
    [
        ("reported", "verified", None),
        ("verified", "responding", None),
        ("responding", "recovering", None),
        ("recovering", "closed", None),
        ("reported", "dismissed", None),
        ("verified", "dismissed", "incident_not_dismissable"),
        ("verified", "reported", "incident_transition_invalid"),
        ("reported", "closed", "incident_transition_invalid"),
        ("reported", "flooded", "incident_status_unknown"),
    ],
)
def test_status_moves_one_way(current, target, problem):
    assert rules.transition_problem(current, target) == problem


def test_house_fires_200_m_apart_are_not_one_incident_but_floods_are():
    near = clustering.neighbourhood("kebakaran_permukiman", clustering.cell_of("kebakaran_permukiman", 0.54, 123.06))
    assert clustering.cell_of("kebakaran_permukiman", 0.5405, 123.06) in near  # ~55 m
    assert clustering.cell_of("kebakaran_permukiman", 0.5450, 123.06) not in near  # ~550 m
    flood = clustering.neighbourhood("banjir", clustering.cell_of("banjir", 0.54, 123.06))
    assert clustering.cell_of("banjir", 0.5450, 123.06) in flood


def cluster(app, clock, r):
    with app.uow() as uow:
        uow.reports.add(r)
        uow.commit()
    with app.session_factory() as session, session.begin():
        found = incidents.cluster_report(ConsumerUnitOfWork(session), clock, events.ReportSubmitted(report_id=r.id))
    return found


def test_clustering_by_hazard_place_and_time(app, clock):
    a = cluster(app, clock, report(at=clock.now))
    b = cluster(app, clock, report(lat=0.548, at=clock.now))  # ~1 km away: same flood
    c = cluster(app, clock, report(lat=0.47, lon=121.94, at=clock.now))  # Pohuwato: another flood
    d = cluster(app, clock, report(hazard="tanah_longsor", at=clock.now))  # other hazard
    e = cluster(app, clock, report(at=clock.now + dt.timedelta(days=3)))  # out of the 48 h window
    quake1 = cluster(app, clock, report(hazard="gempa_bumi", lat=0.85, lon=122.9, at=clock.now))
    quake2 = cluster(app, clock, report(hazard="gempa_bumi", lat=0.47, lon=121.94, at=clock.now))
    assert a.id == b.id and len({a.id, c.id, d.id, e.id}) == 4
    assert quake1.id == quake2.id  # an earthquake is region-wide
    assert incidents.get(app.uow(), a.id).report_count == 2
    # Redelivered: the report is already in an incident, nothing changes.
    with app.session_factory() as session, session.begin():
        uow = ConsumerUnitOfWork(session)
        first = uow.reports.list(hazard="banjir", offset=0, limit=1)[0]
        assert incidents.cluster_report(uow, clock, events.ReportSubmitted(report_id=first.id)) is None
    assert incidents.get(app.uow(), a.id).report_count == 2
    found, _ = incidents.list_incidents(app.uow(), region="75.71")
    assert {i.id for i in found} >= {a.id, d.id} and c.id not in {i.id for i in found}
    near = incidents.nearby(app.uow(), latitude=0.54, longitude=123.06, radius_km=5)
    assert a.id in [i.id for i in near] and c.id not in [i.id for i in near]


@pytest.mark.parametrize("event", [events.ReportSubmitted(), events.ReportSubmitted(report_id="no-such-report")])
def test_a_report_event_no_retry_can_cluster_is_malformed(app, clock, event):
    """servicekit's MalformedEvent: the bus dead-letters it at once instead of retrying it."""
    with app.session_factory() as session, session.begin():
        with pytest.raises(MalformedEvent):
            incidents.cluster_report(ConsumerUnitOfWork(session), clock, event)


def test_only_bpbd_officers_over_the_place_change_an_incident(app, clock):
    incident = cluster(app, clock, report(at=clock.now))
    for principal in (DPMPTSP, BPBD_POHUWATO, None):
        with pytest.raises(PermissionDenied):
            incidents.verify(app.uow(), clock, principal, incident.id, severity="severe")
    with pytest.raises(InvalidArgument):
        incidents.verify(app.uow(), clock, BPBD, incident.id, severity="catastrophic")
    with pytest.raises(InvalidArgument):
        incidents.verify(app.uow(), clock, BPBD, incident.id, severity="")
    clock.advance(minutes=30)
    verified = incidents.verify(app.uow(), clock, BPBD, incident.id, severity="severe", note="TRC tiba")
    assert verified.status == "verified" and verified.verified_at == clock.now and verified.notes[0].text == "TRC tiba"
    with pytest.raises(FailedPrecondition) as error:
        incidents.dismiss(app.uow(), clock, BPBD, incident.id, note="salah")
    assert error.value.params == {"state": "verified"}
    for status in ("responding", "recovering", "closed"):
        assert incidents.update(app.uow(), clock, BPBD, incident.id, status=status).status == status
    noted = incidents.add_note(app.uow(), clock, BPBD, incident.id, text="Selesai")
    assert [n.text for n in noted.notes] == ["TRC tiba", "Selesai"]
    # A closed incident takes no new reports: the next flood there is a new incident.
    assert cluster(app, clock, report(at=clock.now)).id != incident.id


def test_state_metrics_count_incidents_by_status(app, clock):
    from gorontalo_disaster.bootstrap import StateCollector

    incident = cluster(app, clock, report(at=clock.now))
    cluster(app, clock, report(lat=0.47, lon=121.94, at=clock.now))
    incidents.verify(app.uow(), clock, BPBD, incident.id, severity="minor")
    families = {f.name: {tuple(s.labels.values()): s.value for s in f.samples} for f in StateCollector(app).collect()}
    assert families["gorontalo_disaster_incidents"][("verified",)] == 1
    assert families["gorontalo_disaster_incidents"][("reported",)] == 1
    assert families["gorontalo_disaster_alerts_active"][("bpbd",)] == 0


def test_two_replicas_clustering_into_one_incident_at_once_count_both_reports(make_app, clock, postgres_admin_url):
    """Two consumers (replicas sharing the durable) absorb a report each into the same incident at once.
    The second waits for the first's lock and reads its count; before, it read the count from before the
    first committed and wrote it back, so one report was not counted (found by tests/scaleout/test_chaos.py)."""
    import threading
    import time

    import sqlalchemy as sa

    from servicekit.testing import scratch_postgres_database

    with scratch_postgres_database(postgres_admin_url) as url:
        app = make_app(url)
        incident = cluster(app, clock, report(at=clock.now))
        first, second = report(lat=0.541, at=clock.now), report(lat=0.542, at=clock.now)
        with app.uow() as uow:
            uow.reports.add(first)
            uow.reports.add(second)
            uow.commit()
        with app.session_factory() as holding, holding.begin():
            absorbed = incidents.cluster_report(
                ConsumerUnitOfWork(holding), clock, events.ReportSubmitted(report_id=first.id)
            )
            assert absorbed.id == incident.id  # the incident's row is now locked by this transaction

            def other_replica():
                with app.session_factory() as session, session.begin():
                    incidents.cluster_report(
                        ConsumerUnitOfWork(session), clock, events.ReportSubmitted(report_id=second.id)
                    )

            thread = threading.Thread(target=other_replica)
            thread.start()
            waiting = sa.text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            deadline = time.monotonic() + 30  # a bounded wait: a test that hangs tells nothing
            with app.engine.connect() as watcher:
                # One transaction per look: PostgreSQL keeps a transaction's first view of
                # pg_stat_activity, so a look before the other replica blocked would be the last.
                while not watcher.execute(waiting).scalar_one():  # the other replica blocked on the row
                    watcher.rollback()
                    assert thread.is_alive() and time.monotonic() < deadline
        thread.join(30)
        assert incidents.get(app.uow(), incident.id).report_count == 3


def test_the_incident_a_report_joins_is_changed_as_it_stands_under_its_lock(app, clock):
    """PostgreSQL: read again FOR UPDATE (another replica may have absorbed a report meanwhile); SQLite:
    the candidate as read, the writer's lock being held since BEGIN IMMEDIATE (nobody else can write)."""
    first = cluster(app, clock, report(at=clock.now))
    with app.session_factory() as session, session.begin():
        uow = ConsumerUnitOfWork(session)
        candidate = uow.incidents.open_candidates("banjir", None)[0]
        candidate.report_count = 99  # stands for a change this transaction has not stored
        locked = uow.incidents.locked(candidate)
        if session.get_bind().dialect.name == "postgresql":
            assert locked is not candidate and locked.report_count == first.report_count == 1
        else:
            assert locked is candidate
        session.rollback()
    assert incidents.get(app.uow(), first.id).report_count == 1
