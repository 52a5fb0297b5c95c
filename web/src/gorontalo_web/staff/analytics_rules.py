"""The stated rule that flags an agency or a place getting worse (pure functions, no I/O).

A series is one agency's (or one regency's) complaints month by month: how many came in and how many
breached a deadline. Its monthly breach share is breached / received (months without complaints are
left out). The series is flagged when, with at least MIN_CASES complaints in its last month and at
least MIN_HISTORY earlier months to compare with, either

1. **a jump**: the last month's share lies more than K_JUMP standard deviations above the mean of its
   own earlier months. The standard deviation is the larger of the earlier months' own spread and the
   spread chance alone gives a share of that many complaints (sqrt(p(1-p)/n), p the earlier mean, n
   the last month's complaints): one extra late complaint in a small month is not a jump; or
2. **a drift**: the least-squares trend of the monthly shares rises by more than K_TREND standard
   errors of its slope (t > K_TREND), and by at least MIN_RISE over the months shown: a slow slide
   that never jumps in one month, which a jump test misses because the slide widens its own spread.
   The slope's standard error is at least the one chance alone gives (the shares' binomial spread at
   the series' overall share and typical month size), so a noisy small series does not trend by luck.

Improving series are never flagged. Each flag carries the figures behind it, so the page can say in
words why it was raised.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

K_JUMP = 3.0
K_TREND = 3.0
MIN_HISTORY = 4
MIN_CASES = 5
MIN_RISE = 0.10  # ten percentage points over the months shown


@dataclasses.dataclass(frozen=True)
class Month:
    month: str  # YYYY-MM
    received: int
    breached: int

    @property
    def share(self) -> float:
        return self.breached / self.received if self.received else 0.0


@dataclasses.dataclass(frozen=True)
class Flag:
    kind: str  # "jump" or "drift"
    last_month: str
    last_share: float
    baseline_share: float  # mean share of the earlier months
    spread: float  # the standard deviation used (jump) or the slope's standard error (drift)
    score: float  # standard deviations (jump) or t statistic of the slope (drift)
    slope_per_month: float  # least-squares rise of the share per month
    months: int  # months with complaints that were compared


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _sd(values: Sequence[float]) -> float:
    if len(values) < 2:
        return 0.0
    mean = _mean(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))


def trend(values: Sequence[float]) -> tuple[float, float]:
    """(slope per step, standard error of the slope) of an ordinary least-squares line."""
    n = len(values)
    xs = range(n)
    x_mean, y_mean = (n - 1) / 2, _mean(values)
    sxx = sum((x - x_mean) ** 2 for x in xs)
    slope = sum((x - x_mean) * (y - y_mean) for x, y in zip(xs, values, strict=True)) / sxx
    if n < 3:
        return slope, math.inf
    residuals = sum((y - (y_mean + slope * (x - x_mean))) ** 2 for x, y in zip(xs, values, strict=True))
    return slope, math.sqrt(residuals / (n - 2) / sxx)


def assess(series: Sequence[Month]) -> Flag | None:
    """The flag of one series (months in order), or None when it is steady, improving or too small."""
    months = [m for m in series if m.received > 0]
    if len(months) < MIN_HISTORY + 1 or months[-1].received < MIN_CASES:
        return None
    last, earlier = months[-1], months[:-1]
    shares = [m.share for m in months]
    baseline = _mean([m.share for m in earlier])
    chance = math.sqrt(baseline * (1 - baseline) / last.received)
    spread = max(_sd([m.share for m in earlier]), chance, 1e-9)
    jump = (last.share - baseline) / spread
    slope, error = trend(shares)
    # As for the jump, chance alone scatters shares of few complaints: the slope's error is at least
    # what that scatter gives a line through these months.
    overall = sum(m.breached for m in months) / sum(m.received for m in months)
    typical = sum(m.received for m in months) / len(months)
    x_mean = (len(months) - 1) / 2
    sxx = sum((x - x_mean) ** 2 for x in range(len(months)))
    error = max(error, math.sqrt(overall * (1 - overall) / typical / sxx))
    t = slope / error if error > 0 else (math.inf if slope > 0 else 0.0)
    rise = slope * (len(shares) - 1)
    if jump > K_JUMP:
        return Flag("jump", last.month, last.share, baseline, spread, jump, slope, len(months))
    if t > K_TREND and rise >= MIN_RISE and last.share > baseline:
        return Flag("drift", last.month, last.share, baseline, error, t, slope, len(months))
    return None
