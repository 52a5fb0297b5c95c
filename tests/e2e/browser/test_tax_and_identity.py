"""A resident's digital ID and regional tax in a phone-sized chromium, through the real stack.

Signed up in the browser (level 1), the resident opens /saya/identitas, starts the in-person check and
shows its QR; a kelurahan/Disdukcapil officer confirms it through the API as the officer's app would;
the page then gives the digital ID with its QR embedded (a data: image, readable offline), the access
log naming the officer, and the data export as a JSON download. On /pajak the resident registers a
vehicle and claims a property Bapenda imported under their NIK; Bapenda's annual run bills both; the
resident checks out to a kode bayar, a bank pays it with a signed notification (the bank simulator,
through the gateway's API), and the bill shows paid with its receipt and the receipt's PDF.
Screenshots of every page, axe-core on every page; the same pages with JavaScript off.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import json
import pathlib
import random
import re

import pytest

from gorontalo_tax.domain.property import BPS_TO_KEMENDAGRI_REGENCY
from tests.e2e.browser.conftest import PHONE
from tests.e2e.browser.test_citizen_first_journey import (
    FIRST_LOAD_BUDGET,
    PASSWORD,
    assert_security_headers,
    sign_up,
)
from tests.e2e.conftest import in_person_officer

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

CHANNEL = "bank-sulutgo"
IMPORT_COLUMNS = (
    "kind,owner_nik,plate_number,vehicle_type,model_year,taxable_value,regency_code,nop,"
    "land_area_m2,building_area_m2,njop_land,njop_building"
).split(",")


def _plate() -> str:
    return f"DM {random.randrange(1, 10000)} {''.join(random.choice('ABCDEFGHJKLMNPRSTUVWXYZ') for _ in range(3))}"


def _import_property(stack, nik: str, regency: str) -> str:
    """Bapenda's master data: one land-and-building object under the resident's NIK. Returns its NOP."""
    bps = {kemendagri: bps for bps, kemendagri in BPS_TO_KEMENDAGRI_REGENCY.items()}[regency]
    nop = (
        f"{bps}{random.randrange(10, 120):03d}{random.randrange(1, 20):03d}{random.randrange(1, 50):03d}"
        f"{random.randrange(1, 10000):04d}0"
    )
    path = stack.workdir / f"browser-objects-{nop}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=IMPORT_COLUMNS)
        writer.writeheader()
        row = {"kind": "property", "owner_nik": nik, "nop": nop, "land_area_m2": 240, "building_area_m2": 72}
        writer.writerow(row | {"njop_land": 240 * 450_000, "njop_building": 72 * 2_100_000})
    imported = stack.cli("tax", "import-objects", str(path))
    assert imported.returncode == 0, imported.stderr[-2000:]
    return nop


def _bapenda_bills_the_year(stack) -> None:
    # This year's PKB (due 30 June) and PBB-P2 (due 31 August) are past due today: the penalty shows.
    billed = stack.cli("tax", "generate-bills", "--year", str(dt.date.today().year))
    assert billed.returncode == 0, billed.stderr[-2000:]


def _register_vehicle(page, plate: str) -> None:
    page.locator('input[name="plate_number"]').fill(plate)
    page.locator('select[name="vehicle_type"]').select_option("sepeda_motor")
    page.locator('input[name="model_year"]').fill("2021")
    page.locator('input[name="taxable_value"]').fill("18.000.000")
    page.locator('select[name="regency_code"]').select_option("75.71")
    page.get_by_role("button", name="Daftarkan", exact=True).click()


def _data_url(page, selector: str) -> bytes:
    src = page.locator(selector).get_attribute("src") or ""
    assert src.startswith("data:image/"), src[:40]  # embedded: shown without a network once the page is open
    return base64.b64decode(src.split(",", 1)[1])


def _first_load_bytes(browser, phone, web_url, path: str) -> int:
    """HTML + CSS + JS (+ the embedded QR) of `path` as a first visit from this phone's session sees it:
    a fresh context (nothing cached) with the same session cookie; the browser's own resource timing."""
    context = browser.new_context(viewport=PHONE, base_url=web_url, storage_state=phone.context.storage_state())
    try:
        page = context.new_page()
        page.goto(path)
        page.wait_for_load_state("load")
        sizes = page.evaluate(
            """() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
                  .map(e => e.transferSize)"""
        )
    finally:
        context.close()
    assert sizes and sizes[0] > 0, (path, sizes)
    return sum(sizes)


