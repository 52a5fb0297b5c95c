"""The tourism office's console pages (/petugas/wisata) in a real chromium against the real stack (issue 21
under issue 16's rules): a fresh officer of a Dinas Pariwisata (agency dispar-*) signs in with the password
and the authenticator code, with JavaScript OFF (every form posts): imports the shipped starting set as a
file, is warned when adding a place that duplicates Taman Laut Olele (and led to it), edits the real one,
and adds an event that the public calendar then shows. axe-core (on a JavaScript-on twin) and a
screenshot on every page."""

from __future__ import annotations

import datetime as dt
import pathlib
import re
import uuid

import pytest

from tests.e2e.browser.conftest import sign_in_staff
from tests.e2e.conftest import login
from tests.e2e.staff_accounts import enrol_authenticator, new_officer

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

ROOT = pathlib.Path(__file__).resolve().parents[3]
STARTING_SET = ROOT / "svc-tourism" / "src" / "gorontalo_tourism" / "data" / "destinations.json"


@pytest.fixture
def tourism_officer(stack, http):
    admin = login(stack, http, "admin", stack.demo_credentials()["admin"])
    code = f"dispar-75-{uuid.uuid4().hex[:4]}"
    made = http.post(
        stack.url + "/v1/identity/agencies",
        headers=admin,
        json={"code": code, "name": "Dinas Pariwisata Provinsi Gorontalo", "region_code": "75"},
    )
    assert made.status_code == 200, made.text
    username = new_officer(
        stack, http, agency_code=code, jurisdiction=["75"], full_name="Petugas Dinas Pariwisata Provinsi"
    )
    return username, enrol_authenticator(stack, http, username)


def test_a_tourism_officer_imports_the_set_is_warned_of_a_duplicate_edits_and_adds_an_event(
    phone_without_javascript, tourism_officer, page_check
):
    officer, check = phone_without_javascript, page_check
    sign_in_staff(officer, *tourism_officer)
    officer.get_by_role("link", name="Destinasi wisata (GORINDO)").click()
    officer.wait_for_url(re.compile(r"/petugas/wisata$"))
    assert "Dinas Pariwisata Provinsi Gorontalo" in officer.locator(".staff-scope").inner_text()
    check(officer, "petugas-wisata")

    officer.get_by_label("Berkas JSON").set_input_files(str(STARTING_SET))
    officer.get_by_role("button", name="Impor", exact=True).click()
    officer.wait_for_url(re.compile(r"/petugas/wisata$"))
    assert re.search(r"Impor selesai: \d+ destinasi baru, \d+ diperbarui\.", officer.locator(".notice").inner_text())
    assert officer.get_by_role("link", name="Taman Laut Olele").count() == 1
    check(officer, "petugas-wisata-impor")

    # A new place by Olele's name and location: the possible duplicate is named, nothing saved.
    officer.get_by_role("link", name="Tambah destinasi").first.click()
    officer.wait_for_url(re.compile(r"/petugas/wisata/baru$"))
    check(officer, "petugas-wisata-baru")
    officer.get_by_label("Nama", exact=True).fill("Olele")
    officer.get_by_label("Jenis destinasi").select_option("bawah_laut")
    officer.get_by_label("Kode wilayah").fill("75.03.08")
    officer.get_by_label("Lintang").fill("0,4070")
    officer.get_by_label("Bujur").fill("123.1600")
    officer.get_by_label("Deskripsi (Indonesia)").fill("Titik selam.")
    officer.get_by_role("button", name="Simpan", exact=True).click()
    assert officer.locator("#name-error").is_visible()
    assert officer.get_by_label("Nama", exact=True).input_value() == "Olele"
    check(officer, "petugas-wisata-duplikat")
    officer.get_by_role("link", name="Buka destinasi yang sudah ada").click()
    officer.wait_for_url(re.compile(r"/petugas/wisata/[^/]+/ubah$"))
    assert officer.get_by_label("Nama", exact=True).input_value() == "Taman Laut Olele"
    check(officer, "petugas-wisata-ubah")

    # The office fills in what it knows: hours and a price, shown on the public page.
    officer.get_by_label("Jam buka").fill("6 08:00-17:00\n7 08:00-17:00")
    officer.get_by_label("Harga tiket").fill("Dewasa | Adult | 15000")
    officer.get_by_role("button", name="Simpan", exact=True).click()
    officer.wait_for_url(re.compile(r"/ubah\?disimpan=1$"))
    assert officer.locator(".notice").inner_text() == "Tersimpan."
    officer.get_by_role("link", name="Lihat halaman publik").click()
    officer.wait_for_url(re.compile(r"/wisata/[^/]+$"))
    assert "Rp 15.000" in officer.locator(".wisata-prices").inner_text()
    assert "Sabtu 08:00–17:00 WITA" in officer.locator(".wisata-hours").inner_text()

    # An event at Benteng Otanaha, in the public calendar at once.
    officer.goto("/petugas/wisata/acara")
    check(officer, "petugas-wisata-acara")
    start = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    officer.get_by_label("Nama acara (Indonesia)").fill("Festival Uji Otanaha")
    officer.get_by_label("Nama acara (Inggris)").fill("Otanaha Test Festival")
    officer.get_by_label("Tanggal mulai").fill(start)
    officer.get_by_label("Di destinasi").select_option(label="Benteng Otanaha")
    officer.get_by_role("button", name="Simpan acara").click()
    officer.wait_for_url(re.compile(r"/petugas/wisata/acara$"))
    assert officer.locator(".notice").inner_text() == "Acara tersimpan."
    officer.goto(f"/wisata/acara?dari={start}")
    assert officer.get_by_role("link", name="Festival Uji Otanaha").count() == 1
    check(officer, "wisata-acara-baru")

    for path, name in (
        ("/petugas/wisata/usaha", "petugas-wisata-usaha"),
        ("/petugas/wisata/ulasan", "petugas-wisata-ulasan"),
    ):
        officer.goto(path)
        check(officer, name)
    assert check.serious() == {}
