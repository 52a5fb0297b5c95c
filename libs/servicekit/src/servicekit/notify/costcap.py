"""A daily cost cap on SMS, per phone and per sender: the guard against SMS pumping.

An attacker who can make a service text any number (sign-up codes, password resets) can run up the
bill with premium numbers. Each SMS a sender is about to send is counted against two daily limits
(servicekit.ratelimit, so every replica counts together in Redis): one per destination phone, one for
the sender as a whole. Over either, the message is not sent (the delivery is marked `capped`) and
`gorontalo_sms_cost_cap_reached_total` rises, which the SmsCostCapReached alert watches.
Limit keys are hashed by RateLimits: the number is never written to Redis.
"""

from __future__ import annotations

import logging

import limits
from prometheus_client import Counter

from .. import config
from ..ratelimit import RateLimits
from .transports import SMS

log = logging.getLogger(__name__)

DEFAULT_PER_PHONE = "10/day"
DEFAULT_PER_SENDER = "5000/day"
PHONE, SENDER = "phone", "sender"

CAP_REACHED = Counter(
    "gorontalo_sms_cost_cap_reached_total",
    "SMS not sent because a daily cost cap was reached, by sending service and scope (phone or sender).",
    ["sender", "scope"],
)


class CostCapReached(Exception):
    """The daily cap of `scope` ("phone" or "sender") is reached: this SMS must not be sent today."""

    def __init__(self, scope: str):
        super().__init__(f"SMS daily cost cap reached ({scope})")
        self.scope = scope


class CostCap:
    def __init__(self, rate_limits: RateLimits, sender: str, *, per_phone: str, per_sender: str):
        for rule in (per_phone, per_sender):
            limits.parse(rule)  # a typo in the configuration fails at start, not at the first SMS
        self.rate_limits, self.sender = rate_limits, sender
        self.per_phone, self.per_sender = per_phone, per_sender

    def admit(self, channel: str, destination: str) -> None:
        """Count one message about to be sent; CostCapReached when it would exceed a cap. E-mail is free."""
        if channel != SMS:
            return
        # The phone first: one pumped number must not use up the budget of the whole sender.
        checks = (
            (PHONE, f"sms_cost_cap_phone:{self.sender}", self.per_phone, destination),
            (SENDER, f"sms_cost_cap_sender:{self.sender}", self.per_sender, self.sender),
        )
        for scope, name, rule, key in checks:
            if self.rate_limits.hit(name, rule, key) is not None:
                CAP_REACHED.labels(self.sender, scope).inc()
                log.warning("SMS cost cap of %s reached (scope %s): message not sent", self.sender, scope)
                raise CostCapReached(scope)


def cost_cap_from_env(rate_limits: RateLimits, sender: str) -> CostCap:
    """SMS_DAILY_CAP_PER_PHONE (default 10/day) and SMS_DAILY_CAP_PER_SENDER (default 5000/day)."""
    return CostCap(
        rate_limits,
        sender,
        per_phone=config.env("SMS_DAILY_CAP_PER_PHONE", DEFAULT_PER_PHONE),
        per_sender=config.env("SMS_DAILY_CAP_PER_SENDER", DEFAULT_PER_SENDER),
    )
