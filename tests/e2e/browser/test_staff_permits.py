"""The DPMPTSP officers' pages in a real chromium against the real stack (issue 16): an officer of Kota
Gorontalo works a resident's application from submitted to issued (queue with working days left, the
documents drawn in the page, a refused reject shown next to its fields, approve and issue with their
ticked confirmations, the timeline), with JavaScript off, while an officer of Pohuwato sees none of it.
axe-core and a screenshot on every page."""

from __future__ import annotations

import io
import re
import uuid

import pyotp
import pytest
from PIL import Image

from tests.e2e.browser.conftest import sign_in_staff
from tests.e2e.conftest import sign_up, unique
from tests.e2e.staff_accounts import enrol_authenticator, new_officer

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

KBLI = "47721"  # Apotek: menengah_tinggi, no fee, 10 working days: the office reviews, approves and issues


def _officer(stack, http, agency_code: str, regency: str) -> tuple[str, pyotp.TOTP]:
    """A fresh officer of a DPMPTSP with an authenticator enrolled through the API."""
    username = new_officer(
        stack, http, agency_code=agency_code, jurisdiction=[regency], full_name=f"Petugas Izin {regency}"
    )
    return username, enrol_authenticator(stack, http, username)


def _pdf(pages: int) -> bytes:
    images = [Image.new("RGB", (595, 842), (250, 250, 250 - 60 * n)) for n in range(pages)]
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:])
    return out.getvalue()


