"""Use cases against an in-memory unit of work: fast, no database."""

import itertools

import pytest
from prometheus_client import REGISTRY

from gorontalo_complaints.domain import tracking
from gorontalo_complaints.service_layer import services
from servicekit import paging
from servicekit.auth import Principal
from servicekit.errors import InvalidArgument, NotFound, PermissionDenied, ServiceError

ALICE = Principal(subject="citizen-a", role="citizen")
BOB = Principal(subject="citizen-b", role="citizen")
OFFICER = Principal(subject="officer-1", role="officer", agency="DPUPR", jurisdiction=("75.71",))


def codes(*bodies):
    """A tracking-code generator that hands out the given bodies in order."""
    queue = iter(bodies)
    return lambda: tracking.format_code(next(queue))


def file(uow, clock, principal=ALICE, new_code=tracking.generate, **overrides):
    fields = dict(
        category="lampu_jalan",
        title="Lampu jalan mati",
        description="Sudah seminggu gelap total.",
        latitude=0.0,
        longitude=0.0,
        region_code="75.71.01",
        privacy="",
        channel="",
    )
    fields.update(overrides)
    return services.file_complaint(uow, clock, new_code, principal, **fields)


def filed_count(category, channel):
    return (
        REGISTRY.get_sample_value("gorontalo_complaints_filed_total", {"category": category, "channel": channel}) or 0
    )


def test_filing_stores_the_complaint_and_records_one_event(fake_uow, clock):
    before = filed_count("lampu_jalan", "sms")
    view = file(fake_uow, clock, channel="sms")
    assert view.status == "received" and view.filed_at == clock.now and view.privacy == "biasa"
    stored = fake_uow.committed_rows[view.id]
    assert stored.reporter_id == "citizen-a" and stored.tracking_code == view.tracking_code
    [(type_, data, subject)] = fake_uow.committed_events
    assert type_ == "gorontalo.complaints.complaint.filed" and subject == view.id
    assert data["tracking_code"] == view.tracking_code and data["region_code"] == "75.71.01"
    assert filed_count("lampu_jalan", "sms") == before + 1


def test_a_colliding_tracking_code_is_replaced(fake_uow, clock):
    first = file(fake_uow, clock, new_code=codes("AAAAA"))
    second = file(fake_uow, clock, new_code=codes("AAAAA", "AAAAA", "BBBBB"))
    assert first.tracking_code == tracking.format_code("AAAAA")
    assert second.tracking_code == tracking.format_code("BBBBB")
    assert len(fake_uow.committed_rows) == 2


def test_giving_up_after_repeated_collisions_keeps_nothing(fake_uow, clock):
    file(fake_uow, clock, new_code=codes("AAAAA"))
    with pytest.raises(ServiceError) as caught:
        file(fake_uow, clock, new_code=lambda: tracking.format_code("AAAAA"))
    assert caught.value.reason == "tracking_code_exhausted"
    assert len(fake_uow.committed_rows) == 1 and len(fake_uow.committed_events) == 1


def test_invalid_filing_changes_nothing(fake_uow, clock):
    with pytest.raises(InvalidArgument):
        file(fake_uow, clock, region_code="", title="")
    assert not fake_uow.committed_rows and not fake_uow.committed_events


def test_only_citizens_file_or_list(fake_uow, clock):
    with pytest.raises(PermissionDenied):
        file(fake_uow, clock, principal=OFFICER)
    with pytest.raises(PermissionDenied):
        services.list_my_complaints(fake_uow, OFFICER, page_size=0, page_token="")


def test_lookup_by_any_typed_form(fake_uow, clock):
    view = file(fake_uow, clock)
    typed = view.tracking_code.lower().replace("-", "")
    assert services.get_complaint(fake_uow, None, typed).tracking_code == view.tracking_code


def test_lookup_refuses_malformed_and_reports_unknown(fake_uow, clock):
    with pytest.raises(InvalidArgument) as caught:
        services.get_complaint(fake_uow, None, "GTO-7K3Q-94")
    assert [(v.field, v.reason) for v in caught.value.violations] == [("tracking_code", "tracking_code_invalid")]
    with pytest.raises(InvalidArgument) as caught:
        services.get_complaint(fake_uow, None, "")
    assert caught.value.violations[0].reason == "required"
    with pytest.raises(NotFound):
        services.get_complaint(fake_uow, None, "GTO-7K3Q-95")


def test_confidential_complaint_shows_others_its_status_only(fake_uow, clock):
    code = file(fake_uow, clock, privacy="rahasia").tracking_code
    mine = services.get_complaint(fake_uow, ALICE, code)
    assert mine.title == "Lampu jalan mati" and mine.description
    for viewer in (None, BOB, OFFICER):
        seen = services.get_complaint(fake_uow, viewer, code)
        assert (seen.title, seen.description, seen.category, seen.status) == ("", "", "", "received")


def test_list_shows_only_own_complaints_newest_first_in_pages(fake_uow, clock):
    mine = []
    for n in range(5):
        mine.append(file(fake_uow, clock, title=f"Pengaduan nomor {n}").tracking_code)
        file(fake_uow, clock, principal=BOB)
        clock.advance(minutes=1)
    seen, token = [], ""
    for _ in itertools.count():
        page = services.list_my_complaints(fake_uow, ALICE, page_size=2, page_token=token)
        seen += [view.tracking_code for view in page.complaints]
        token = page.next_page_token
        if not token:
            break
    assert seen == list(reversed(mine))
    assert all(view.id for view in services.list_my_complaints(fake_uow, ALICE, page_size=0, page_token="").complaints)


def test_list_reports_both_paging_problems(fake_uow):
    with pytest.raises(InvalidArgument) as caught:
        services.list_my_complaints(fake_uow, ALICE, page_size=-1, page_token="%%%")
    assert {v.field for v in caught.value.violations} == {"page_size", "page_token"}
    assert (
        services.list_my_complaints(fake_uow, ALICE, page_size=paging.MAX_PAGE_SIZE + 50, page_token="").complaints
        == []
    )
