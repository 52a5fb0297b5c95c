"""Amounts and dates as residents read them (Indonesian conventions, used in both languages)."""

from __future__ import annotations

import datetime as dt


def rupiah(amount: int) -> str:
    """750000 -> 'Rp 750.000' (whole rupiah, dots between thousands)."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(int(amount)):,}".replace(",", ".")


def wita_date(iso_date: str) -> str:
    """'2026-03-31' -> '31-03-2026'; anything else unchanged."""
    try:
        return dt.date.fromisoformat(iso_date).strftime("%d-%m-%Y")
    except ValueError:
        return iso_date
