"""What a question says beyond its topic: about the asker's own case, a number of months, an amount.

Plain rules over the words; no model.
"""

from __future__ import annotations

import re

_OWN = re.compile(r"\b(saya|sy|aku|ku|kami|my|mine)\b")
_CASE = re.compile(
    r"\b(izin|izinnya|permohonan|tagihan|tagihannya|pengaduan|aduan|laporan|application|bill|complaint)\b"
)
_STATE = re.compile(
    r"\b(status|sampai mana|sudah sampai|disetujui|ditolak|diproses|dijawab|riwayat|cek|lihat|berapa|kok)\b"
    r"|\b(approved|status|history)\b"
)
_MONTHS = re.compile(r"(\d{1,3})\s*(bulan|bln|bl|month|months|tahun|thn|year|years)\b")
_ONE = {"sebulan": 1, "setahun": 12, "satu bulan": 1, "satu tahun": 12}
_AMOUNT_RP = re.compile(r"\brp\.?\s*(\d{1,3}(?:[.,]\d{3})+|\d+)")
_AMOUNT_WORD = re.compile(r"\b(\d{1,4})\s*(ribu|rb|k|juta|jt)\b")


def about_own_case(question: str) -> bool:
    """'status izin saya', 'tagihan pajak saya berapa': the answer is in the asker's timeline."""
    text = question.lower()
    return bool(_OWN.search(text) and _CASE.search(text) and _STATE.search(text))


def months_late(question: str) -> int | None:
    """'telat 3 bulan' -> 3, 'terlambat 1 tahun' -> 12, 'sebulan' -> 1; None when no period is named."""
    text = question.lower()
    match = _MONTHS.search(text)
    if match:
        count = int(match.group(1))
        return count * 12 if match.group(2) in ("tahun", "thn", "year", "years") else count
    for words, months in _ONE.items():
        if words in text:
            return months
    return None


def rupiah(question: str) -> int | None:
    """'Rp 500.000' or '500 ribu' -> 500000; None when no amount is named."""
    text = question.lower()
    match = _AMOUNT_RP.search(text)
    if match:
        return int(re.sub(r"[.,]", "", match.group(1)))
    match = _AMOUNT_WORD.search(text)
    if match:
        factor = 1_000_000 if match.group(2) in ("juta", "jt") else 1_000
        return int(match.group(1)) * factor
    return None


def format_rupiah(amount: int) -> str:
    return f"Rp {amount:,}".replace(",", ".")
