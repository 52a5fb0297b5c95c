"""/izin in a phone-sized chromium through the real stack (issue 15): a new resident finds a low-risk
permit, applies with document uploads, sees it issued and downloads the certificate; with JavaScript off
the apply form still works (a field error first, the files not asked again). A high-risk application
goes through a revision and its fee's kode bayar, the officer acting through the gateway's API as the
demo officer would. Screenshots and axe-core on every /izin page."""

from __future__ import annotations

import re
import urllib.parse

import pytest

from tests.e2e.browser.conftest import axe_violations
from tests.e2e.browser.test_citizen_first_journey import FIRST_LOAD_BUDGET, sign_up
from tests.e2e.conftest import login, unique
from tests.e2e.test_permits_flow import png_bytes, random_nib

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

LOW_RISK_KBLI = "56102"  # Rumah/Warung Makan: rendah, issued at once with the NIB
HIGH_RISK_KBLI = "41011"  # Konstruksi Gedung Hunian: tinggi, reviewed by DPMPTSP, with a fee
KOTA_BARAT = "75.71.01"  # a kecamatan of Kota Gorontalo: petugas.kota's jurisdiction


class Checks:
    """Screenshot, lang and axe-core on each page shown; the violations are asserted at the end."""

    def __init__(self, screenshot, *, axe: bool = True):
        self.screenshot = screenshot
        self.axe = axe  # axe-core runs as a script: not in a context with JavaScript off
        self.problems: dict[str, list] = {}

    def __call__(self, page, name: str) -> None:
        assert page.locator("html").get_attribute("lang") == "id", name
        assert page.locator("h1").count() == 1, name
        self.screenshot(page, name)
        if self.axe:
            self.problems[name] = axe_violations(page)

    def assert_clean(self) -> None:
        assert not any(self.problems.values()), {name: found for name, found in self.problems.items() if found}


def assert_headers(answers) -> None:
    """Every answer of the web app this phone saw: a CSP without inline scripts or styles, nosniff, and
    `no-store` on every /izin page (each is personal or carries the session's CSRF token)."""
    assert answers.seen
    for response in answers.seen:
        where = f"{response.request.method} {response.url} ({response.status})"
        policy = {
            " ".join(part.split()) for part in (response.header_value("content-security-policy") or "").split(";")
        }
        assert {"script-src 'self'", "style-src 'self'", "object-src 'none'"} <= policy, where
        assert "unsafe-inline" not in " ".join(policy), where
        assert response.header_value("x-content-type-options") == "nosniff", where
        if urllib.parse.urlsplit(response.url).path.startswith("/izin"):
            assert "no-store" in (response.header_value("cache-control") or ""), where


def attach(page, index: int, name: str, seed: int) -> None:
    """A phone's scan (a real PNG) chosen in the file input of required document `index`."""
    page.locator(f'input[name="document_{index}"]').set_input_files(
        {"name": name, "mimeType": "image/png", "buffer": png_bytes(seed)}
    )


def fill_business(page, business_name: str, nib: str) -> None:
    page.get_by_label("Nama usaha").fill(business_name)
    page.get_by_label("Alamat usaha").fill("Jl. Nani Wartabone No. 10")
    page.get_by_label("Kecamatan lokasi usaha").select_option(KOTA_BARAT)
    page.get_by_label("NIB (13 digit, dari OSS)").fill(nib)
    page.get_by_label("Nilai investasi (Rupiah)").fill("25000000")
    page.get_by_label("Jumlah tenaga kerja").fill("3")


def find_and_open_the_form(page, check, query: str, kbli: str) -> None:
    page.goto("/izin")
    check(page, "izin")
    page.get_by_label("Kode KBLI atau kata kunci").fill(query)
    page.get_by_role("button", name="Cari", exact=True).click()
    page.wait_for_url(re.compile(r"/izin\?q="))
    results = page.locator(".izin-type")
    assert results.count() >= 1 and all(kbli in text or query in text.lower() for text in results.all_inner_texts())
    check(page, f"izin-cari-{kbli}")
    page.locator(f'a[href="/izin/ajukan/{kbli}"]').click()
    page.wait_for_url(re.compile(rf"/izin/ajukan/{kbli}$"))
    assert page.locator("form[enctype='multipart/form-data']").count() == 1
    check(page, f"izin-ajukan-{kbli}")


