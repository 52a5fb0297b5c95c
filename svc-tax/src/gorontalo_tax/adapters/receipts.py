"""Receipt tokens (servicekit.signing: Ed25519, issuer gorontalo-tax, typ receipt+jwt) and the printable
receipt: one A5 page (reportlab) with a QR code (segno) carrying the token."""
from __future__ import annotations

import io
import pathlib

import segno
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from servicekit import signing

from ..domain.billing import local_date
from ..domain.payments import Payment

ISSUER = "gorontalo-tax"
TOKEN_TYPE = "receipt+jwt"
MEDIA_TYPE = "application/pdf"
TAX_NAMES = {"pkb": "Pajak Kendaraan Bermotor (PKB)", "pbb": "PBB-P2", "retribusi": "Retribusi daerah"}


class ReceiptKeyRing(signing.DocumentKeyRing):
    def __init__(self, directory: pathlib.Path):
        super().__init__(directory, issuer=ISSUER, token_type=TOKEN_TYPE)


def claims(payment: Payment) -> dict:
    """What the QR proves offline; no personal data (no NIK, name, plate or account)."""
    return {"sub": payment.receipt_number, "iat": int(payment.recorded_at.timestamp()), "amt": payment.amount,
            "tax": payment.tax_type, "yr": payment.tax_year or 0, "auth": payment.authority_code,
            "paid": local_date(payment.recorded_at).isoformat(), "bill": payment.bill_id}


def verify_offline(token: str, jwks: dict) -> dict:
    return signing.verify_offline(token, jwks, issuer=ISSUER, token_type=TOKEN_TYPE)


def _qr_png(payload: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(buffer, kind="png", scale=4, border=4)
    return buffer.getvalue()


def _rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


def render(payment: Payment, token: str, verify_url: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A5, pageCompression=1)
    pdf.setTitle(f"Bukti Pembayaran {payment.receipt_number}")
    pdf.setAuthor("Bapenda Provinsi Gorontalo" if payment.authority_code == "75" else "Bapenda Gorontalo")
    width, height = A5
    y = height - 20 * mm
    pdf.setFont("Helvetica-Bold", 13)
    pdf.drawCentredString(width / 2, y, "BUKTI PEMBAYARAN PAJAK DAERAH")
    pdf.setFont("Helvetica", 10)
    pdf.drawCentredString(width / 2, y - 6 * mm, f"NTPD {payment.receipt_number}")
    rows = [("Jenis", TAX_NAMES.get(payment.tax_type, payment.tax_type)),
            ("Tahun pajak", str(payment.tax_year or "-")), ("Uraian", payment.description),
            ("Pokok", _rupiah(payment.principal)), ("Denda", _rupiah(payment.penalty)),
            ("Jumlah dibayar", _rupiah(payment.amount)), ("Kode bayar", payment.billing_code),
            ("Kanal", payment.channel), ("Tanggal bayar (WITA)", local_date(payment.recorded_at).isoformat())]
    row_y = y - 18 * mm
    for label, value in rows:
        pdf.drawString(12 * mm, row_y, label)
        pdf.drawString(52 * mm, row_y, f": {value}"[:60])
        row_y -= 6 * mm
    size = 48 * mm
    pdf.drawImage(ImageReader(io.BytesIO(_qr_png(token))), (width - size) / 2, row_y - size - 2 * mm,
                  width=size, height=size)
    pdf.setFont("Helvetica", 7.5)
    pdf.drawCentredString(width / 2, row_y - size - 7 * mm,
                          "Pindai kode QR untuk memeriksa keaslian secara luring dengan kunci publik Bapenda,")
    pdf.drawCentredString(width / 2, row_y - size - 11 * mm, f"atau periksa daring: {verify_url}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
