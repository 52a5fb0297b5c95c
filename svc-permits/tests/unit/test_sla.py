"""The SLA clock: working days in WITA, skipping weekends and Indonesian public holidays."""

import datetime as dt

import pytest

from gorontalo_permits.domain import sla

UTC = dt.UTC


def test_weekends_and_public_holidays_are_not_working_days():
    assert sla.is_working_day(dt.date(2026, 8, 14))  # Friday
    assert not sla.is_working_day(dt.date(2026, 8, 15))  # Saturday
    assert not sla.is_working_day(dt.date(2026, 8, 16))  # Sunday
    assert not sla.is_working_day(dt.date(2026, 8, 17))  # Monday, Hari Kemerdekaan
    assert not sla.is_working_day(dt.date(2026, 1, 1))  # Tahun Baru
    assert not sla.is_working_day(dt.date(2026, 12, 25))  # Natal
    assert sla.is_working_day(dt.date(2026, 8, 18))


def test_adding_working_days_skips_a_long_weekend():
    # Friday 14 August 2026 + 1 working day: Sat, Sun and the Monday holiday are skipped.
    assert sla.add_working_days(dt.date(2026, 8, 14), 1) == dt.date(2026, 8, 18)
    assert sla.add_working_days(dt.date(2026, 8, 14), 5) == dt.date(2026, 8, 24)
    assert sla.add_working_days(dt.date(2026, 8, 14), 0) == dt.date(2026, 8, 14)
    with pytest.raises(ValueError):
        sla.add_working_days(dt.date(2026, 8, 14), -1)


def test_the_day_is_taken_in_gorontalo_time():
    # 16:30 UTC on Sunday is 00:30 WITA on Monday.
    assert sla.local_date(dt.datetime(2025, 3, 2, 16, 30, tzinfo=UTC)) == dt.date(2025, 3, 3)
    assert sla.local_date(dt.datetime(2025, 3, 2, 15, 59, tzinfo=UTC)) == dt.date(2025, 3, 2)
    # Submitted Monday 3 March 2025 (WITA): 5 working days later is Monday 10 March.
    assert sla.due_date(dt.datetime(2025, 3, 3, 1, 30, tzinfo=UTC), 5) == dt.date(2025, 3, 10)


def test_working_days_between_counts_after_the_start_up_to_the_end():
    assert sla.working_days_between(dt.date(2026, 8, 14), dt.date(2026, 8, 18)) == 1
    assert sla.working_days_between(dt.date(2026, 8, 18), dt.date(2026, 8, 18)) == 0
    assert sla.working_days_between(dt.date(2026, 8, 18), dt.date(2026, 8, 14)) == 0


def test_paused_days_move_the_due_date():
    submitted = dt.datetime(2025, 3, 3, 1, 30, tzinfo=UTC)
    assert sla.due_date(submitted, 5, paused_working_days=2) == dt.date(2025, 3, 12)


def test_working_days_left_counts_to_the_due_day_and_below_zero_after_it():
    due = dt.date(2026, 8, 18)  # Tuesday after the 17 August holiday
    assert sla.working_days_left(dt.date(2026, 8, 18), due) == 0
    assert sla.working_days_left(dt.date(2026, 8, 14), due) == 1  # Fri: Sat, Sun, the holiday skipped
    assert sla.working_days_left(dt.date(2026, 8, 13), due) == 2
    assert sla.working_days_left(dt.date(2026, 8, 19), due) == -1
    assert sla.working_days_left(dt.date(2026, 8, 22), due) == -3  # Saturday: Wed, Thu, Fri past it
