"""How the console reads a complaint's deadlines: late, met, or still running."""

from __future__ import annotations

import datetime as dt

from gorontalo_web.staff.complaints_common import deadline_of

PAST = "2026-01-05T16:00:00Z"
FUTURE = (dt.datetime.now(dt.UTC) + dt.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_a_waiting_complaint_past_its_disposition_deadline_is_late():
    assert deadline_of({"status": "received", "disposition_due_at": PAST}, "disposition") == {
        "due": PAST,
        "late": True,
        "met": False,
    }


def test_still_running_is_neither_late_nor_met():
    found = deadline_of({"status": "dispositioned", "first_response_due_at": FUTURE}, "first_response")
    assert found == {"due": FUTURE, "late": False, "met": False}


def test_answered_in_time_is_met_and_answered_late_is_late():
    on_time = {"status": "in_progress", "first_response_due_at": PAST, "first_response_at": "2026-01-05T15:59:00Z"}
    assert deadline_of(on_time, "first_response")["met"] is True
    late = on_time | {"first_response_at": "2026-01-06T01:00:00Z"}
    assert deadline_of(late, "first_response") == {"due": PAST, "late": True, "met": False}


def test_a_breach_the_platform_recorded_is_late_and_finished_ones_do_not_turn_late():
    assert deadline_of({"status": "in_progress", "breached_deadlines": ["first_response"]}, "first_response")["late"]
    rejected = {"status": "rejected", "disposition_due_at": PAST}
    assert deadline_of(rejected, "disposition") == {"due": PAST, "late": False, "met": False}
    assert deadline_of({"status": "received"}, "disposition") == {"due": "", "late": False, "met": False}
