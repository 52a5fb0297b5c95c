"""A credential's QR opens the residents' verifier page with the token in the URL's fragment."""

from __future__ import annotations

import io

import pytest

from gorontalo_identity.adapters import qr

TOKEN = "eyJhbGciOiJFZERTQSIsImtpZCI6ImsxIiwidHlwIjoiZ29yb250YWxvLWlkK2p3dCJ9.eyJqdGkiOiJ4In0.c2lnbmF0dXJl"


def decode(png: bytes) -> str:
    zxingcpp = pytest.importorskip("zxingcpp")
    image = pytest.importorskip("PIL.Image")
    [code] = zxingcpp.read_barcodes(image.open(io.BytesIO(png)))
    return code.text


def test_the_verifier_url_puts_the_token_in_the_fragment_of_web_public_url(monkeypatch):
    monkeypatch.setenv("WEB_PUBLIC_URL", "https://satu.gorontaloprov.go.id/")
    assert qr.verifier_url(TOKEN) == f"https://satu.gorontaloprov.go.id/verifikasi#{TOKEN}"
    assert qr.verifier_url(TOKEN, "http://web.example:81") == f"http://web.example:81/verifikasi#{TOKEN}"


def test_without_web_public_url_the_web_apps_own_bind_address_is_used(monkeypatch):
    monkeypatch.delenv("WEB_PUBLIC_URL", raising=False)
    monkeypatch.delenv("WEB_BIND", raising=False)
    assert qr.verifier_url(TOKEN) == f"http://127.0.0.1:8081/verifikasi#{TOKEN}"
    monkeypatch.setenv("WEB_BIND", "127.0.0.1:9999")
    assert qr.web_public_url() == "http://127.0.0.1:9999"


def test_the_rendered_qr_reads_back_as_the_verifier_url(monkeypatch):
    monkeypatch.setenv("WEB_PUBLIC_URL", "http://127.0.0.1:8081")
    png, content_type = qr.render(qr.verifier_url(TOKEN), "png")
    assert content_type == "image/png"
    text = decode(png)
    assert text == f"http://127.0.0.1:8081/verifikasi#{TOKEN}"
    assert text.split("#", 1)[1] == TOKEN  # what the page (and an old scanner) takes out of it
