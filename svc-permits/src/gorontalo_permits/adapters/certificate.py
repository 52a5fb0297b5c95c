"""The printable permit certificate: one A4 page (reportlab) with a QR code (segno) of the signed token."""
from __future__ import annotations

import io

import segno
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

MEDIA_TYPE = "application/pdf"


def _qr_png(payload: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(buffer, kind="png", scale=4, border=4)
    return buffer.getvalue()


def render(*, permit_number: str, business_name: str, activity: str, kbli_code: str, risk_level: str,
           regency_name: str, issue_date: str, nib: str, validity: str, token: str, verify_url: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"Izin Usaha {permit_number}")
    pdf.setAuthor(f"DPMPTSP {regency_name}")
    width, height = A4
    y = height - 30 * mm
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawCentredString(width / 2, y, "PERIZINAN BERUSAHA BERBASIS RISIKO")
    pdf.setFont("Helvetica", 11)
    pdf.drawCentredString(width / 2, y - 7 * mm, f"DPMPTSP {regency_name}, Provinsi Gorontalo")
    pdf.setFont("Helvetica-Bold", 13)
    pdf.drawCentredString(width / 2, y - 18 * mm, f"Nomor: {permit_number}")
    rows = [("Nama usaha", business_name), ("NIB", nib or "-"), ("Kegiatan usaha (KBLI)", f"{kbli_code} {activity}"),
            ("Tingkat risiko", risk_level.replace("_", " ")), ("Tanggal terbit", issue_date),
            ("Status", "BERLAKU" if validity == "valid" else "DICABUT")]
    pdf.setFont("Helvetica", 11)
    row_y = y - 35 * mm
    for label, value in rows:
        pdf.drawString(25 * mm, row_y, label)
        pdf.drawString(75 * mm, row_y, f": {value}"[:90])
        row_y -= 8 * mm
    size = 55 * mm
    pdf.drawImage(ImageReader(io.BytesIO(_qr_png(token))), (width - size) / 2, row_y - size - 5 * mm,
                  width=size, height=size)
    pdf.setFont("Helvetica", 9)
    pdf.drawCentredString(width / 2, row_y - size - 12 * mm,
                          "Pindai kode QR untuk memeriksa keaslian secara luring dengan kunci publik DPMPTSP,")
    pdf.drawCentredString(width / 2, row_y - size - 17 * mm, f"atau periksa daring: {verify_url}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
