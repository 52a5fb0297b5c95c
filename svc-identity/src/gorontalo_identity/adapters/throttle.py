"""Failure budgets on servicekit.ratelimit's shared storage (Redis for every replica and worker).

Identity's secret checks (log-in, the register check at sign-up) count *failures*, not requests:
a resident who types the right password is never counted, so thousands of phones behind one
carrier address do not use up each other's budget, while someone spraying guesses does. Once a
budget is spent the request is refused *before* the secret is checked, otherwise a right guess
would still answer 200 and the limit would only hide wrong ones.

`limits` can test a budget without spending it; servicekit's RateLimits only offers hit-and-test,
so this adapter uses its storage, namespace and strategy directly, with keys of its own.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable

import limits

from servicekit.ratelimit import RateLimits, Refusal

log = logging.getLogger(__name__)


class FailureThrottle:
    """service_layer.throttling.Throttle on shared storage; budgets are throttling.Budget."""

    def __init__(self, rate_limits: RateLimits, keyed_hash: Callable[[str], str]):
        # keyed_hash: a keyed hash (the PII index key), so a NIK or an address is never stored as is
        # and a stolen Redis dump cannot confirm a guessed NIK offline.
        self.rate_limits = rate_limits
        self.keyed_hash = keyed_hash

    def _each(self, budgets):
        for budget in budgets:
            if not budget.key:
                continue
            identifier = self.keyed_hash(f"{budget.name}\x00{budget.key}")[:32]
            for item in limits.parse_many(budget.rule):
                yield budget, item, identifier

    def refusal(self, budgets) -> Refusal | None:
        """The first spent budget (not spending anything), or None."""
        limiter, namespace = self.rate_limits.limiter, self.rate_limits.namespace
        try:
            for budget, item, identifier in self._each(budgets):
                if not limiter.test(item, namespace, budget.name, identifier):
                    reset_at, _ = limiter.get_window_stats(item, namespace, budget.name, identifier)
                    return Refusal(budget.name, max(1, math.ceil(reset_at - time.time())))
        except Exception as error:  # noqa: BLE001 - a failing storage must not lock every resident out: admit, and say so
            log.warning("rate limit storage failed; request admitted: %s", type(error).__name__)
        return None

    def record_failure(self, budgets) -> None:
        limiter, namespace = self.rate_limits.limiter, self.rate_limits.namespace
        try:
            for budget, item, identifier in self._each(budgets):
                limiter.hit(item, namespace, budget.name, identifier)
        except Exception as error:  # noqa: BLE001 - a failing storage must not lock residents out
            log.warning("rate limit storage failed; failure not counted: %s", type(error).__name__)
