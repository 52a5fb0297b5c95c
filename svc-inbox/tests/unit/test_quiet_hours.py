"""Quiet hours in WITA hold SMS and e-mail back; urgent alerts pass."""

import datetime as dt

import pytest
from gorontalo_inbox.domain.quiet_hours import WITA, overrides_quiet_hours, release_time


def wita(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=WITA)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (wita(10, 21, 59), None),
        (wita(10, 22, 0), wita(11, 6, 0)),  # over midnight: released the next morning
        (wita(10, 23, 30), wita(11, 6, 0)),
        (wita(11, 2, 15), wita(11, 6, 0)),  # after midnight: released the same morning
        (wita(11, 6, 0), None),
        (wita(11, 12, 0), None),
    ],
)
def test_a_window_over_midnight(now, expected):
    released = release_time(now.astimezone(dt.UTC), "22:00", "06:00")
    assert released == (expected.astimezone(dt.UTC) if expected else None)


def test_a_window_within_one_day_and_no_window():
    assert release_time(wita(10, 13, 30).astimezone(dt.UTC), "13:00", "15:00") == wita(10, 15).astimezone(dt.UTC)
    assert release_time(wita(10, 15, 0).astimezone(dt.UTC), "13:00", "15:00") is None
    assert release_time(wita(10, 23).astimezone(dt.UTC), "", "") is None
    assert release_time(wita(10, 23).astimezone(dt.UTC), "06:00", "06:00") is None


def test_the_window_is_read_on_wita_clocks_not_utc():
    # 15:30 UTC is 23:30 WITA: quiet, although 15:30 is outside 22:00-06:00 on a UTC clock.
    now = dt.datetime(2026, 3, 10, 15, 30, tzinfo=dt.UTC)
    assert release_time(now, "22:00", "06:00") == dt.datetime(2026, 3, 10, 22, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("severity", "urgency", "passes"),
    [
        ("Extreme", "Expected", True),
        ("Severe", "Future", True),
        ("Moderate", "Immediate", True),
        ("Moderate", "Expected", False),
        ("Minor", "Future", False),
        ("Unknown", "Unknown", False),
    ],
)
def test_urgent_alerts_are_never_held(severity, urgency, passes):
    assert overrides_quiet_hours(severity, urgency) is passes
