"""Per-client cap on unauthenticated payment notifications (in memory, one service process).

Refusals are stored for the treasury; without a cap, anyone could fill that table with forged
requests. Only notifications that fail authentication count, so a channel that signs correctly is
never slowed down, even behind a shared address.
"""
from __future__ import annotations

import datetime as dt
import threading

_MAX_TRACKED = 10_000


class RefusalLimiter:
    def __init__(self, per_minute: int):
        self.per_minute = per_minute
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[int, int]] = {}  # address -> (minute, refusals in it)

    def allow(self, address: str, now: dt.datetime) -> bool:
        """Count one refusal for `address`; False once it had per_minute refusals this minute."""
        minute = int(now.timestamp()) // 60
        with self._lock:
            if len(self._windows) > _MAX_TRACKED:  # forget the past minutes' addresses
                self._windows = {a: w for a, w in self._windows.items() if w[0] == minute}
            start, count = self._windows.get(address or "-", (minute, 0))
            if start != minute:
                count = 0
            if count >= self.per_minute:
                return False
            self._windows[address or "-"] = (minute, count + 1)
            return True
