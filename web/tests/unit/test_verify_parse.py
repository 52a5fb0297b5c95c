"""What the /verifikasi box understands: new QR codes (a verifier URL with the token in the fragment), old
QR codes (the bare token), the API's printed verify links, permit and receipt numbers as people type them."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from gorontalo_web.blueprints.verify import Parsed, date_text, parse


def token(typ: str, claims: dict | None = None) -> str:
    def part(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    return f"{part({'alg': 'EdDSA', 'typ': typ, 'kid': 'k1'})}.{part(claims or {'sub': 'x'})}.c2lnbmF0dXJl"


CREDENTIAL = token("gorontalo-id+jwt")
PERMIT_TOKEN = token("permit+jwt")
RECEIPT_TOKEN = token("receipt+jwt")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("7571/DPMPTSP/2026/000001", Parsed("permit", number="7571-DPMPTSP-2026-000001")),
        ("  7571-dpmptsp-2026-000001\n", Parsed("permit", number="7571-DPMPTSP-2026-000001")),
        ("75-2026-00000012-0", Parsed("receipt", number="75-2026-00000012-0")),
        ("7571-2026-00000003-9", Parsed("receipt", number="7571-2026-00000003-9")),
        (
            "http://127.0.0.1:8080/v1/permits/verify/7571-DPMPTSP-2026-000001",
            Parsed("permit", number="7571-DPMPTSP-2026-000001"),
        ),
        ("https://x.go.id/v1/tax/receipts/verify/75-2026-00000012-0", Parsed("receipt", number="75-2026-00000012-0")),
        (
            "https://satu.go.id/verifikasi#7571%2FDPMPTSP%2F2026%2F000001",
            Parsed("permit", number="7571-DPMPTSP-2026-000001"),
        ),
        # new QR codes: the verifier URL with the token in the fragment
        (f"https://satu.go.id/verifikasi#{CREDENTIAL}", Parsed("credential", token=CREDENTIAL)),
        (f"http://127.0.0.1:8081/verifikasi#{PERMIT_TOKEN}", Parsed("permit", token=PERMIT_TOKEN)),
        (f"http://127.0.0.1:8081/verifikasi#{RECEIPT_TOKEN}", Parsed("receipt", token=RECEIPT_TOKEN)),
        # old QR codes: the bare token, also broken over lines by a paste
        (CREDENTIAL, Parsed("credential", token=CREDENTIAL)),
        (CREDENTIAL[:30] + "\n  " + CREDENTIAL[30:], Parsed("credential", token=CREDENTIAL)),
        (RECEIPT_TOKEN, Parsed("receipt", token=RECEIPT_TOKEN)),
    ],
)
def test_what_the_box_understands(raw, expected):
    assert parse(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "hello",
        "a.b.c",  # JWS-shaped, but no JSON header
        token("JWT"),  # a platform access token is no document
        "7571-DPMPTSP-26-1",
        "75-2026-0000001-0",
        "https://satu.go.id/verifikasi#",
    ],
)
def test_anything_else_is_unknown(raw):
    assert parse(raw).kind == "unknown"


def test_dates_in_words_and_in_wita():
    assert date_text("1990-01-12", "id") == "12 Januari 1990"
    assert date_text("1990-01-12", "en") == "12 January 1990"
    # 16:30 UTC on 31 December is already 1 January in Gorontalo (UTC+8)
    assert date_text("2026-12-31T16:30:00Z", "id") == "1 Januari 2027"
    moment = dt.datetime(2027, 3, 6, 15, 59, tzinfo=dt.UTC).timestamp()
    assert date_text(moment, "en") == "6 March 2027"
    assert date_text("", "id") == "" and date_text("bukan tanggal", "id") == "bukan tanggal"
