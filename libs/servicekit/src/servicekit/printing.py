"""Printable one-page documents anyone can check: headings, labelled rows, and a QR code carrying a
signed token (servicekit.signing) with a line on how to verify it. Permit certificates and tax
receipts are both this page; reportlab draws it, segno draws the QR code."""

from __future__ import annotations

import io
from dataclasses import dataclass

MEDIA_TYPE = "application/pdf"


@dataclass(frozen=True)
class Layout:
    """Measures in millimetres and points for one paper size."""

    page: str  # "A4" or "A5"
    top: float
    label_x: float
    value_x: float
    row_step: float
    font_size: float
    value_chars: int
    qr_size: float
    footer_size: float


A4_LAYOUT = Layout(
    page="A4", top=30, label_x=25, value_x=75, row_step=8, font_size=11, value_chars=90, qr_size=55, footer_size=9
)
A5_LAYOUT = Layout(
    page="A5", top=20, label_x=12, value_x=52, row_step=6, font_size=10, value_chars=60, qr_size=48, footer_size=7.5
)


def qr_png(payload: str) -> bytes:
    import segno

    buffer = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(buffer, kind="png", scale=4, border=4)
    return buffer.getvalue()


def signed_document_pdf(
    *,
    layout: Layout,
    title: str,
    author: str,
    headings: list[tuple[str, str, float]],
    rows: list[tuple[str, str]],
    token: str,
    footer: list[str],
) -> bytes:
    """headings: (text, font name, font size) centred from the top; rows: (label, value)."""
    from reportlab.lib import pagesizes
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    page_size = getattr(pagesizes, layout.page)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=page_size, pageCompression=1)
    pdf.setTitle(title)
    pdf.setAuthor(author)
    width, height = page_size
    y = height - layout.top * mm
    for text, font, size in headings:
        pdf.setFont(font, size)
        pdf.drawCentredString(width / 2, y, text)
        y -= (size * 0.45 + 1.5) * mm
    pdf.setFont("Helvetica", layout.font_size)
    y -= layout.row_step * mm
    for label, value in rows:
        pdf.drawString(layout.label_x * mm, y, label)
        pdf.drawString(layout.value_x * mm, y, f": {value}"[: layout.value_chars])
        y -= layout.row_step * mm
    size = layout.qr_size * mm
    pdf.drawImage(
        ImageReader(io.BytesIO(qr_png(token))), (width - size) / 2, y - size - 3 * mm, width=size, height=size
    )
    pdf.setFont("Helvetica", layout.footer_size)
    line_y = y - size - 8 * mm
    for line in footer:
        pdf.drawCentredString(width / 2, line_y, line)
        line_y -= (layout.footer_size * 0.5) * mm
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