def test_resident_applies_for_a_low_risk_permit_sees_it_issued_and_downloads_the_certificate(
    phone, stack, dev_phone, residents, screenshot, web_url
):
    check = Checks(screenshot)
    phone.goto("/izin")  # a first visit: nothing cached yet
    phone.wait_for_load_state("load")
    entries = phone.evaluate(
        """() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
              .map(e => ({name: e.name, transferSize: e.transferSize}))"""
    )
    assert entries and sum(e["transferSize"] for e in entries) < FIRST_LOAD_BUDGET, entries
    sign_up(phone, stack, dev_phone, residents.take())
    find_and_open_the_form(phone, check, "warung", LOW_RISK_KBLI)

    business = unique("Warung Binte")
    fill_business(phone, business, random_nib())
    attach(phone, 0, "ktp.png", 1)
    attach(phone, 1, "../../npwp.png", 2)
    phone.get_by_role("button", name="Kirim permohonan", exact=True).click()
    phone.wait_for_url(re.compile(r"/izin/permohonan/[^/]+$"))
    assert phone.locator("h1").inner_text().strip() == business
    assert "Terbit" in phone.locator(".izin-lead").inner_text()
    number = phone.locator("dt:has-text('Nomor izin') + dd").inner_text().strip()
    assert re.fullmatch(r"7571/DPMPTSP/\d{4}/\d{6}", number), number
    timeline = phone.locator(".izin-timeline li").all_inner_texts()
    assert timeline and "Diajukan" in timeline[0] and "WITA" in timeline[0] and "Terbit" in timeline[-1]
    assert phone.locator(".izin-doclist li").all_inner_texts() == ["KTP penanggung jawab", "NPWP"]
    check(phone, "izin-permohonan-terbit")

    with phone.expect_download() as waiting:
        phone.get_by_role("link", name="Unduh sertifikat izin (PDF)").click()
    download = waiting.value
    assert download.suggested_filename == f"izin-{number.replace('/', '-')}.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    # A download emits no page response: the same address again with this phone's session, for its headers.
    answer = phone.request.get(f"/izin/sertifikat/{number.replace('/', '-')}")
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["content-disposition"].startswith("attachment;")
    assert answer.body().startswith(b"%PDF-")

    phone.goto("/izin/saya")
    assert business in phone.locator(".izin-applications").inner_text()
    check(phone, "izin-saya")
    assert_headers(phone.context.answers)
    check.assert_clean()


def test_the_apply_form_works_with_javascript_off(phone_without_javascript, stack, dev_phone, residents, screenshot):
    page = phone_without_javascript
    check = Checks(screenshot, axe=False)  # the same pages are checked with axe in the other tests
    sign_up(page, stack, dev_phone, residents.take())
    find_and_open_the_form(page, check, LOW_RISK_KBLI, LOW_RISK_KBLI)

    business = unique("Kedai Pilitode")
    fill_business(page, "W", random_nib())  # too short: the platform's field error
    attach(page, 0, "ktp.png", 3)
    attach(page, 1, "npwp.png", 4)
    page.get_by_role("button", name="Kirim permohonan", exact=True).click()
    page.wait_for_load_state()
    error = page.locator("#business_name-error")
    assert error.inner_text().strip(), "the platform's message for business_name is shown next to it"
    assert page.get_by_label("Nama usaha").get_attribute("aria-invalid") == "true"
    assert page.locator(".izin-file .hint").all_inner_texts()[0].startswith("Sudah diunggah")
    check(page, "izin-ajukan-galat")

    # Corrected, without choosing the files again: the ones uploaded are used, once.
    page.get_by_label("Nama usaha").fill(business)
    page.get_by_role("button", name="Kirim permohonan", exact=True).click()
    page.wait_for_url(re.compile(r"/izin/permohonan/[^/]+$"))
    assert page.locator("h1").inner_text().strip() == business
    assert "Terbit" in page.locator(".izin-lead").inner_text()
    check(page, "izin-permohonan-tanpa-js")
    assert page.locator(".izin-doclist li").count() == 2
    assert_headers(page.context.answers)
    check.assert_clean()


