"""A complaint in a phone-sized chromium through the real stack: filed with a photo and a location (the
phone's position and the kabupaten > kecamatan > desa lists), followed by its code in a logged-out browser,
answered, rated; filed without an account; and the same with JavaScript off, where a similar complaint
nearby is offered and supported instead of filed twice. Screenshots and axe-core on every page."""

from __future__ import annotations

import io
import random
import re

import pytest
from PIL import Image

from tests.e2e.browser.conftest import _phone_context, axe_violations, loaded_width
from tests.e2e.browser.test_citizen_first_journey import FIRST_LOAD_BUDGET, assert_security_headers, sign_up
from tests.e2e.conftest import e164, login, random_phone, unique
from tests.e2e.conftest import sign_up as sign_up_by_api

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

CODE = re.compile(r"/lacak/(GTO-[0-9A-Z]{4}-[0-9A-Z]{2})\?baru=1$")
PUPR_OFFICER = "petugas.pupr.kota"


def _photo() -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (96, 64), (180, 90, 40)).save(buffer, format="PNG")
    return {"name": "jalan.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def _somewhere_in_kota() -> tuple[float, float]:
    """A spot in Kota Gorontalo of its own (other tests file near the city centre: 250 m decides "nearby")."""
    return round(0.535 + random.uniform(0, 0.03), 5), round(123.03 + random.uniform(0, 0.04), 5)


class Checks:
    """Screenshot and axe-core on every page shown; the violations are asserted at the end of a test."""

    def __init__(self, screenshot, *, axe: bool = True):
        self.screenshot = screenshot
        self.axe = (
            axe  # axe-core is a script: a page with JavaScript off cannot run it (the same HTML is checked with it on)
        )
        self.problems: dict[str, list] = {}

    def __call__(self, page, name: str) -> None:
        assert page.locator("html").get_attribute("lang") == "id", name
        assert page.locator("h1").count() == 1, name
        self.screenshot(page, name)
        if self.axe:
            self.problems[name] = axe_violations(page)
            # Readable at 360 px: nothing wider than the phone (a long code or key wraps).
            assert page.evaluate("document.documentElement.scrollWidth") <= 360, name

    def assert_clean(self) -> None:
        assert not any(self.problems.values()), {name: found for name, found in self.problems.items() if found}


def _first_load_bytes(page) -> int:
    entries = page.evaluate(
        """() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
              .filter(e => !e.name.includes('/foto/')).map(e => e.transferSize)"""
    )
    return sum(entries)


def _fill_problem(page, title: str, with_photo: bool = True) -> None:
    page.select_option("#category", "jalan_rusak")
    page.fill("#title", title)
    page.fill("#description", "Lubang sedalam 30 cm di tengah jalan, sudah dua motor jatuh minggu ini.")
    if with_photo:
        page.set_input_files("#photo", _photo())


def _submit(page) -> str:
    page.get_by_role("button", name="Kirim pengaduan", exact=True).click()
    page.wait_for_url(CODE)
    return CODE.search(page.url).group(1)


def test_file_with_photo_and_location_then_follow_it_logged_out(
    browser, phone, stack, http, dev_phone, residents, screenshot, web_url
):
    checks = Checks(screenshot)
    sign_up(phone, stack, dev_phone, residents.take())
    latitude, longitude = _somewhere_in_kota()
    phone.context.grant_permissions(["geolocation"], origin=web_url)
    phone.context.set_geolocation({"latitude": latitude, "longitude": longitude})

    phone.goto("/pengaduan")
    assert _first_load_bytes(phone) < FIRST_LOAD_BUDGET
    form = phone.locator("form[data-offline-draft]")
    assert form.count() == 1 and form.locator('input[type="hidden"][name="idempotency_key"]').count() == 1
    assert phone.get_by_role("button", name="Tampilkan pilihan berikutnya").is_hidden()  # the script took over
    checks(phone, "pengaduan")
    phone.get_by_role("button", name="Pakai lokasi saya sekarang").click()
    phone.wait_for_function("() => document.querySelector('#latitude').value !== ''")
    assert abs(float(phone.input_value("#latitude")) - latitude) < 1e-4
    phone.select_option("#kabupaten", "75.71")
    phone.wait_for_selector('#kecamatan option[value="75.71.02"]', state="attached")
    phone.select_option("#kecamatan", "75.71.02")
    phone.wait_for_function("() => document.querySelector('#desa').options.length > 1")
    village = phone.locator("#desa option").nth(1).get_attribute("value")
    phone.select_option("#desa", village)
    title = unique("Jalan berlubang di lorong pasar")
    _fill_problem(phone, title)
    checks(phone, "pengaduan-terisi")
    code = _submit(phone)

    assert phone.locator("h1").inner_text().strip().endswith(code)
    assert "Pengaduan Anda terkirim" in phone.locator(".notice-success").inner_text()
    photo = phone.locator("ul.photos img").first
    assert loaded_width(phone, photo) == 96
    checks(phone, "lacak-pemilik")
    # The platform has it as filed: signed in, with the photo, the position and the village.
    officer = login(stack, http, PUPR_OFFICER, stack.demo_credentials()[PUPR_OFFICER])
    stored = http.get(f"{stack.url}/v1/complaints/{code}", headers=officer).json()
    assert stored["title"] == title and stored["region_code"] == village and len(stored["photos"]) == 1
    public = http.get(f"{stack.url}/v1/public/complaints.geojson", params={"region_code": village, "page_size": 100})
    [feature] = [f for f in public.json()["features"] if f["id"] == code]
    assert feature["geometry"]["coordinates"] == [round(longitude, 3), round(latitude, 3)]  # the phone's position

    phone.goto("/pengaduan/saya")
    assert code in phone.locator("main").inner_text()
    checks(phone, "pengaduan-saya")

    # Anyone with the code, without logging in, on another phone.
    stranger_context = _phone_context(browser, web_url)
    stranger = stranger_context.new_page()
    try:
        stranger.goto("/lacak")
        checks(stranger, "lacak")
        stranger.fill("#kode", code.lower().replace("-", " "))
        stranger.get_by_role("button", name="Lacak", exact=True).click()
        stranger.wait_for_url(re.compile(rf"/lacak/{code}$"))
        page_text = stranger.locator("main").inner_text()
        assert title in page_text and "Dinas" in page_text
        assert stranger.locator("form[action$='/nilai'], form[action$='/jawab']").count() == 0
        assert loaded_width(stranger, stranger.locator("ul.photos img").first) == 96
        checks(stranger, "lacak-publik")
        assert_security_headers(stranger_context.answers, stack.streams_url)

        # The agency asks, the reporter answers on the page; the agency resolves, the reporter rates.
        asked = http.post(
            f"{stack.url}/v1/complaints/{code}/updates",
            headers=officer,
            json={"note": "Tepatnya di depan nomor rumah berapa?", "kind": "question"},
        )
        assert asked.status_code == 200, asked.text
        phone.goto(f"/lacak/{code}")
        phone.fill("#note", "Depan rumah nomor 12, sebelah kios.")
        phone.get_by_role("button", name="Kirim jawaban").click()
        phone.wait_for_url(re.compile(rf"/lacak/{code}$"))
        assert "Jawaban Anda terkirim" in phone.locator("main").inner_text()
        assert "Depan rumah nomor 12" in phone.locator("ol.updates").inner_text()
        assert phone.locator("form[action$='/jawab']").count() == 0  # answered: nothing is asked any more
        checks(phone, "lacak-dijawab")
        resolved = http.post(
            f"{stack.url}/v1/complaints/{code}:resolve", headers=officer, json={"note": "Sudah ditambal."}
        )
        assert resolved.status_code == 200, resolved.text
        phone.goto(f"/lacak/{code}")
        checks(phone, "lacak-selesai")
        phone.check("#rating-4")
        phone.fill("#comment", "Cepat, terima kasih")
        phone.get_by_role("button", name="Kirim nilai dan tutup").click()
        phone.wait_for_url(re.compile(rf"/lacak/{code}$"))
        assert phone.locator("[data-status]").get_attribute("data-status") == "closed"
        stranger.reload()
        assert stranger.locator("[data-status]").get_attribute("data-status") == "closed"
    finally:
        stranger_context.close()
    assert_security_headers(phone.context.answers, stack.streams_url)
    checks.assert_clean()


def test_file_without_an_account_shows_the_reporter_key_once(browser, phone, screenshot, stack):
    checks = Checks(screenshot)
    phone.goto("/pengaduan")
    assert phone.locator("#photo").count() == 0  # the photo routes need an account
    checks(phone, "pengaduan-anonim")
    phone.select_option("#kabupaten", "75.71")
    phone.wait_for_selector('#kecamatan option[value="75.71.01"]', state="attached")
    phone.select_option("#kecamatan", "75.71.01")
    contact = random_phone()
    stack.personal_numbers.update({contact, e164(contact)})
    _fill_problem(phone, unique("Lampu jalan padam"), with_photo=False)
    phone.select_option("#category", "lampu_jalan")
    phone.fill("#contact_phone", contact)
    code = _submit(phone)
    assert contact not in phone.url
    key = phone.locator("[data-reporter-key]").inner_text().strip()
    assert len(key) >= 16
    checks(phone, "lacak-anonim-baru")
    phone.goto(f"/lacak/{code}")
    assert key not in phone.content()  # only on the page right after filing
    assert phone.locator("[data-status]").count() == 1 and code in phone.locator("h1").inner_text()
    checks.assert_clean()


def test_with_javascript_off_region_lists_step_by_step_and_a_similar_complaint_is_supported(
    phone_without_javascript, stack, http, dev_phone, residents, screenshot
):
    page = phone_without_javascript
    checks = Checks(screenshot, axe=False)
    # Someone else already reported this spot.
    latitude, longitude = _somewhere_in_kota()
    neighbour = sign_up_by_api(stack, http, residents.take())
    earlier = http.post(
        stack.url + "/v1/complaints",
        headers=neighbour["headers"],
        json={
            "category": "jalan_rusak",
            "title": unique("Jalan amblas"),
            "description": "Badan jalan amblas dekat jembatan kecil.",
            "region_code": "75.71.02",
            "latitude": latitude,
            "longitude": longitude,
        },
    )
    assert earlier.status_code == 200, earlier.text
    earlier_code = earlier.json()["tracking_code"]

    sign_up(page, stack, dev_phone, residents.take())
    page.goto("/pengaduan")
    checks(page, "pengaduan-tanpa-js")
    page.select_option("#kabupaten", "75.71")
    page.get_by_role("button", name="Tampilkan pilihan berikutnya").click()
    page.wait_for_selector('#kecamatan option[value="75.71.02"]', state="attached")
    page.select_option("#kecamatan", "75.71.02")
    page.get_by_role("button", name="Tampilkan pilihan berikutnya").click()
    page.locator("#desa option").nth(1).wait_for(state="attached")
    assert page.input_value("#kabupaten") == "75.71" and page.input_value("#kecamatan") == "75.71.02"
    village = page.locator("#desa option").nth(1).get_attribute("value")
    page.select_option("#desa", village)
    checks(page, "pengaduan-tanpa-js-wilayah")
    page.fill("#latitude", str(latitude))
    page.fill("#longitude", str(longitude))
    _fill_problem(page, unique("Jalan amblas lagi"))
    page.get_by_role("button", name="Kirim pengaduan", exact=True).click()

    # Not filed yet: the complaint already there is offered first.
    similar = page.locator("section.similar")
    similar.wait_for()
    assert earlier_code in similar.inner_text()
    checks(page, "pengaduan-serupa")
    similar.locator(f"form[action='/pengaduan/{earlier_code}/dukung'] button").click()
    page.wait_for_url(re.compile(rf"/lacak/{earlier_code}$"))
    assert "dukungan Anda tercatat" in page.locator("main").inner_text()
    checks(page, "lacak-didukung")
    assert http.get(f"{stack.url}/v1/complaints/{earlier_code}").json()["support_count"] == 1
    mine = http.get(stack.url + "/v1/complaints", headers=neighbour["headers"]).json()["complaints"]
    assert [c["tracking_code"] for c in mine] == [earlier_code]

    # A problem somewhere else is filed, still without JavaScript, photo included.
    page.goto("/pengaduan")
    page.select_option("#kabupaten", "75.04")
    page.get_by_role("button", name="Tampilkan pilihan berikutnya").click()
    page.wait_for_selector('#kecamatan option[value="75.04.04"]', state="attached")
    page.select_option("#kecamatan", "75.04.04")
    title = unique("Jalan desa rusak berat")
    _fill_problem(page, title)
    code = _submit(page)
    assert page.locator("ul.photos img").count() == 1
    checks(page, "lacak-tanpa-js")
    stored = http.get(f"{stack.url}/v1/complaints/{code}").json()
    assert stored["region_code"] == "75.04.04" and stored["title"] == title
    assert_security_headers(page.context.answers, stack.streams_url)
    checks.assert_clean()
