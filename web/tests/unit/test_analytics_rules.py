"""The worsening rule of /operator/analitik (staff/analytics_rules.py): a planted drift and a planted
jump are flagged, steady, noisy-but-steady, improving and too-small series are not."""

from __future__ import annotations

import math
import random

import pytest
from gorontalo_web.staff import analytics_rules
from gorontalo_web.staff.analytics_rules import Month, assess


def series(breached: list[int], received: int | list[int] = 20) -> list[Month]:
    counts = received if isinstance(received, list) else [received] * len(breached)
    return [Month(f"2026-{i + 1:02d}", n, b) for i, (b, n) in enumerate(zip(breached, counts, strict=True))]


def test_a_slow_drift_is_flagged_as_a_drift():
    # 10 % of deadlines breached, then two points more every month: never a jump in one month.
    drifting = series([2, 2, 3, 3, 4, 4, 5, 6, 6, 7, 8, 8])
    flag = assess(drifting)
    assert flag is not None and flag.kind == "drift"
    assert flag.last_month == "2026-12" and flag.last_share == pytest.approx(0.4)
    assert flag.score > analytics_rules.K_TREND
    assert flag.slope_per_month == pytest.approx(0.0283, abs=0.002)
    assert flag.months == 12


def test_a_jump_in_the_last_month_is_flagged_as_a_jump():
    flag = assess(series([2, 3, 2, 2, 3, 2, 2, 12]))
    assert flag is not None and flag.kind == "jump"
    assert flag.baseline_share == pytest.approx(16 / 140)
    assert flag.score > analytics_rules.K_JUMP


def test_a_steady_agency_is_not_flagged():
    assert assess(series([3] * 12)) is None
    assert assess(series([0] * 12)) is None  # never late
    assert assess(series([20] * 12)) is None  # always late is bad, but not getting worse


def test_noise_around_a_steady_level_is_not_flagged():
    generator = random.Random(16)
    for _ in range(200):
        breached = [sum(generator.random() < 0.15 for _ in range(20)) for _ in range(12)]
        assert assess(series(breached)) is None, breached


def test_one_extra_late_complaint_in_a_small_month_is_chance_not_a_jump():
    # One in six every month, then two in six: the chance spread of six complaints covers it.
    assert assess(series([1, 1, 1, 1, 1, 1, 1, 2], received=6)) is None


def test_an_improving_agency_is_not_flagged():
    assert assess(series([9, 8, 8, 7, 6, 6, 5, 4, 4, 3, 2, 2])) is None


def test_too_little_history_or_too_few_complaints_is_not_judged():
    assert assess(series([1, 1, 1, 15])) is None  # three earlier months: fewer than MIN_HISTORY
    assert assess(series([0, 0, 0, 0, 0, 4], received=[20, 20, 20, 20, 20, 4])) is None  # 4 < MIN_CASES
    # Months without complaints are left out of the comparison, not read as "no breach".
    gaps = [Month("2026-01", 0, 0), *series([2, 2, 2, 2, 2, 14])]
    assert assess(gaps).kind == "jump"


def test_the_trend_is_ordinary_least_squares():
    slope, error = analytics_rules.trend([1.0, 2.0, 3.0, 4.0])
    assert (slope, error) == (1.0, 0.0)
    slope, error = analytics_rules.trend([0.0, 1.0, 0.0, 1.0])
    assert slope == pytest.approx(0.2) and error == pytest.approx(math.sqrt(0.8 / 2 / 5))
