"""The console's complaints pages in a real chromium against the real stack (issue 16).

A resident files a complaint the model is unsure of (it waits for a person) next to an open one of the
suggested category. A Diskominfo dispatcher sees it in the queue with the suggestion and its confidence and
the nearby one side by side, corrects the category and dispatches it (the confirmation checked on the
server first); `gorontalo-complaints train-model` then counts one more dispatcher correction. An officer of
Dinas PUPR Kota Gorontalo, with JavaScript off, finds it in the agency inbox with its deadline, starts,
posts an internal note, and resolves it with a photo of the result; the resident then sees it resolved on
/saya. axe-core and a screenshot on every page.
"""

from __future__ import annotations

import io
import re
import time
import uuid

import pytest
from PIL import Image

from tests.e2e.browser.conftest import axe_violations, loaded_width, sign_in_staff
from tests.e2e.conftest import sign_up, unique
from tests.e2e.staff_accounts import new_officer

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

CITIZEN_PASSWORD = "kata-sandi-aman-16"
# Kota Gorontalo, away from the other tests' points (nearby search is 250 m).
POINT = (0.5602, 123.0452)
NEAR = (0.5609, 123.0457)  # about 95 m away
VILLAGE = "75.71.01.1001"
CORRECTED = "jalan_rusak"  # routed to Dinas PUPR Kota Gorontalo in 75.71


def _corrections(stack, tmp_path) -> int:
    """How many dispatcher corrections `train-model` read (its report's first line says)."""
    trained = stack.cli("complaints", "train-model", "--output", str(tmp_path / f"model-{uuid.uuid4().hex}.joblib"))
    assert trained.returncode == 0, trained.stderr
    found = re.search(r"\((\d+) from dispatcher corrections\)", trained.stdout)
    assert found, trained.stdout
    return int(found.group(1))


def _file(stack, http, citizen, *, title, description, position, category=""):
    body = {
        "title": title,
        "description": description,
        "region_code": VILLAGE,
        "latitude": position[0],
        "longitude": position[1],
    }
    if category:
        body["category"] = category
    filed = http.post(stack.url + "/v1/complaints", headers=citizen["headers"], json=body)
    assert filed.status_code == 200, filed.text
    return filed.json()