def _png(seed: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (480, 640), (seed * 40 % 256, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def _apply(stack, http, citizen, name: str) -> dict:
    """The resident applies through the API, as tests/e2e/test_permits_flow.py does: the KTP as a two-page
    PDF, the other documents as PNG scans."""
    permit_type = next(
        t for t in http.get(stack.url + "/v1/permits/types").json()["permit_types"] if t["kbli_code"] == KBLI
    )
    ids = []
    for n, document_type in enumerate(permit_type["required_documents"]):
        content, media_type = (_pdf(2), "application/pdf") if n == 0 else (_png(n), "image/png")
        uploaded = http.post(
            stack.url + "/v1/permits/documents",
            params={"document_type": document_type},
            data=content,
            headers={**citizen["headers"], "Content-Type": media_type, "Idempotency-Key": str(uuid.uuid4())},
        )
        assert uploaded.status_code == 200, uploaded.text
        ids.append(uploaded.json()["id"])
    submitted = http.post(
        stack.url + "/v1/permits/applications",
        headers={**citizen["headers"], "Idempotency-Key": str(uuid.uuid4())},
        json={
            "kbli_code": KBLI,
            "business_name": name,
            "business_address": "Jl. Nani Wartabone No. 12",
            "region_code": "75.71.01.1001",
            "latitude": 0.5435,
            "longitude": 123.0595,
            "investment_rupiah": 150000000,
            "workforce": 4,
            "nib": "9" + uuid.uuid4().int.__str__()[:12],
            "document_ids": ids,
        },
    )
    assert submitted.status_code == 200, submitted.text
    body = submitted.json()
    assert body["status"] == "submitted" and body["sla_working_days_left"] > 0, body
    return body


def test_kota_officer_issues_an_application_pohuwato_does_not_see_it(
    phone, phone_without_javascript, stack, http, residents, screenshot, page_check
):
    check = page_check

    citizen = sign_up(stack, http, residents.take())
    name = unique("Apotek Sehat Limboto")
    application = _apply(stack, http, citizen, name)
    detail_path = f"/petugas/izin/{application['id']}"

    # --- An officer of Kota Gorontalo: the queue, the documents, review, a refused reject, approve.
    kota = phone
    username, authenticator = _officer(stack, http, "dpmptsp-7571", "75.71")
    sign_in_staff(kota, username, authenticator)
    kota.goto("/petugas/izin")
    row = kota.locator(f'tr[data-application-id="{application["id"]}"]')
    assert row.count() == 1
    left = row.locator(".staff-izin-sla")
    assert left.get_attribute("data-days-left") == str(application["sla_working_days_left"])
    assert re.fullmatch(r"\d+ hari kerja lagi|Batas waktu hari ini", left.inner_text().strip())
    assert "DPMPTSP Kota Gorontalo" in kota.locator(".staff-izin-scope").inner_text()
    check(kota, "izin-antrean")

    row.get_by_role("link", name=name).click()
    kota.wait_for_url(re.compile(re.escape(detail_path) + "$"))
    # The documents drawn in the page: the PDF's two pages and four scans, each a decoded image.
    pages = kota.locator("img.staff-izin-page")
    assert pages.count() == 6
    for n in range(6):
        pages.nth(n).scroll_into_view_if_needed()
    kota.wait_for_function(
        "() => [...document.querySelectorAll('img.staff-izin-page')].every(i => i.complete && i.naturalWidth > 0)"
    )
    assert kota.get_by_role("img", name="KTP penanggung jawab, halaman 2 dari 2").count() == 1
    drawn = kota.context.request.get(pages.first.get_attribute("src"))
    assert drawn.status == 200 and drawn.headers["content-type"] == "image/png"
    assert drawn.headers["cache-control"] == "no-store"
    assert kota.locator(".staff-izin-payment").get_attribute("data-payment") == "free"
    check(kota, "izin-permohonan")

    kota.get_by_role("button", name="Mulai periksa").click()
    kota.wait_for_url(re.compile(r"selesai=periksa"))
    assert kota.locator(".staff-izin-done").inner_text() == "Pemeriksaan dimulai."
    assert kota.locator(".staff-izin-status").first.inner_text() == "Sedang diperiksa"

    # Reject with neither a reason nor the box ticked: refused, each said next to its own field.
    kota.get_by_role("button", name="Tolak permohonan").click()
    kota.wait_for_load_state()
    assert "Tuliskan alasannya" in kota.locator("#tolak-note-error").inner_text()
    assert "Centang kotak ini" in kota.locator("#tolak-confirm-error").inner_text()
    assert kota.locator("#tolak-note").get_attribute("aria-invalid") == "true"
    assert kota.locator("#revisi-note").get_attribute("aria-invalid") is None
    check(kota, "izin-tolak-ditolak")

    # Approve: the box must be ticked; then approved, ready to issue.
    kota.locator("#setujui-note").fill("Dokumen lengkap dan sesuai")
    kota.get_by_label(re.compile("Saya yakin menyetujui")).check()
    kota.get_by_role("button", name="Setujui permohonan").click()
    kota.wait_for_url(re.compile(r"selesai=setujui"))
    assert kota.locator(".staff-izin-status").first.inner_text() == "Disetujui"
    check(kota, "izin-disetujui")

    # --- Another officer of Kota Gorontalo issues it with JavaScript off: the confirmation is a plain box.
    nojs = phone_without_javascript
    username, authenticator = _officer(stack, http, "dpmptsp-7571", "75.71")
    sign_in_staff(nojs, username, authenticator)
    nojs.goto(detail_path)
    nojs.get_by_role("button", name="Terbitkan", exact=True).click()
    nojs.wait_for_load_state()
    assert "Centang kotak ini" in nojs.locator("#terbitkan-confirm-error").inner_text()
    nojs.get_by_label(re.compile("Saya yakin menerbitkan")).check()
    nojs.get_by_role("button", name="Terbitkan", exact=True).click()
    nojs.wait_for_url(re.compile(r"selesai=terbitkan"))
    screenshot(nojs, "izin-terbit-tanpa-javascript")

    kota.goto(detail_path)
    assert kota.locator(".staff-izin-status").first.inner_text() == "Terbit"
    number = kota.locator(".staff-izin-number").inner_text()
    assert re.fullmatch(r"7571/DPMPTSP/\d{4}/\d{6}", number)
    assert kota.locator(".staff-izin-validity").get_attribute("data-validity") == "valid"
    timeline = [s.inner_text() for s in kota.locator(".staff-izin-timeline .staff-izin-status").all()]
    assert timeline == ["Diajukan", "Sedang diperiksa", "Disetujui", "Terbit"]
    assert "Dokumen lengkap dan sesuai" in kota.locator(".staff-izin-timeline").inner_text()
    assert kota.get_by_role("button", name="Cabut izin ini").count() == 1  # the one action left
    check(kota, "izin-terbit")

    issued = http.get(stack.url + f"/v1/permits/applications/{application['id']}", headers=citizen["headers"])
    assert issued.json()["status"] == "issued" and issued.json()["permit_number"] == number
    kota.goto("/petugas/izin?status=issued")
    assert kota.locator(f'tr[data-application-id="{application["id"]}"]').count() == 1
    check(kota, "izin-antrean-terbit")

    # Revoking needs a reason and the ticked box; anyone checking the number then reads it revoked.
    kota.goto(detail_path)
    kota.locator("#cabut-reason").fill("Usaha tidak lagi beroperasi")
    kota.get_by_label(re.compile("Saya yakin mencabut")).check()
    kota.get_by_role("button", name="Cabut izin ini").click()
    kota.wait_for_url(re.compile(r"selesai=cabut"))
    assert kota.locator(".staff-izin-validity").get_attribute("data-validity") == "revoked"
    assert kota.get_by_role("button", name="Cabut izin ini").count() == 0
    check(kota, "izin-dicabut")
    verified = http.get(stack.url + "/v1/permits/verify/" + number.replace("/", "-")).json()
    assert verified["validity"] == "revoked" and verified["revocation_reason"] == "Usaha tidak lagi beroperasi"

    # --- An officer of Pohuwato: not in their queue, not by its address, not its documents.
    kota.goto("/petugas")
    kota.get_by_role("button", name="Keluar").last.click()
    kota.wait_for_url(re.compile(r"/petugas/masuk$"))
    pohuwato = kota
    username, authenticator = _officer(stack, http, "dpmptsp-7504", "75.04")
    sign_in_staff(pohuwato, username, authenticator)
    pohuwato.goto("/petugas/izin")
    assert "DPMPTSP Kabupaten Pohuwato" in pohuwato.locator(".staff-izin-scope").inner_text()
    assert pohuwato.locator(f'tr[data-application-id="{application["id"]}"]').count() == 0
    check(pohuwato, "izin-antrean-pohuwato")
    pohuwato.goto("/petugas/izin?status=issued")
    assert name not in pohuwato.content()
    refused = pohuwato.goto(detail_path)
    assert refused.status in (403, 404) and name not in pohuwato.content()
    check(pohuwato, "izin-pohuwato-ditolak")
    document = application["documents"][0]["document_id"]
    image = pohuwato.context.request.get(f"{detail_path}/dokumen/{document}/1")
    assert image.status == 404 and not image.headers["content-type"].startswith("image/")

    serious = check.serious()
    assert serious == {}, serious
