"""A business owner lists a homestay in a real chromium against the real stack (issue 21, under issue 15's
rules): a resident who holds a permit (issued through svc-permits as tests/e2e/test_tourism_flow.py does)
logs in, lists the homestay at /wisata/usaha/daftar with that permit and sees "Berizin" on its page and
in "Usaha saya", then edits it; with JavaScript off, another resident citing that same permit is told the
listing waits for an officer's confirmation. The provincial tourism office imports the starting set in
one click, twice, and the second changes nothing. axe-core and a screenshot on every page."""

from __future__ import annotations

import re

import pytest

from tests.e2e.browser.conftest import sign_in_staff
from tests.e2e.browser.test_tourism_staff import tourism_officer  # noqa: F401  (fixture)
from tests.e2e.conftest import sign_up
from tests.e2e.test_permits_flow import _permit_types, _submit, random_nib

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

KOTA, KOTA_BARAT, DEMBE = "75.71", "75.71.01", "75.71.01.1001"


@pytest.fixture
def permit_holder(stack, http, residents):
    """A resident with an account and a low-risk permit (issued at once with the NIB) in their name."""
    resident = sign_up(stack, http, residents.take())
    permit_type = next(t for t in _permit_types(stack, http) if t["risk_level"] == "rendah")
    application = _submit(stack, http, resident, permit_type["kbli_code"], "Homestay Uji Peramban", nib=random_nib())
    assert application["permit_number"], application
    return resident | {"permit_number": application["permit_number"]}


def log_in(page, resident: dict) -> None:
    page.goto("/masuk")
    page.locator('input[name="username"]').fill(resident["nik"])
    page.locator('input[name="password"]').fill(resident["password"])
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_url(re.compile(r"/saya$"))


def fill_the_form(page, name: str, permit_number: str) -> None:
    """The form as a phone fills it: the picker one level at a time (its button brings the next list)."""
    page.get_by_label("Nama usaha").fill(name)
    page.get_by_label("Jenis usaha").select_option("homestay")
    for label, code in (("Kabupaten/kota", KOTA), ("Kecamatan", KOTA_BARAT)):
        page.get_by_label(label).select_option(code)
        with page.expect_navigation():  # the form posted for the next list, the page comes back
            page.get_by_role("button", name="Tampilkan pilihan berikutnya").click()
    page.get_by_label("Desa/kelurahan").select_option(DEMBE)
    assert page.get_by_label("Nama usaha").input_value() == name  # kept across the picker's steps
    page.get_by_label("Alamat").fill("Jl. Nani Wartabone No. 12")
    page.get_by_label("Nomor HP").fill("+62 811 4300 5678")
    page.get_by_label("Deskripsi (Indonesia)").fill("Tiga kamar bersih dekat Danau Limboto.")
    page.get_by_label("Nomor izin usaha (boleh kosong)").fill(permit_number)


def test_a_resident_lists_a_homestay_with_the_permit_they_hold_and_sees_berizin(
    phone, phone_without_javascript, permit_holder, stack, http, residents, page_check
):
    owner, check = phone, page_check
    log_in(owner, permit_holder)
    owner.goto("/wisata/usaha")
    owner.get_by_role("link", name="Daftarkan usaha Anda").click()
    owner.wait_for_url(re.compile(r"/wisata/usaha/daftar$"))
    check(owner, "wisata-usaha-daftar")
    fill_the_form(owner, "Homestay Dembe Uji", permit_holder["permit_number"].replace("/", "-"))
    check(owner, "wisata-usaha-daftar-terisi")
    owner.get_by_role("button", name="Daftarkan", exact=True).click()
    owner.wait_for_url(re.compile(r"/wisata/usaha/[^/]+\?baru=1$"))
    business_url = owner.url.split("?")[0]
    assert owner.locator(".notice").inner_text() == "Usaha Anda terdaftar."
    assert owner.locator(".badge-berizin").inner_text() == "✓ Berizin"
    status = owner.locator(".wisata-permit-status").inner_text()
    assert "Berlaku" in status and permit_holder["permit_number"] in status
    check(owner, "wisata-usaha-berizin")

    owner.get_by_role("link", name="Usaha saya").first.click()
    owner.wait_for_url(re.compile(r"/wisata/usaha/saya$"))
    [item] = owner.locator(".wisata-item").all()
    assert "Homestay Dembe Uji" in item.inner_text() and "✓ Berizin" in item.inner_text()
    check(owner, "wisata-usaha-saya")
    item.get_by_role("link", name="Ubah").click()
    owner.wait_for_url(re.compile(r"/wisata/usaha/[^/]+/ubah$"))
    assert owner.get_by_label("Desa/kelurahan").input_value() == DEMBE
    check(owner, "wisata-usaha-ubah")
    owner.get_by_label("Nama usaha").fill("Homestay Dembe Asri")
    owner.get_by_role("button", name="Simpan", exact=True).click()
    owner.wait_for_url(re.compile(r"\?disimpan=1$"))
    assert owner.locator("h1").inner_text() == "Homestay Dembe Asri"
    assert owner.locator(".badge-berizin").count() == 1  # the same permit keeps its badge

    # With JavaScript off, another resident cites the same permit: it waits for an officer.
    other = phone_without_javascript
    log_in(other, sign_up(stack, http, residents.take()))
    other.goto("/wisata/usaha/daftar")
    fill_the_form(other, "Homestay Tetangga Uji", permit_holder["permit_number"])
    other.get_by_role("button", name="Daftarkan", exact=True).click()
    other.wait_for_url(re.compile(r"\?baru=1$"))
    assert "Menunggu konfirmasi petugas" in other.locator(".wisata-permit-status").inner_text()
    assert other.locator(".badge-berizin").count() == 0
    check(other, "wisata-usaha-menunggu")
    # Strangers see the page, not its edit link.
    other.goto(business_url)
    assert other.locator(".badge-berizin").count() == 1 and other.get_by_role("link", name="Ubah").count() == 0
    assert check.serious() == {}


def test_the_provincial_office_imports_the_starting_set_in_one_click_and_again_changes_nothing(
    phone_without_javascript,
    tourism_officer,  # noqa: F811
    page_check,
):
    officer, check = phone_without_javascript, page_check
    sign_in_staff(officer, *tourism_officer)
    officer.goto("/petugas/wisata")
    for _ in range(2):
        officer.get_by_role("button", name="Impor set awal").click()
        officer.wait_for_url(re.compile(r"/petugas/wisata$"))
    # Whether this click or another test imported it first, the second click finds all 8 and writes nothing.
    assert officer.locator(".notice").inner_text() == "Set awal diimpor: 0 destinasi baru, 8 sudah ada (tidak diubah)."
    assert officer.get_by_role("link", name="Taman Laut Olele").count() == 1
    check(officer, "petugas-wisata-set-awal")
    assert check.serious() == {}
