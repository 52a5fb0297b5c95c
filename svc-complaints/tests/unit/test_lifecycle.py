"""Domain rules of follow-up: working days, transitions, deadlines, the routing table."""

import datetime as dt

import pytest

from gorontalo_complaints.domain import lifecycle, model, routing, workdays
from servicekit.errors import FailedPrecondition, InvalidArgument

UTC = dt.UTC
WITA = workdays.WITA


def complaint(**overrides):
    fields = dict(
        id="c-1",
        tracking_code="GTO-7K3Q-95",
        reporter_id="citizen-a",
        category="jalan_rusak",
        title="Jalan rusak",
        description="Lubang besar di jalan.",
        latitude=None,
        longitude=None,
        region_code="75.71.01",
        privacy="biasa",
        channel="web",
        status="received",
        filed_at=dt.datetime(2025, 3, 10, 1, 0, tzinfo=UTC),
    )  # Monday 09:00 WITA
    fields.update(overrides)
    return model.Complaint(**fields)


def test_working_days_skip_weekends():
    friday = dt.datetime(2025, 3, 7, 9, 0, tzinfo=WITA)
    # Mon 10, Tue 11, Wed 12 -> due at the end of Wednesday, WITA
    assert workdays.add_working_days(friday, 3) == dt.datetime(2025, 3, 13, 0, 0, tzinfo=WITA)


def test_working_days_skip_indonesian_public_holidays():
    assert not workdays.is_working_day(dt.date(2025, 8, 17))  # Hari Kemerdekaan (a Sunday anyway)
    assert not workdays.is_working_day(dt.date(2025, 3, 31))  # Idul Fitri 1446 H, a Monday
    assert not workdays.is_working_day(dt.date(2025, 12, 25))  # Christmas, a Thursday
    wednesday = dt.datetime(2025, 12, 24, 10, 0, tzinfo=WITA)
    # Thu 25 holiday, Fri 26 (cuti bersama per the package or not) counted only if a working day
    expected_days = [
        d
        for d in (
            dt.date(2025, 12, 26),
            dt.date(2025, 12, 29),
            dt.date(2025, 12, 30),
            dt.date(2025, 12, 31),
            dt.date(2026, 1, 2),
        )
        if workdays.is_working_day(d)
    ][:2]
    due = workdays.add_working_days(wednesday, 2)
    assert due == dt.datetime.combine(expected_days[-1] + dt.timedelta(days=1), dt.time(0), tzinfo=WITA)


def test_local_date_counts_not_utc_date():
    # 23:30 UTC Sunday is already Monday 07:30 in Makassar: Monday is the receipt day, not a counted day.
    sunday_utc = dt.datetime(2025, 3, 9, 23, 30, tzinfo=UTC)
    assert workdays.add_working_days(sunday_utc, 1) == dt.datetime(2025, 3, 12, 0, 0, tzinfo=WITA)


def test_transitions_follow_the_state_machine():
    c = complaint()
    lifecycle.disposition(c, category="jalan_rusak", agency_code="dinas-pupr-7571", agency_name="PUPR", now=c.filed_at)
    assert (c.status, c.agency_code, c.needs_dispatch) == ("dispositioned", "dinas-pupr-7571", False)
    with pytest.raises(FailedPrecondition) as caught:
        lifecycle.move(c, lifecycle.CLOSED)
    assert caught.value.reason == "status_transition_invalid"
    lifecycle.move(c, lifecycle.IN_PROGRESS)
    lifecycle.resolve(c, c.filed_at + dt.timedelta(days=1))
    assert c.status == "resolved" and c.first_response_at == c.resolved_at
    with pytest.raises(InvalidArgument):
        lifecycle.rate(c, 6, "", c.resolved_at)
    lifecycle.rate(c, 5, "Cepat", c.resolved_at)
    assert (c.status, c.rating) == ("closed", 5)
    with pytest.raises(FailedPrecondition):
        lifecycle.rate(c, 4, "", c.resolved_at)


def test_reopen_only_within_the_confirmation_window():
    c = complaint(status="resolved", resolved_at=dt.datetime(2025, 3, 10, 1, 0, tzinfo=UTC))
    due = lifecycle.auto_close_due(c)
    assert due == dt.datetime(2025, 3, 25, 0, 0, tzinfo=WITA)  # 10 working days, no holiday in between
    late = complaint(status="resolved", resolved_at=c.resolved_at)
    with pytest.raises(FailedPrecondition) as caught:
        lifecycle.reopen(late, due)
    assert caught.value.reason == "reopen_window_over"
    lifecycle.reopen(c, due - dt.timedelta(minutes=1))
    assert c.status == "reopened" and c.resolved_at is None


def test_breaches_are_found_once_each():
    c = complaint()
    due = lifecycle.disposition_due(c)
    assert lifecycle.breaches_due(c, due - dt.timedelta(seconds=1)) == []
    assert lifecycle.breaches_due(c, due) == [("disposition", due)]
    c.breached_deadlines = ("disposition",)
    assert lifecycle.breaches_due(c, due + dt.timedelta(days=30)) == []
    lifecycle.disposition(c, category="jalan_rusak", agency_code="a-b-c", agency_name="ABC", now=due)
    response_due = lifecycle.first_response_due(c)
    assert lifecycle.breaches_due(c, response_due) == [("first_response", response_due)]
    lifecycle.mark_first_response(c, response_due - dt.timedelta(hours=1))
    assert lifecycle.breaches_due(c, response_due + dt.timedelta(days=5)) == []


def test_routing_table_and_entry_validation():
    table = routing.RoutingTable.from_json(
        '{"entries": [{"category": "sampah", "regency_code": "7571", '
        '"agency_code": "dlh-7571", "agency_name": "DLH Kota"}]}'
    )
    assert table.lookup("sampah", "75.71") == routing.Agency("dlh-7571", "DLH Kota")
    assert table.lookup("sampah", "75.04") is None
    entry = routing.validate_entry(
        category="sampah",
        regency_code="7504",
        agency_code="dlh-7504",
        agency_name="  DLH   Pohuwato ",
        categories=model.CATEGORIES,
    )
    assert (entry.regency_code, entry.agency.name) == ("75.04", "DLH Pohuwato")
    with pytest.raises(InvalidArgument) as caught:
        routing.validate_entry(
            category="x", regency_code="75.71.01", agency_code="Dinas PU", agency_name="", categories=model.CATEGORIES
        )
    assert {(v.field, v.reason) for v in caught.value.violations} == {
        ("category", "not_one_of"),
        ("regency_code", "regency_unknown"),
        ("agency_code", "agency_code_invalid"),
        ("agency_name", "required"),
    }


def test_filing_without_a_category_is_valid_now():
    filing = model.validate_filing(
        category="",
        title="Lampu jalan mati",
        description="Gelap total sejak minggu lalu.",
        latitude=0,
        longitude=0,
        region_code="75.71.01",
        privacy="",
        channel="",
    )
    assert filing.category == ""
