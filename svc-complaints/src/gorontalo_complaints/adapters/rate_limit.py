"""Sliding-window rate limit in process memory, per key (a client address).

One complaints process serves the platform, so memory is enough; with several
replicas the limit becomes per replica (a shared store would be the next step).
Keys are kept bounded: the oldest are dropped past `max_keys`.
"""
from __future__ import annotations

import collections
import threading
import time
from typing import Callable


class SlidingWindowLimiter:
    def __init__(self, limit: int, window_seconds: float, *, max_keys: int = 100_000,
                 monotonic: Callable[[], float] = time.monotonic):
        self.limit, self.window = limit, window_seconds
        self.max_keys = max_keys
        self.monotonic = monotonic
        self._hits: collections.OrderedDict[str, collections.deque] = collections.OrderedDict()
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Count one attempt; False (not counted) when `limit` attempts fell in the window already."""
        now = self.monotonic()
        with self._lock:
            hits = self._hits.pop(key, None) or collections.deque()
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            allowed = len(hits) < self.limit
            if allowed:
                hits.append(now)
            self._hits[key] = hits
            while len(self._hits) > self.max_keys:
                self._hits.popitem(last=False)
            return allowed