def _photo_file(tmp_path):
    path = tmp_path / "hasil-perbaikan.png"
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (90, 90, 90)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_dispatch_correct_then_agency_resolves_with_a_photo(
    phone, phone_without_javascript, stack, http, residents, screenshot, tmp_path
):
    problems: dict[str, list] = {}

    def check(page, name):
        assert page.locator("html").get_attribute("lang") == "id", name
        assert page.locator("h1").count() == 1, name
        screenshot(page, name)
        problems[name] = axe_violations(page)  # a JavaScript-off page in conftest's JavaScript-on twin

    citizen = sign_up(stack, http, residents.take(), password=CITIZEN_PASSWORD)
    waiting = _file(
        stack,
        http,
        citizen,
        title=unique("Mohon perhatian"),
        description="Warga resah dengan kondisi di depan rumah, sudah lama tidak diperbaiki",
        position=POINT,
    )
    code, suggested = waiting["tracking_code"], waiting["suggested_category"]
    assert waiting["status"] == "received" and waiting["needs_dispatch"] is True, waiting
    assert suggested and suggested != CORRECTED, waiting
    duplicate = _file(
        stack,
        http,
        citizen,
        title=unique("Sudah dilaporkan tetangga"),
        description="Laporan lain di dekat situ yang masih terbuka",
        position=NEAR,
        category=suggested,
    )
    corrections_before = _corrections(stack, tmp_path)

    # --- the dispatcher (Diskominfo), JavaScript on
    dispatcher = new_officer(
        stack, http, agency_code="diskominfo-75", jurisdiction=["75"], full_name="Dispatcher Konsol Uji"
    )
    sign_in_staff(phone, dispatcher)
    phone.goto("/petugas/pengaduan")
    check(phone, "pengaduan-petugas")
    phone.get_by_role("link", name="Antrean disposisi").click()
    phone.wait_for_url(re.compile(r"/petugas/pengaduan/antrean$"))
    row = phone.locator(f'tr[data-code="{code}"]')
    assert re.search(r"keyakinan \d+%", row.inner_text()), row.inner_text()
    assert "Diskominfo" in phone.locator(".sc-acting").inner_text()
    check(phone, "pengaduan-antrean")

    row.get_by_role("link", name=code).click()
    phone.wait_for_url(re.compile(rf"/petugas/pengaduan/antrean/{code}$"))
    nearby = phone.locator(f'.sc-nearby-item[data-code="{duplicate["tracking_code"]}"]')
    assert nearby.is_visible() and duplicate["title"] in nearby.inner_text()
    # side by side: on a phone they stack, yet both halves are on the one page with the complaint first
    assert phone.locator(".sc-this .sc-code").inner_text().strip() == code
    assert phone.get_by_label("Kategori", exact=True).input_value() == suggested
    check(phone, "pengaduan-disposisi")

    phone.get_by_label("Kategori", exact=True).select_option(CORRECTED)
    phone.get_by_role("button", name="Teruskan", exact=True).click()  # not confirmed: the server refuses
    error = phone.locator("#confirm_dispatch-error")
    assert "Centang konfirmasi" in error.inner_text()
    assert phone.get_by_label("Kategori", exact=True).input_value() == CORRECTED  # the choice is kept
    check(phone, "pengaduan-disposisi-belum-yakin")
    phone.locator("#confirm_dispatch").check()
    phone.get_by_role("button", name="Teruskan", exact=True).click()
    phone.wait_for_url(re.compile(r"/petugas/pengaduan/antrean$"))
    routed = http.get(stack.url + f"/v1/complaints/{code}", headers=citizen["headers"]).json()
    assert routed["status"] == "dispositioned" and routed["category"] == CORRECTED, routed
    assert routed["agency_code"] == "dinas-pupr-7571" and routed.get("first_response_due_at"), routed
    notice = phone.locator(".sc-notice").inner_text()
    assert code in notice and routed["agency_name"] in notice, notice
    assert "dikoreksi dari Lampu jalan menjadi Jalan rusak" in notice or suggested != "lampu_jalan", notice
    assert "dikoreksi" in notice, notice
    assert phone.locator(f'tr[data-code="{code}"]').count() == 0
    check(phone, "pengaduan-antrean-sesudah")
    assert _corrections(stack, tmp_path) == corrections_before + 1  # train-model reads the correction

    phone.goto("/petugas/pengaduan/eskalasi")
    assert phone.locator("h1").inner_text().strip() == "Eskalasi tenggat"
    check(phone, "pengaduan-eskalasi")
    phone.get_by_role("button", name="Keluar").first.click()  # the header's log-out ends the staff session too
    phone.wait_for_url(re.compile(r"/$"))

    # --- the agency (Dinas PUPR Kota Gorontalo), JavaScript off
    page = phone_without_javascript
    officer = new_officer(
        stack, http, agency_code="dinas-pupr-7571", jurisdiction=["75.71"], full_name="Petugas PUPR Konsol Uji"
    )
    sign_in_staff(page, officer)
    page.goto("/petugas/pengaduan/instansi")
    row = page.locator(f'tr[data-code="{code}"]')
    assert "Diteruskan ke instansi" in row.inner_text()
    assert "WITA" in row.locator(".sc-deadline").inner_text()  # the first-response deadline
    check(page, "pengaduan-instansi")

    row.get_by_role("link", name=code).click()
    page.wait_for_url(re.compile(rf"/petugas/pengaduan/instansi/{code}$"))
    check(page, "pengaduan-tindak")
    page.get_by_role("button", name="Mulai tangani", exact=True).click()
    page.wait_for_url(re.compile(rf"/petugas/pengaduan/instansi/{code}$"))
    assert "sedang ditangani" in page.locator(".sc-notice").inner_text()
    assert page.locator(".sc-status").inner_text().strip() == "Sedang ditangani"

    page.get_by_label("Isi", exact=True).fill("ok")  # too short: the API's error, next to the field
    page.get_by_role("button", name="Kirim", exact=True).click()
    note_error = page.locator("#note-error")
    assert note_error.inner_text().strip() and page.get_by_label("Isi", exact=True).get_attribute("aria-invalid")
    check(page, "pengaduan-tindak-kabar-ditolak")  # a POST's answer: the twin is fed its HTML as it is
    page.get_by_label("Catatan internal", exact=True).check()
    page.get_by_label("Isi", exact=True).fill("Tim survei datang besok pagi")
    page.get_by_role("button", name="Kirim", exact=True).click()
    page.wait_for_url(re.compile(rf"/petugas/pengaduan/instansi/{code}$"))
    assert "Tim survei datang besok pagi" in page.locator(".sc-update-internal").inner_text()

    page.get_by_label("Apa yang sudah dikerjakan").fill("Jalan di depan rumah sudah ditambal dan dipadatkan")
    page.get_by_label("Foto hasil").set_input_files(str(_photo_file(tmp_path)))
    page.locator("#confirm_resolve").check()
    page.get_by_role("button", name="Nyatakan selesai", exact=True).click()
    page.wait_for_url(re.compile(rf"/petugas/pengaduan/instansi/{code}$"))
    assert "dinyatakan selesai" in page.locator(".sc-notice").inner_text()
    assert page.locator(".sc-status").inner_text().strip() == "Selesai ditangani"
    photo = page.locator("img.sc-photo-resolution")
    assert photo.count() == 1
    assert loaded_width(page, photo) == 320
    check(page, "pengaduan-selesai")

    # The escalations are the agency head's (and the dispatchers'): an officer is told so, in Indonesian.
    refused = page.goto("/petugas/pengaduan/eskalasi")
    assert refused.status == 403 and page.locator(".form-error").inner_text().strip()
    screenshot(page, "pengaduan-eskalasi-bukan-kepala")

    # --- the resident: resolved, with the agency's photo, on their timeline (/saya)
    seen = http.get(stack.url + f"/v1/complaints/{code}", headers=citizen["headers"]).json()
    assert seen["status"] == "resolved" and [p["kind"] for p in seen["photos"]] == ["resolution"], seen
    deadline = time.monotonic() + 30
    while True:
        items = http.get(stack.url + "/v1/me/timeline", headers=citizen["headers"]).json().get("items") or []
        item = next((i for i in items if i.get("reference") == code), None)
        if (item and item.get("state") == "resolved") or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert item and item["state"] == "resolved", items

    phone.goto("/masuk")
    phone.locator('input[name="username"]').fill(citizen["nik"])
    phone.locator('input[name="password"]').fill(CITIZEN_PASSWORD)
    phone.get_by_role("button", name="Masuk", exact=True).click()
    phone.wait_for_url(re.compile(r"/saya$"))
    entry = phone.locator(".timeline-item", has=phone.locator(".item-reference", has_text=code))
    state = entry.locator(".item-state").inner_text()
    label = (item.get("state_label") or {}).get("id") or "selesai"
    assert "selesai" in label.lower() and label in state, (label, state)
    screenshot(phone, "saya-pengaduan-selesai")

    serious = {name: found for name, found in problems.items() if found}
    assert serious == {}, serious
