"""The OCR adapter with the real Tesseract: a PDF's first page and a photo with its orientation tag are
read as the card they show; a file that is no image is refused by the adapter, not by a crash later."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from gorontalo_permits.adapters.ocr import TesseractOcr
from gorontalo_permits.domain.document_reading import KTP, NIB, read_document
from gorontalo_permits.evaluation import cards


@pytest.fixture(scope="module")
def ocr():
    engine = TesseractOcr(nice=0)
    engine.check()  # tesseract and its Indonesian data are installed (make tools)
    return engine


def test_the_first_page_of_a_pdf_is_read(ocr):
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.setFont("Helvetica-Bold", 16)
    page.drawString(72, 760, "PERIZINAN BERUSAHA BERBASIS RISIKO")
    page.drawString(72, 730, "NOMOR INDUK BERUSAHA : 9120001234567")
    page.setFont("Helvetica", 12)
    page.drawString(72, 700, "Diterbitkan oleh Lembaga OSS")
    page.showPage()
    page.drawString(72, 760, "Halaman dua: NIB 9999999999999")
    page.save()
    result = ocr.read(out.getvalue(), "application/pdf")
    reading = read_document(result.text, result.confidence)
    assert (reading.kind, reading.fields) == (NIB, {"nib": "9120001234567"})


def test_a_phone_photo_turned_by_its_orientation_tag_is_read_upright(ocr):
    rng = random.Random(9)
    who = cards.person(rng)
    card = cards.draw_ktp(rng, who)
    # Stored sideways, with the EXIF tag that tells a viewer to turn it back (as phones save photos).
    sideways = card.image.transpose(Image.Transpose.ROTATE_270)
    exif = Image.Exif()
    exif[0x0112] = 8  # orientation: rotate 90 degrees clockwise to view
    out = io.BytesIO()
    sideways.save(out, format="JPEG", quality=92, exif=exif.tobytes())
    result = ocr.read(out.getvalue(), "image/jpeg")
    reading = read_document(result.text, result.confidence)
    assert reading.kind == KTP and reading.fields["nik"] == who["nik"]


def test_bytes_that_are_no_image_raise_for_the_caller_to_mark_unreadable(ocr):
    with pytest.raises(Exception):  # noqa: B017 - the service layer turns any failure into unreadable_scan
        ocr.read(b"not an image at all", "image/png")