def test_a_high_risk_application_is_revised_and_its_fee_gets_a_kode_bayar(
    phone, stack, http, dev_phone, residents, screenshot
):
    check = Checks(screenshot)
    sign_up(phone, stack, dev_phone, residents.take())
    find_and_open_the_form(phone, check, "konstruksi", HIGH_RISK_KBLI)
    business = unique("CV Bangun Hulonthalo")
    fill_business(phone, business, "123")  # not 13 digits: the platform's field error
    documents = phone.locator('input[type="file"]')
    for index in range(documents.count()):
        attach(phone, index, f"dokumen-{index}.png", 10 + index)
    phone.get_by_role("button", name="Kirim permohonan", exact=True).click()
    phone.locator("#nib-error").wait_for()
    check(phone, "izin-ajukan-galat-nib")
    phone.get_by_label("NIB (13 digit, dari OSS)").fill(random_nib())
    phone.get_by_role("button", name="Kirim permohonan", exact=True).click()
    phone.wait_for_url(re.compile(r"/izin/permohonan/[^/]+$"))
    application_id = phone.url.rsplit("/", 1)[1]
    assert "Diajukan" in phone.locator(".izin-lead").inner_text()
    assert phone.locator("dt:has-text('Batas waktu layanan') + dd").inner_text().strip()
    check(phone, "izin-permohonan-diajukan")

    # The DPMPTSP officer of Kota Gorontalo asks for a revision, through the gateway as the demo officer would.
    officer = login(stack, http, "petugas.kota", stack.demo_credentials()["petugas.kota"])
    base = stack.url + f"/v1/permits/applications/{application_id}"
    assert http.post(base + ":review", headers=officer, json={"note": "mulai verifikasi"}).status_code == 200
    note = "Unggah ulang akta pendirian yang terbaca"
    assert http.post(base + ":request-revision", headers=officer, json={"note": note}).status_code == 200
    phone.reload()
    assert "Perlu perbaikan" in phone.locator(".izin-lead").inner_text()
    assert note in phone.locator(".izin-timeline").inner_text()
    check(phone, "izin-permohonan-perbaikan")
    before = http.get(base, headers=officer).json()["documents"]
    phone.get_by_label("Catatan untuk petugas").fill("Akta dipindai ulang")
    attach(phone, 0, "akta-baru.png", 99)
    phone.get_by_role("button", name="Kirim perbaikan", exact=True).click()
    phone.wait_for_url(re.compile(rf"/izin/permohonan/{application_id}$"))
    assert "Diajukan" in phone.locator(".izin-lead").inner_text()
    after = http.get(base, headers=officer).json()["documents"]
    assert after[0]["document_id"] != before[0]["document_id"]  # the one replaced
    assert [d["document_id"] for d in after[1:]] == [d["document_id"] for d in before[1:]]  # the rest kept

    assert http.post(base + ":review", headers=officer, json={}).status_code == 200
    approved = http.post(base + ":approve", headers=officer, json={"note": "disetujui"})
    assert approved.status_code == 200 and approved.json()["status"] == "awaiting_payment", approved.text
    phone.reload()
    phone.get_by_role("button", name="Buat kode bayar", exact=True).click()
    phone.wait_for_url(re.compile(rf"/izin/permohonan/{application_id}#bayar$"))
    code = phone.locator(".izin-billing-code").inner_text().strip()
    assert re.fullmatch(r"753\d{13}", code), code  # kode bayar of a fee (retribusi)
    fee = int(approved.json()["fee_rupiah"])  # fixed at submission; the bill's principal, no penalty yet
    assert fee > 0 and f"Rp {fee:,}".replace(",", ".") in phone.locator("#bayar").inner_text()
    check(phone, "izin-permohonan-bayar")

    # Withdrawn while unpaid: the bill is cancelled in svc-tax first.
    phone.get_by_text("Saya ingin menarik permohonan ini").click()  # a <details>: no script needed
    phone.get_by_label("Alasan (boleh kosong)").fill("usaha ditunda")
    phone.get_by_role("button", name="Tarik permohonan ini", exact=True).click()
    phone.wait_for_url(re.compile(rf"/izin/permohonan/{application_id}$"))
    assert "Ditarik" in phone.locator(".izin-lead").inner_text()
    assert http.get(base, headers=officer).json()["payment_status"] == "cancelled"  # svc-tax cancelled the bill
    check(phone, "izin-permohonan-ditarik")
    assert_headers(phone.context.answers)
    check.assert_clean()