def test_resident_gets_the_digital_id_and_pays_a_tax_bill(
    phone, browser, web_url, stack, http, dev_phone, residents, screenshot, page_check
):
    check = page_check

    resident = residents.take()
    regency = resident["village_code"][:5]
    sign_up(phone, stack, dev_phone, resident)

    # --- /saya/identitas at level 1: the in-person check -----------------------------------------------------
    phone.goto("/saya/identitas")
    assert phone.locator("h1").inner_text().strip() == "Identitas digital saya"
    assert phone.get_by_role("button", name="Terbitkan KTP digital").count() == 0  # level 2 first
    check(phone, "identitas-tingkat-1")
    phone.get_by_role("button", name="Mulai pemeriksaan", exact=True).click()
    phone.wait_for_url(re.compile(r"/saya/identitas#pemeriksaan$"))
    assert _data_url(phone, 'img[alt^="Kode QR pemeriksaan"]')
    challenge = phone.locator(".id-challenge").inner_text().strip()
    assert challenge and challenge not in phone.url
    check(phone, "identitas-pemeriksaan")

    # The officer scans the QR and confirms against the e-KTP, from the officer's own app (the API).
    confirmed = http.post(
        stack.url + "/v1/identity/assurance:confirmInPerson",
        headers=in_person_officer(stack, http, regency),
        json={"challenge": challenge, "nik": resident["nik"], "purpose": "Aktivasi IKD di loket"},
    )
    assert confirmed.status_code == 200, confirmed.text
    phone.get_by_role("link", name="Perbarui status").click()
    # Level 2 now, without logging in again: the page refreshed the session's tokens.
    phone.get_by_role("button", name="Terbitkan KTP digital").click()
    phone.wait_for_url(re.compile(r"/saya/identitas#kartu$"))
    shown = _data_url(phone, "img.id-qr")
    assert phone.locator(".id-name").inner_text().strip().upper() == resident["full_name"].upper()
    assert resident["nik"] not in phone.content()  # the card shows the NIK masked
    log = phone.locator(".id-log").inner_text()
    assert "Aktivasi IKD di loket" in log, log
    check(phone, "identitas")

    # Readable offline once opened: under the service worker the page is kept; during a real outage of
    # the web origin (every request refused, the worker's own included) it opens with the same QR.
    phone.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    phone.reload()
    outage = re.compile("^" + re.escape(web_url) + "/")
    phone.context.route(outage, lambda route: route.abort("internetdisconnected"))
    try:
        phone.goto("/saya/identitas")
        assert phone.locator("h1").inner_text().strip() == "Identitas digital saya"
        assert _data_url(phone, "img.id-qr") == shown
        screenshot(phone, "identitas-luring")
    finally:
        phone.context.unroute(outage)

    # The QR embedded is the one identity draws for this resident's current credential.
    token = http.post(stack.url + "/v1/identity/token", json={"username": resident["nik"], "password": PASSWORD})
    assert token.status_code == 200 and token.json()["acr"] == 2, token.text
    own = {"Authorization": f"Bearer {token.json()['access_token']}"}
    credentials = http.get(stack.url + "/v1/me/data", headers=own).json()["credentials"]
    assert len(credentials) == 1 and not credentials[0].get("revoked"), credentials
    drawn = http.get(stack.url + f"/v1/me/credentials/{credentials[0]['id']}/qr", headers=own, params={"format": "png"})
    assert drawn.status_code == 200 and drawn.content == shown

    # The export: a JSON file of everything identity holds, never kept by a cache on the way.
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Unduh data saya (JSON)").click()
    exported = json.loads(pathlib.Path(download.value.path()).read_text(encoding="utf-8"))
    assert exported["account"]["nik"] == resident["nik"]
    assert [c["id"] for c in exported["credentials"]] == [credentials[0]["id"]]
    export = phone.request.get("/saya/identitas/data-saya.json")
    assert export.ok and "no-store" in export.headers["cache-control"]
    assert export.headers["content-disposition"].startswith("attachment;")

    # --- /pajak: register a vehicle, claim what Bapenda holds under the NIK ----------------------------------
    phone.goto("/pajak")
    assert phone.locator("h1").inner_text().strip() == "Pajak saya"
    check(phone, "pajak-kosong")
    plate = _plate()
    _register_vehicle(phone, plate)
    phone.wait_for_url(re.compile(r"/pajak#kendaraan$"))
    assert plate in phone.locator("#kendaraan + ul").inner_text()
    nop = _import_property(stack, resident["nik"], regency)
    phone.get_by_role("button", name="Klaim objek pajak saya").click()
    phone.wait_for_url(re.compile(r"/pajak#tagihan$"))
    assert "1 tanah/bangunan" in phone.locator("p.notice[role=status]").inner_text()

    _bapenda_bills_the_year(stack)
    phone.goto("/pajak")
    bills = phone.locator("#tagihan + ul").inner_text()
    assert f"PKB {dt.date.today().year} {plate}" in bills and "PBB-P2" in bills and "termasuk denda" in bills, bills
    assert nop[:4] in phone.locator("#tanah-bangunan + ul").inner_text().replace(".", "")
    check(phone, "pajak")

    # --- the PKB bill: its lines with the penalty, checkout to a kode bayar ---------------------------------
    phone.get_by_role("link", name=f"PKB {dt.date.today().year} {plate}").click()
    phone.wait_for_url(re.compile(r"/pajak/tagihan/[\w-]+$"))
    bill_url = phone.url
    assert phone.locator("tr.tax-line-penalty").count() == 1
    assert "Denda keterlambatan" in phone.locator("tr.tax-line-penalty").inner_text()
    check(phone, "pajak-tagihan")
    phone.get_by_role("button", name="Dapatkan kode bayar").click()
    phone.wait_for_url(re.compile(r"#kode-bayar$"))
    code = phone.locator(".tax-code").get_attribute("data-billing-code")
    amount = phone.locator(".tax-amount").get_attribute("data-amount")
    assert code and len(code) == 16 and code.startswith("751"), code
    assert "Bank SulutGo" in phone.locator(".tax-checkout").inner_text()
    check(phone, "pajak-kode-bayar")
    # Asking again (a resent form) keeps the same open code.
    phone.get_by_role("button", name="Dapatkan kode bayar").click()
    phone.wait_for_url(re.compile(r"#kode-bayar$"))
    assert phone.locator(".tax-code").get_attribute("data-billing-code") == code

    # --- the bank pays: a signed notification to the gateway, as the bank's system sends it ---------------------
    paid = stack.cli(
        "tax", "bank-simulator", "pay", "--billing-code", code, "--amount", amount, "--gateway", stack.url,
        "--channel", CHANNEL,
    )  # fmt: skip
    assert paid.returncode == 0, paid.stdout + paid.stderr
    receipt_number = json.loads(paid.stdout.splitlines()[0])["response"]["receipt_number"]

    phone.goto(bill_url)
    assert phone.locator(".tax-code").count() == 0
    assert "Lunas" in phone.locator("#lunas").inner_text()
    phone.get_by_role("link", name="Lihat bukti bayar").click()
    phone.wait_for_url(re.compile(rf"/pajak/kwitansi/{re.escape(receipt_number)}$"))
    receipt = phone.locator(".tax-receipt").inner_text()
    assert receipt_number in receipt and "Bank SulutGo" in receipt, receipt
    check(phone, "pajak-kwitansi")
    pdf = phone.request.get(f"/pajak/kwitansi/{receipt_number}/pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    assert "no-store" in pdf.headers["cache-control"]

    # Each page's first load stays within the weak-network budget, the ID's QR included.
    for path in ("/saya/identitas", "/pajak", bill_url.removeprefix(web_url), f"/pajak/kwitansi/{receipt_number}"):
        weight = _first_load_bytes(browser, phone, web_url, path)
        assert weight < FIRST_LOAD_BUDGET, (path, weight)

    assert_security_headers(phone.context.answers, stack.streams_url)
    for path in ("/pajak", "/saya/identitas"):
        for answer in phone.context.answers.to(path):
            assert "no-store" in (answer.header_value("cache-control") or ""), path
    serious = check.serious()
    assert serious == {}, serious


def test_tax_and_identity_pages_work_with_javascript_off(
    phone_without_javascript, stack, dev_phone, residents, screenshot
):
    page = phone_without_javascript
    resident = residents.take()
    sign_up(page, stack, dev_phone, resident, check=lambda page, name: screenshot(page, name))

    # A refused form comes back with the message next to its input and what was typed kept.
    page.goto("/pajak")
    screenshot(page, "pajak-tanpa-js")
    _register_vehicle(page, "B 1234 XYZ")
    error = page.locator("#plate_number-error")
    assert error.inner_text().strip()
    assert page.locator('input[name="plate_number"]').input_value() == "B 1234 XYZ"
    screenshot(page, "pajak-tanpa-js-salah")
    plate = _plate()
    _register_vehicle(page, plate)
    page.wait_for_url(re.compile(r"/pajak#kendaraan$"))
    assert plate in page.locator("#kendaraan + ul").inner_text()
    # Claiming needs level 2: the page says so and leads to the in-person check.
    assert page.get_by_role("button", name="Klaim objek pajak saya").count() == 0
    page.get_by_role("link", name="Mulai pemeriksaan tatap muka").click()
    page.wait_for_url(re.compile(r"/saya/identitas#pemeriksaan$"))
    page.get_by_role("button", name="Mulai pemeriksaan", exact=True).click()
    page.wait_for_url(re.compile(r"/saya/identitas#pemeriksaan$"))
    assert _data_url(page, 'img[alt^="Kode QR pemeriksaan"]')
    screenshot(page, "identitas-tanpa-js")
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh data saya (JSON)").click()
    assert json.loads(pathlib.Path(download.value.path()).read_text(encoding="utf-8"))["account"]["full_name"]

    _bapenda_bills_the_year(stack)
    page.goto("/pajak")
    page.get_by_role("link", name=f"PKB {dt.date.today().year} {plate}").click()
    page.wait_for_url(re.compile(r"/pajak/tagihan/[\w-]+$"))
    page.get_by_role("button", name="Dapatkan kode bayar").click()
    page.wait_for_url(re.compile(r"#kode-bayar$"))
    assert len(page.locator(".tax-code").get_attribute("data-billing-code") or "") == 16
    screenshot(page, "pajak-kode-bayar-tanpa-js")
    assert_security_headers(page.context.answers, stack.streams_url)
