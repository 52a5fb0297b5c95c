"""Per-client cap on unauthenticated payment notifications, counted in the shared Redis.

Refusals are stored for the treasury; without a cap, anyone could fill that table with forged
requests. Only notifications that fail authentication count, so a channel that signs correctly is
never slowed down, even behind a shared address. Counted by servicekit.ratelimit, so every replica
of tax shares one count (it used to be each process's memory).
"""

from __future__ import annotations

from servicekit.ratelimit import RateLimits


class RefusalLimiter:
    def __init__(self, limits: RateLimits, per_minute: int):
        self.limits = limits
        self.rule = f"{per_minute}/minute"

    def refused_for(self, address: str) -> int | None:
        """Count one refusal for `address`; the seconds to wait once it is over the cap, else None."""
        refusal = self.limits.hit("payment_notification_refusals", self.rule, address or "-")
        return refusal.retry_after if refusal is not None else None
