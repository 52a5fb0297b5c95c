"""How the pages write money and time for Gorontalo: Rupiah with dots, instants in WITA (UTC+8, no DST)."""

from __future__ import annotations

import datetime as dt

from flask import g, has_request_context

from .texts import DEFAULT_LANGUAGE


def rupiah(amount) -> str:
    """Rp 1.250.000: Indonesian thousands separators (int64 amounts arrive as JSON strings)."""
    try:
        value = int(amount)
    except (TypeError, ValueError):
        return str(amount)
    return "Rp " + f"{value:,}".replace(",", ".")


WITA = dt.timezone(dt.timedelta(hours=8), "WITA")
MONTHS = {
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def wita(value, lang: str | None = None, *, with_time: bool = True) -> str:
    """An RFC 3339 instant from the API as Gorontalo reads it: "6 Des 2026 14.05 WITA" (UTC+8, no DST).
    A plain date ("2026-12-06") stays a date; anything else is shown as it came."""
    if not value:
        return ""
    if lang is None:
        lang = getattr(g, "lang", DEFAULT_LANGUAGE) if has_request_context() else DEFAULT_LANGUAGE
    text_value = str(value)
    try:
        if len(text_value) == 10:
            day = dt.date.fromisoformat(text_value)
            return f"{day.day} {MONTHS.get(lang, MONTHS['id'])[day.month - 1]} {day.year}"
        instant = dt.datetime.fromisoformat(text_value.replace("Z", "+00:00"))
    except ValueError:
        return text_value
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=dt.UTC)
    local = instant.astimezone(WITA)
    months = MONTHS.get(lang, MONTHS["id"])
    date_part = f"{local.day} {months[local.month - 1]} {local.year}"
    if not with_time:
        return date_part
    separator = "." if lang == "id" else ":"
    return f"{date_part} {local.hour:02d}{separator}{local.minute:02d} WITA"
