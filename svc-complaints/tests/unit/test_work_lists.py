"""The use cases that list complaints, run on the in-memory unit of work: the repository answers named
questions (agency_inbox, awaiting_dispatch, public, ...) instead of taking SQL conditions, so who sees
what is checked here without a database."""

import datetime as dt

import pytest

from gorontalo_complaints.domain import model
from gorontalo_complaints.service_layer import escalations, public, public_stats, queues
from gorontalo_complaints.service_layer.access import Staff
from servicekit.auth import Principal
from servicekit.errors import InvalidArgument, PermissionDenied

PUPR = Principal(subject="pupr-1", role="officer", agency="dinas-pupr-7571", jurisdiction=("75.71",))
DISPATCHER_GORUT = Principal(subject="disp-9", role="officer", agency="diskominfo-75", jurisdiction=("75.05",))
ADMIN = Principal(subject="admin-1", role="admin")  # no jurisdiction claim: province-wide
T0 = dt.datetime(2025, 3, 10, 1, 0, tzinfo=dt.UTC)


def stored(fake_uow, n: int, **fields) -> model.Complaint:
    values = dict(
        id=f"c-{n}",
        tracking_code=f"GTO-{n:04d}-AA",
        reporter_id="citizen-a",
        category="jalan_rusak",
        title=f"Jalan rusak ke-{n}",
        description="Lubang besar di tengah jalan.",
        latitude=0.5435,
        longitude=123.0568,
        region_code="75.71.01",
        privacy="biasa",
        channel="web",
        status="dispositioned",
        filed_at=T0 + dt.timedelta(hours=n),
        agency_code="dinas-pupr-7571",
    )
    values.update(fields)
    complaint = model.Complaint(**values)
    fake_uow.committed_rows[complaint.id] = complaint
    return complaint


def codes(page) -> list[str]:
    return [view.tracking_code for view in page.complaints]


def test_the_agency_inbox_is_its_own_within_its_jurisdiction_oldest_first(fake_uow):
    newer, older = stored(fake_uow, 2), stored(fake_uow, 1, status="in_progress")
    stored(fake_uow, 3, agency_code="dlh-7571")  # another agency
    stored(fake_uow, 4, region_code="75.04.01")  # the same agency elsewhere
    stored(fake_uow, 5, region_code="75.711.01")  # a code that only starts like 75.71
    assert codes(queues.agency_inbox(fake_uow, PUPR)) == [older.tracking_code, newer.tracking_code]
    assert codes(queues.agency_inbox(fake_uow, PUPR, status="in_progress")) == [older.tracking_code]
    with pytest.raises(InvalidArgument):
        queues.agency_inbox(fake_uow, PUPR, status="lost")


def test_the_dispatch_queue_holds_waiting_complaints_in_scope_and_the_unlocated(fake_uow):
    waiting = dict(status="received", needs_dispatch=True, agency_code="")
    gorut = stored(fake_uow, 1, region_code="75.05.02", **waiting)
    unlocated = stored(fake_uow, 2, region_code="", **waiting)
    kota = stored(fake_uow, 3, region_code="75.71.01", **{**waiting, "status": "verified"})
    stored(fake_uow, 4, region_code="75.05.02")  # already routed
    staff = Staff()
    assert codes(queues.dispatch_queue(fake_uow, staff, DISPATCHER_GORUT)) == [
        gorut.tracking_code,
        unlocated.tracking_code,
    ]
    assert codes(queues.dispatch_queue(fake_uow, staff, ADMIN)) == [
        gorut.tracking_code,
        unlocated.tracking_code,
        kota.tracking_code,
    ]
    with pytest.raises(PermissionDenied):
        queues.dispatch_queue(fake_uow, staff, PUPR)


def test_the_public_listing_never_shows_a_confidential_complaint_and_filters_by_region(fake_uow):
    kota = stored(fake_uow, 1)
    stored(fake_uow, 2, privacy="rahasia")
    bone = stored(fake_uow, 3, region_code="75.03.01", category="sampah")
    assert codes(public.list_public(fake_uow)) == [bone.tracking_code, kota.tracking_code]  # newest first
    assert codes(public.list_public(fake_uow, region_code="7571")) == [kota.tracking_code]
    assert codes(public.list_public(fake_uow, category="sampah")) == [bone.tracking_code]
    assert codes(public.list_public(fake_uow, to_date="2025-03-09")) == []
    with pytest.raises(InvalidArgument):
        public.list_public(fake_uow, region_code="31.71")  # not Gorontalo


def test_nearby_and_the_figures_read_the_same_complaints(fake_uow):
    close = stored(fake_uow, 1, status="in_progress")
    stored(fake_uow, 2, latitude=0.60)  # kilometres away
    stored(fake_uow, 3, status="closed")  # no longer open
    [(view, distance)] = public.nearby(fake_uow, lat=0.5436, lon=123.0568, category="jalan_rusak")
    assert view.tracking_code == close.tracking_code and distance <= 20
    figures = public_stats.figures(
        fake_uow, lambda: T0 + dt.timedelta(days=1), from_date="2025-03-10", to_date="2025-03-10"
    )
    assert figures.total.received == 3


def test_escalations_are_for_agency_heads_and_dispatchers_only(fake_uow):
    with pytest.raises(PermissionDenied):
        escalations.list_escalations(fake_uow, Staff(), PUPR)
