"""Receipt tokens (servicekit.signing: Ed25519, issuer gorontalo-tax, typ receipt+jwt) and the printable
receipt: one A5 page (servicekit.printing) with a QR code carrying the token, as a link to the residents'
verifier page."""

from __future__ import annotations

import os
import pathlib

from servicekit import printing, signing

from ..domain.billing import local_date
from ..domain.payments import Payment

ISSUER = "gorontalo-tax"
TOKEN_TYPE = "receipt+jwt"
MEDIA_TYPE = printing.MEDIA_TYPE
VERIFIER_PATH = "/verifikasi"
TAX_NAMES = {"pkb": "Pajak Kendaraan Bermotor (PKB)", "pbb": "PBB-P2", "retribusi": "Retribusi daerah"}


class ReceiptKeyRing(signing.DocumentKeyRing):
    def __init__(self, directory: pathlib.Path, *, prefix: str = "", generate: bool = True):
        super().__init__(directory, issuer=ISSUER, token_type=TOKEN_TYPE, prefix=prefix, generate=generate)


def claims(payment: Payment) -> dict:
    """What the QR proves offline; no personal data (no NIK, name, plate or account)."""
    return {
        "sub": payment.receipt_number,
        "iat": int(payment.recorded_at.timestamp()),
        "amt": payment.amount,
        "tax": payment.tax_type,
        "yr": payment.tax_year or 0,
        "auth": payment.authority_code,
        "paid": local_date(payment.recorded_at).isoformat(),
        "bill": payment.bill_id,
    }


def web_public_url() -> str:
    """The residents' web app's public address (WEB_PUBLIC_URL; by default http://$WEB_BIND)."""
    return os.environ.get("WEB_PUBLIC_URL", "").strip().rstrip("/") or "http://" + (
        os.environ.get("WEB_BIND", "").strip() or "127.0.0.1:8081"
    )


def qr_payload(token: str, base_url: str | None = None) -> str:
    """What the printed QR encodes: `<WEB_PUBLIC_URL>/verifikasi#<token>`. Any phone camera opens the
    verifier page, which reads the token from the fragment (never sent to a server, so never logged);
    the page also takes a bare token, as QR codes printed before carry."""
    base = (base_url if base_url is not None else web_public_url()).rstrip("/")
    return f"{base}{VERIFIER_PATH}#{token}"


def verify_offline(token: str, jwks: dict) -> dict:
    return signing.verify_offline(token, jwks, issuer=ISSUER, token_type=TOKEN_TYPE)


def _rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


def render(payment: Payment, token: str, verify_url: str) -> bytes:
    return printing.signed_document_pdf(
        layout=printing.A5_LAYOUT,
        title=f"Bukti Pembayaran {payment.receipt_number}",
        author="Bapenda Provinsi Gorontalo" if payment.authority_code == "75" else "Bapenda Gorontalo",
        headings=[
            ("BUKTI PEMBAYARAN PAJAK DAERAH", "Helvetica-Bold", 13),
            (f"NTPD {payment.receipt_number}", "Helvetica", 10),
        ],
        rows=[
            ("Jenis", TAX_NAMES.get(payment.tax_type, payment.tax_type)),
            ("Tahun pajak", str(payment.tax_year or "-")),
            ("Uraian", payment.description),
            ("Pokok", _rupiah(payment.principal)),
            ("Denda", _rupiah(payment.penalty)),
            ("Jumlah dibayar", _rupiah(payment.amount)),
            ("Kode bayar", payment.billing_code),
            ("Kanal", payment.channel),
            ("Tanggal bayar (WITA)", local_date(payment.recorded_at).isoformat()),
        ],
        token=qr_payload(token),
        footer=[
            "Pindai kode QR untuk memeriksa keaslian secara luring dengan kunci publik Bapenda,",
            f"atau periksa daring: {verify_url}",
        ],
    )
