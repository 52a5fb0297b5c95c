"""Token buckets per key (client address, phone index), shared by the process's gRPC threads.

Per process on purpose: state lives in memory, so N service instances allow N times the
rate. That is acceptable for abuse control of anonymous reports; a shared store (Redis)
would be the step if the province runs several instances.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict


class RateLimiter:
    def __init__(self, capacity: int, per_seconds: float, *, max_keys: int = 100_000, clock=time.monotonic):
        self.capacity = float(capacity)
        self.rate = capacity / per_seconds  # tokens per second
        self.max_keys = max_keys
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Take one token for `key`; False when its bucket is empty. capacity <= 0 disables the limit."""
        if self.capacity <= 0 or not key:
            return True
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.pop(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            allowed = tokens >= 1.0
            if allowed:
                tokens -= 1.0
            self._buckets[key] = (tokens, now)
            # The least recently seen keys go first; a forgotten key starts with a full bucket,
            # which errs on the side of accepting a report.
            while len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
            return allowed
