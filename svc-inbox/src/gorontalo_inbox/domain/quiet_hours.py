"""Quiet hours: SMS and e-mail wait until they end (the in-app notification never does).

Hours are wall-clock times in WITA (Asia/Makassar, UTC+8, no daylight saving), as residents of
Gorontalo read their clocks. A window may run over midnight (22:00-06:00). An alert of severity
Extreme or Severe, or urgency Immediate, is never held back. Plain Python.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

WITA = ZoneInfo("Asia/Makassar")
TIME_ZONE = "Asia/Makassar"
_HHMM = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")


def valid_time(text: str) -> bool:
    return bool(_HHMM.match(text or ""))


def _clock(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


def release_time(now: dt.datetime, start: str, end: str) -> dt.datetime | None:
    """When a message written at `now` may leave: None now, else the end of the quiet window (UTC).

    No window (either bound empty, or both equal) holds nothing back.
    """
    if not (start and end) or start == end:
        return None
    local = now.astimezone(WITA)
    begins, ends, clock = _clock(start), _clock(end), local.time().replace(tzinfo=None)
    if begins < ends:  # e.g. 13:00-15:00, within one day
        quiet = begins <= clock < ends
        release_day = local.date()
    else:  # e.g. 22:00-06:00, over midnight
        quiet = clock >= begins or clock < ends
        release_day = local.date() + dt.timedelta(days=1) if clock >= begins else local.date()
    if not quiet:
        return None
    return dt.datetime.combine(release_day, ends, tzinfo=WITA).astimezone(dt.UTC)


def overrides_quiet_hours(severity: str, urgency: str) -> bool:
    """CAP alerts that must reach people at once, at night too."""
    return severity in ("Extreme", "Severe") or urgency == "Immediate"
