"""The officers' permit pages' own rules: how the SLA is written, which actions a state offers, the queue's
order, and the documents drawn as images (a real PDF through PDFium, a PNG re-encoded, anything else refused)."""

from __future__ import annotations

import io

import pytest
from gorontalo_web.staff import pages_permits, permits_preview
from PIL import Image


def test_days_left_reads_the_apis_working_days():
    assert pages_permits.days_left(
        {"status": "in_review", "sla_due_date": "2026-12-09", "sla_working_days_left": 3}
    ) == {
        "kind": "left",
        "days": 3,
    }
    late = {"status": "submitted", "sla_due_date": "2026-12-02", "sla_working_days_left": -2, "sla_late": True}
    assert pages_permits.days_left(late) == {"kind": "late", "days": 2}
    assert pages_permits.days_left({"status": "submitted", "sla_due_date": "2026-12-06"})["kind"] == "today"
    assert pages_permits.days_left({"status": "revision_requested", "sla_paused": True})["kind"] == "paused"
    assert pages_permits.days_left({"status": "issued", "sla_late": True})["kind"] == "done"
    assert pages_permits.sla_words(late, "id") == "Terlambat 2 hari kerja"
    assert pages_permits.sla_words(late, "en") == "2 working days late"


def test_actions_follow_the_state():
    assert pages_permits.actions_for({"status": "submitted"}) == ["periksa"]
    assert pages_permits.actions_for({"status": "in_review"}) == ["revisi", "setujui", "tolak"]
    assert pages_permits.actions_for({"status": "approved", "next_step": "permit_issuance"}) == ["terbitkan"]
    assert pages_permits.actions_for({"status": "approved", "next_step": "applicant_nib"}) == []
    issued = {"status": "issued", "permit_number": "7571/DPMPTSP/2026/000001"}
    assert pages_permits.actions_for(issued, "valid") == ["cabut"]
    assert pages_permits.actions_for(issued, "revoked") == []
    for status in ("awaiting_payment", "paid", "revision_requested", "rejected", "withdrawn"):
        assert pages_permits.actions_for({"status": status}) == []
    assert all(pages_permits.ACTIONS[a]["confirm"] for a in ("setujui", "tolak", "terbitkan", "cabut"))


def test_the_queue_puts_late_then_soonest_first_and_paused_last():
    queue = [
        {"id": "paused", "status": "revision_requested", "sla_paused": True, "sla_due_date": "2026-12-01"},
        {"id": "later", "status": "submitted", "sla_due_date": "2026-12-20", "sla_working_days_left": 9},
        {"id": "late", "status": "submitted", "sla_due_date": "2026-12-01", "sla_working_days_left": -3},
        {"id": "soon", "status": "in_review", "sla_due_date": "2026-12-08", "sla_working_days_left": 2},
    ]
    assert [a["id"] for a in pages_permits.in_queue_order(queue)] == ["late", "soon", "later", "paused"]


def _pdf(pages: int) -> bytes:
    images = [Image.new("RGB", (400, 600), (255, 0, 0) if n == 0 else (0, 0, 255)) for n in range(pages)]
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:])
    return out.getvalue()


def test_a_pdfs_pages_are_drawn_as_png():
    pdf = _pdf(3)
    assert permits_preview.page_count(pdf) == 3
    assert permits_preview.page_sizes(pdf) == [(1100, 1650)] * 3  # 400x600 pt drawn 1100 px wide
    image_bytes, media_type = permits_preview.render(pdf, 2)
    assert media_type == "image/png"
    image = Image.open(io.BytesIO(image_bytes))
    assert image.format == "PNG" and image.width == permits_preview.PAGE_WIDTH_PX
    pixel = image.getpixel((image.width // 2, image.height // 2))
    assert max(abs(a - b) for a, b in zip(pixel, (0, 0, 255), strict=True)) <= 2  # the second page's blue
    with pytest.raises(permits_preview.PreviewError):
        permits_preview.render(pdf, 4)
    with pytest.raises(permits_preview.PreviewError):
        permits_preview.render(pdf, 0)


def test_images_are_re_encoded_and_other_bytes_refused():
    out = io.BytesIO()
    Image.new("RGB", (20, 10), (1, 2, 3)).save(out, format="PNG")
    drawn, media_type = permits_preview.render(out.getvalue())
    assert media_type == "image/png" and Image.open(io.BytesIO(drawn)).size == (20, 10)
    with pytest.raises(permits_preview.PreviewError):
        permits_preview.render(out.getvalue(), 2)
    for junk in (b"<html><script>alert(1)</script>", b"%PDF-1.7 broken", b"\x89PNG\r\n\x1a\nbroken"):
        with pytest.raises(permits_preview.PreviewError):
            permits_preview.render(junk)
