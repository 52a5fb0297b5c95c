"""Clustering a consumer batch in one transaction (issue 20): an incident absorbing many reports is
written once, at the commit, with every report counted; nothing of it is written when the batch rolls
back; and the incidents the batch holds are candidates as they stand in it (real databases)."""

import datetime as dt

import pytest
import sqlalchemy as sa

from gorontalo_disaster.service_layer import events, incidents
from gorontalo_disaster.service_layer.unit_of_work import ConsumerUnitOfWork

from .test_incidents import report


def _stored(app, reports) -> None:
    with app.uow() as uow:
        for r in reports:
            uow.reports.add(r)
        uow.commit()


def _incident_updates(engine) -> list[str]:
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_rest):
        if statement.lstrip().upper().startswith("UPDATE INCIDENTS"):
            statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", seen)
    return statements


def test_a_batch_of_reports_into_one_incident_writes_it_once_with_every_report_counted(app, clock):
    batch = [report(lat=0.54 + n * 0.001, at=clock.now + dt.timedelta(minutes=n)) for n in range(12)]
    _stored(app, batch)
    updates = _incident_updates(app.engine)
    with app.session_factory() as session, session.begin():
        found = [
            incidents.cluster_report(ConsumerUnitOfWork(session), clock, events.ReportSubmitted(report_id=r.id))
            for r in batch
        ]
    assert len({i.id for i in found}) == 1
    assert len(updates) == 1  # eleven absorbed, one UPDATE at the commit
    stored = incidents.get(app.uow(), found[0].id)
    assert stored.report_count == 12
    assert stored.last_reported_at == batch[-1].received_at
    assert stored.latitude == pytest.approx(sum(r.latitude for r in batch) / 12)


def test_a_rolled_back_batch_leaves_the_incident_as_it_was_and_the_next_one_reads_it_again(app, clock):
    first = report(at=clock.now)
    _stored(app, [first])
    with app.session_factory() as session, session.begin():
        formed = incidents.cluster_report(
            ConsumerUnitOfWork(session), clock, events.ReportSubmitted(report_id=first.id)
        )
    later = [report(lat=0.541, at=clock.now + dt.timedelta(minutes=n + 1)) for n in range(3)]
    _stored(app, later)
    with app.session_factory() as session:
        with session.begin():
            for r in later[:2]:
                incidents.cluster_report(ConsumerUnitOfWork(session), clock, events.ReportSubmitted(report_id=r.id))
            session.rollback()  # a later handler of the batch failed
        assert incidents.get(app.uow(), formed.id).report_count == 1
        with session.begin():  # the batch again, in the same session
            for r in later:
                incidents.cluster_report(ConsumerUnitOfWork(session), clock, events.ReportSubmitted(report_id=r.id))
    assert incidents.get(app.uow(), formed.id).report_count == 4


def test_an_incident_changed_in_the_batch_is_a_candidate_in_its_newest_state(app, clock):
    """Two open floods near one another: the one a report of this batch joined last is the newest
    activity, though its row has not been written yet, and the next report joins it."""
    old = report(lat=0.54, at=clock.now)
    _stored(app, [old])
    with app.session_factory() as session, session.begin():
        incidents.cluster_report(ConsumerUnitOfWork(session), clock, events.ReportSubmitted(report_id=old.id))
    with app.session_factory() as session, session.begin():
        uow = ConsumerUnitOfWork(session)
        candidate = uow.incidents.open_candidates("banjir", None)[0]
        held = uow.incidents.locked(candidate)
        held.last_reported_at = clock.now + dt.timedelta(hours=1)
        uow.incidents.save_at_commit(held)
        again = ConsumerUnitOfWork(session).incidents.open_candidates("banjir", None)
        assert again[0] is held  # as held here, not as its row still says
        assert ConsumerUnitOfWork(session).incidents.locked(again[0]) is held
    assert incidents.get(app.uow(), held.id).last_reported_at == clock.now + dt.timedelta(hours=1)


def _partition(app, clock, reports, *, together: bool) -> list[frozenset[int]]:
    """Which reports (by position) ended in one incident, placing them in one transaction or one each."""
    _stored(app, reports)
    placed = {}
    if together:
        with app.session_factory() as session, session.begin():
            for n, r in enumerate(reports):
                uow = ConsumerUnitOfWork(session)
                placed[n] = incidents.cluster_report(uow, clock, events.ReportSubmitted(report_id=r.id)).id
    else:
        for n, r in enumerate(reports):
            with app.session_factory() as session, session.begin():
                uow = ConsumerUnitOfWork(session)
                placed[n] = incidents.cluster_report(uow, clock, events.ReportSubmitted(report_id=r.id)).id
    groups: dict[str, set[int]] = {}
    for n, incident_id in placed.items():
        groups.setdefault(incident_id, set()).add(n)
    counts = {i: incidents.get(app.uow(), i).report_count for i in groups}
    assert counts == {i: len(members) for i, members in groups.items()}
    return sorted(frozenset(m) for m in groups.values())


def test_a_batch_places_reports_as_placing_them_one_by_one_does(app, clock):
    """Reports of three hazards scattered over a few kilometres and hours (single linkage makes the
    order matter): one transaction for all, as the intake and a consumer batch do, groups them exactly
    as one transaction each does. The second run is 60 days later, past every window of the first."""
    import random

    draw = random.Random(20)
    # Mostly floods along a river valley (a strip ~11 km long), where single linkage chains incidents,
    # and a few landslides and house fires among them.
    spots = [
        (
            draw.choice(["banjir"] * 4 + ["tanah_longsor", "kebakaran_permukiman"]),
            draw.uniform(0, 0.1),
            draw.uniform(0, 0.01),
        )
        for _ in range(120)
    ]
    minutes = [draw.randint(0, 4 * 24 * 60) for _ in spots]

    def reports(days: int):
        start = clock.now + dt.timedelta(days=days)
        return [
            report(hazard=h, lat=0.53 + dlat, lon=123.04 + dlon, at=start + dt.timedelta(minutes=m))
            for (h, dlat, dlon), m in zip(spots, minutes, strict=True)
        ]

    one_by_one = _partition(app, clock, reports(0), together=False)
    assert 3 < len(one_by_one) < 100  # some joined, some did not: the comparison means something
    assert _partition(app, clock, reports(60), together=True) == one_by_one
