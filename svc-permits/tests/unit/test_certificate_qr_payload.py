"""The printed certificate's QR opens the residents' verifier page with the signed token in the fragment."""

from __future__ import annotations

import io

import pytest

from gorontalo_permits.adapters import certificate
from gorontalo_permits.adapters.signing import PermitKeyRing, verify_offline

NUMBER = "7571/DPMPTSP/2026/000001"


def qr_text(pdf: bytes) -> str:
    """Read the QR printed on the PDF as a phone's camera would."""
    pypdf = pytest.importorskip("pypdf")
    zxingcpp = pytest.importorskip("zxingcpp")
    [image] = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].images
    [code] = zxingcpp.read_barcodes(image.image)
    return code.text


def test_the_payload_is_the_verifier_url_with_the_token_in_the_fragment(monkeypatch):
    monkeypatch.setenv("WEB_PUBLIC_URL", "https://satu.gorontaloprov.go.id/")
    assert certificate.qr_payload("a.b.c") == "https://satu.gorontaloprov.go.id/verifikasi#a.b.c"
    assert certificate.qr_payload("a.b.c", "http://x:1") == "http://x:1/verifikasi#a.b.c"
    monkeypatch.delenv("WEB_PUBLIC_URL")
    monkeypatch.setenv("WEB_BIND", "0.0.0.0:8081")
    assert certificate.qr_payload("a.b.c") == "http://0.0.0.0:8081/verifikasi#a.b.c"


def test_the_printed_qr_carries_a_token_that_still_verifies_offline(monkeypatch, tmp_path):
    monkeypatch.setenv("WEB_PUBLIC_URL", "http://127.0.0.1:8081")
    keys = PermitKeyRing(tmp_path / "keys")
    token = keys.sign({"sub": NUMBER, "biz": "Toko Binte", "iat": 1_796_000_000})
    pdf = certificate.render(
        permit_number=NUMBER,
        business_name="Toko Binte",
        activity="Perdagangan eceran",
        kbli_code="47112",
        risk_level="rendah",
        regency_name="Kota Gorontalo",
        issue_date="2026-12-06",
        nib="9120001234567",
        validity="valid",
        token=token,
        verify_url="http://127.0.0.1:8080/v1/permits/verify/7571-DPMPTSP-2026-000001",
    )
    text = qr_text(pdf)
    assert text == f"http://127.0.0.1:8081/verifikasi#{token}"
    assert verify_offline(text.split("#", 1)[1], keys.jwks())["sub"] == NUMBER
