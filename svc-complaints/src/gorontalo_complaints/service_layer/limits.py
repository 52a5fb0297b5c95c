"""Rate limits of svc-complaints, counted in one shared storage (servicekit.ratelimit).

The former limiter counted in one process's memory, so every replica (and every restart) had its own
count. Now every replica counts in the same Redis (REDIS_URL), under the stack's RATE_LIMIT_NAMESPACE.

- Filing without an account: per client address (the gateway's `x-client-address`). The per-contact
  limit stays a count of the database's own rows (exact, and shared by construction).
- Look-ups by tracking code (a complaint, its updates, its photos, Open311 requests by id): a caller
  without a token is limited per client address, a citizen per account. Tracking codes are short
  (32^5), so unlimited look-ups would let anyone enumerate them and learn that a `rahasia` complaint
  exists and how far it got. Staff are not limited: their tokens are issued to named officers.
  The address ceiling is the higher one: mobile carriers put many phones behind one address.
"""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import Counter

from servicekit.auth import Principal
from servicekit.errors import ResourceExhausted

REFUSED = Counter("gorontalo_complaints_rate_limited_total", "Requests refused by a rate limit, by limit.", ["limit"])
UNKNOWN_ADDRESS = "unknown"


@dataclass(frozen=True)
class LimitRules:
    """Rules in the `limits` notation ("10/hour"); read from the environment in bootstrap."""

    anonymous_filings_per_address: str = "10/hour"
    lookups_per_address: str = "60/minute"
    lookups_per_address_hourly: str = "1000/hour"
    lookups_per_account: str = "30/minute"


class Limiter:
    """Applies the complaints rules to a servicekit RateLimits (shared storage)."""

    def __init__(self, rate_limits, rules: LimitRules = LimitRules()):
        self.rate_limits = rate_limits
        self.rules = rules

    def anonymous_filing(self, client_address: str) -> None:
        refusal = self.rate_limits.hit_all(
            [
                (
                    "complaints.anonymous_filing.address",
                    self.rules.anonymous_filings_per_address,
                    client_address or UNKNOWN_ADDRESS,
                )
            ]
        )
        if refusal is not None:
            REFUSED.labels("anonymous_filing_address").inc()
            raise ResourceExhausted("anonymous_rate_limited", retry_after=refusal.retry_after)

    def lookup(self, principal: Principal | None, client_address: str, count: int = 1) -> None:
        """Count `count` look-ups by tracking code; ResourceExhausted (with Retry-After) past a limit.

        A reporter key (X-Reporter-Key) does not lift the address limit: any well-formed key is
        accepted as "some reporter", so it must not become a way around the limit.
        """
        keyless = principal is None or principal.subject.startswith("anonymous:")
        if keyless:
            address = client_address or UNKNOWN_ADDRESS
            checks = [
                ("complaints.lookup.address", self.rules.lookups_per_address, address),
                ("complaints.lookup.address_hourly", self.rules.lookups_per_address_hourly, address),
            ]
        elif principal.role == "citizen":
            checks = [("complaints.lookup.account", self.rules.lookups_per_account, principal.subject)]
        else:
            return
        for _ in range(max(1, count)):
            refusal = self.rate_limits.hit_all(checks)
            if refusal is not None:
                REFUSED.labels(refusal.name.rsplit(".", 1)[-1]).inc()
                raise ResourceExhausted(
                    "lookup_rate_limited", retry_after=refusal.retry_after, seconds=refusal.retry_after
                )
