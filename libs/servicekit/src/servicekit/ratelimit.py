"""Rate limits shared by every replica and worker: the `limits` library on one storage.

Three hand-written limiters each counted in one process's memory, so two gateway workers or two
replicas of a service doubled every limit. Here the counters live in Redis whenever one answers at
REDIS_URL (as `make run` and CI provide), and only fall back to this process's memory, with a
warning, when none does. A limit is written as `limits` parses it: "10/minute", "100/hour".

A caller is limited on every key it presents (its account or NIK, and its client address with a
higher ceiling, since mobile carriers put many phones behind one address): the first exhausted
limit refuses the request and says when to come back.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass

import limits
from limits import storage, strategies

from .errors import ResourceExhausted

log = logging.getLogger(__name__)

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def open_storage(redis_url: str | None) -> storage.Storage:
    """Redis at redis_url when it answers, else this process's memory (logged as a warning)."""
    if redis_url:
        try:
            shared = storage.storage_from_string(redis_url, socket_connect_timeout=1, socket_timeout=1)
            if shared.check():
                log.info("rate limits counted in Redis", extra={"storage": redis_url.split("@")[-1]})
                return shared
        except Exception as error:  # noqa: BLE001 - a missing or refusing Redis is an operating mode, not a crash
            log.warning("Redis unreachable for rate limits: %s", type(error).__name__)
    log.warning(
        "rate limits counted in this process's memory only: replicas and workers each count "
        "on their own (set REDIS_URL to a reachable Redis)"
    )
    return storage.MemoryStorage()


@dataclass(frozen=True)
class Refusal:
    """Which limit was exhausted and how many seconds until it admits again."""

    name: str
    retry_after: int


class RateLimits:
    """Named limits over one storage, moving-window (no burst at a window's edge)."""

    def __init__(self, store: storage.Storage, namespace: str):
        self.store = store
        self.namespace = namespace
        self.limiter = (
            strategies.MovingWindowRateLimiter(store)
            if _supports_moving_window(store)
            else strategies.SlidingWindowCounterRateLimiter(store)
        )

    def hit(self, name: str, rule: str, key: str) -> Refusal | None:
        """Count one request of `key` against `rule`; a Refusal when the limit is exhausted.

        Keys are hashed: a NIK or phone number used as a key is never written to the storage.
        """
        item = limits.parse(rule)
        identifier = hashlib.sha256(f"{name}\x00{key}".encode()).hexdigest()[:32]
        try:
            if self.limiter.hit(item, self.namespace, name, identifier):
                return None
            reset_at, _remaining = self.limiter.get_window_stats(item, self.namespace, name, identifier)
        except Exception as error:  # noqa: BLE001 - see below
            # A storage that fails mid-request must not take the service down with it: admit, and say so.
            log.warning("rate limit storage failed; request admitted: %s", type(error).__name__)
            return None
        return Refusal(name, max(1, math.ceil(reset_at - time.time())))

    def hit_all(self, checks: list[tuple[str, str, str]]) -> Refusal | None:
        """Count the request against every (name, rule, key) with a key; the first refusal, if any."""
        for name, rule, key in checks:
            if not key:
                continue
            refusal = self.hit(name, rule, key)
            if refusal is not None:
                return refusal
        return None

    def enforce(self, checks: list[tuple[str, str, str]], reason: str = "rate_limited") -> None:
        """hit_all, raising 429 (ResourceExhausted with Retry-After) on the first exhausted limit."""
        refusal = self.hit_all(checks)
        if refusal is not None:
            raise ResourceExhausted(reason, retry_after=refusal.retry_after)

    def reset(self) -> None:
        """Forget every count (tests and operators' emergency lever)."""
        self.store.reset()


def _supports_moving_window(store: storage.Storage) -> bool:
    return isinstance(store, storage.MovingWindowSupport)
