"""The printed receipt's QR opens the residents' verifier page with the signed token in the fragment."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from gorontalo_tax.adapters import receipts
from gorontalo_tax.domain.payments import Payment

PAYMENT = Payment(
    id="p1",
    bill_id="b1",
    billing_code="7500012345678901",
    channel="bank-sulutgo",
    channel_transaction_id="t1",
    amount=262_500,
    principal=250_000,
    penalty=12_500,
    penalty_months=5,
    recorded_at=dt.datetime(2026, 12, 6, 1, 30, tzinfo=dt.UTC),
    receipt_number="75-2026-00000012-0",
    tax_type="pkb",
    tax_year=2026,
    authority_code="75",
    description="PKB DM 1234 AB",
)


def qr_text(pdf: bytes) -> str:
    """Read the QR printed on the PDF as a phone's camera would."""
    pypdf = pytest.importorskip("pypdf")
    zxingcpp = pytest.importorskip("zxingcpp")
    [image] = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].images
    [code] = zxingcpp.read_barcodes(image.image)
    return code.text


def test_the_payload_is_the_verifier_url_with_the_token_in_the_fragment(monkeypatch):
    monkeypatch.setenv("WEB_PUBLIC_URL", "https://satu.gorontaloprov.go.id/")
    assert receipts.qr_payload("a.b.c") == "https://satu.gorontaloprov.go.id/verifikasi#a.b.c"
    assert receipts.qr_payload("a.b.c", "http://x:1") == "http://x:1/verifikasi#a.b.c"
    monkeypatch.delenv("WEB_PUBLIC_URL")
    monkeypatch.delenv("WEB_BIND", raising=False)
    assert receipts.qr_payload("a.b.c") == "http://127.0.0.1:8081/verifikasi#a.b.c"


def test_the_printed_qr_carries_a_token_that_still_verifies_offline(monkeypatch, tmp_path):
    monkeypatch.setenv("WEB_PUBLIC_URL", "http://127.0.0.1:8081")
    keys = receipts.ReceiptKeyRing(tmp_path / "keys")
    token = keys.sign(receipts.claims(PAYMENT))
    pdf = receipts.render(PAYMENT, token, "http://127.0.0.1:8080/v1/tax/receipts/verify/75-2026-00000012-0")
    text = qr_text(pdf)
    assert text == f"http://127.0.0.1:8081/verifikasi#{token}"
    claims = receipts.verify_offline(text.split("#", 1)[1], keys.jwks())
    assert (claims["sub"], claims["amt"]) == ("75-2026-00000012-0", 262_500)
