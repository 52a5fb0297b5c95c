"""The Bapenda officers' page (/petugas/pajak) in a real chromium against the real stack (issue 16).

A fee bill of Kota Gorontalo gets a billing code; a bank (svc-tax's bank simulator, signing as a channel
must) then reports it once with a wrong amount (refused: amount_mismatch), once with a billing code nobody
issued (refused: billing_code_unknown) and once correctly (recorded). A fresh officer of the provincial
Bapenda signs in with the password and the authenticator code, opens the reconciliation from the console's
landing page, picks the channel and sees the day: the payment with its receipt, both refusals with their
reasons, the wrong amount marked as a mismatch and counted; then finds the bill by its kode bayar (paid, with
the receipt), and a query that is no NOP, plate or code is refused next to its input; uploads a master data
file with a wrong NOP (refused whole, the row named, nothing written) and then the corrected one (imported). JavaScript OFF the whole way (a GET form);
axe-core (on a JavaScript-on twin) and a screenshot on every page."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import string
import uuid

import pytest

from gorontalo_tax.domain.billing import new_billing_code
from tests.e2e.browser.conftest import sign_in_staff
from tests.e2e.conftest import login
from tests.e2e.staff_accounts import enrol_authenticator, new_officer

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

CHANNEL = "pos-indonesia"  # the other browser and API tests pay through bank-sulutgo
WITA = dt.timezone(dt.timedelta(hours=8))
NIK = "7571014107900001"  # the owner named in the uploaded master data (the shape of a NIK, no resident)


def bank(stack, code: str, amount: int) -> dict:
    """One notification signed as the channel; the service's answer."""
    transaction_id = f"POS-{uuid.uuid4().hex[:12]}"
    done = stack.cli(
        "tax",
        "bank-simulator",
        "pay",
        "--billing-code",
        code,
        "--amount",
        str(amount),
        "--gateway",
        stack.url,
        "--channel",
        CHANNEL,
        "--transaction-id",
        transaction_id,
    )
    assert done.returncode in (0, 2), done.stderr
    answer = json.loads(done.stdout.splitlines()[-1])
    return answer | {"transaction_id": transaction_id}


def test_bapenda_sees_refused_payments_in_the_days_reconciliation(phone_without_javascript, stack, http, page_check):
    check = page_check

    # A fee of Kota Gorontalo and its billing code, asked for by a staff caller as permits would.
    username = new_officer(
        stack, http, agency_code="bapenda-75", jurisdiction=["75"], full_name="Petugas Rekonsiliasi Bapenda"
    )
    authenticator = enrol_authenticator(stack, http, username)
    staff = login(stack, http, "admin", stack.demo_credentials()["admin"])
    bill = http.post(
        stack.url + "/v1/tax/fee-bills",
        headers=staff,
        json={
            "caller": "pasar",
            "caller_reference": f"kios-{uuid.uuid4().hex[:8]}",
            "region_code": "75.71",
            "description": "Retribusi kios pasar sentral",
            "amount": 150000,
        },
    )
    assert bill.status_code == 200, bill.text
    checkout = http.post(f"{stack.url}/v1/tax/bills/{bill.json()['id']}:checkout", headers=staff, json={})
    assert checkout.status_code == 200, checkout.text
    code, amount = checkout.json()["billing_code"], int(checkout.json()["amount"])

    short = bank(stack, code, amount - 1000)
    assert short["response"]["reason"] == "amount_mismatch", short
    unknown_code = new_billing_code("pkb")
    unknown = bank(stack, unknown_code, 250000)
    assert unknown["response"]["reason"] == "billing_code_unknown", unknown
    paid = bank(stack, code, amount)
    assert paid["response"]["status"] == "recorded", paid
    receipt = paid["response"]["receipt_number"]

    officer = phone_without_javascript
    sign_in_staff(officer, username, authenticator)
    officer.get_by_role("link", name="Bapenda: rekonsiliasi pembayaran harian").click()
    officer.wait_for_url(re.compile(r"/petugas/pajak$"))
    assert "Bapenda Provinsi Gorontalo" in officer.locator(".staff-scope").inner_text()
    today = dt.datetime.now(WITA).date().isoformat()
    assert officer.get_by_label("Tanggal (WITA)").input_value() == today
    check(officer, "petugas-pajak")

    officer.get_by_label("Kanal pembayaran").select_option(CHANNEL)
    officer.get_by_role("button", name="Tampilkan").click()
    officer.wait_for_url(re.compile(rf"/petugas/pajak\?channel={CHANNEL}&date={today}$"))

    mismatch = officer.locator(".pj-refused-row", has_text=short["transaction_id"])
    assert mismatch.count() == 1
    assert "pj-mismatch" in mismatch.get_attribute("class")
    assert mismatch.locator(".pj-mark").inner_text() == "SELISIH"
    assert mismatch.locator(".pj-reason").inner_text() == "Nominal tidak sama dengan kode bayar"
    assert code in mismatch.inner_text()
    refused = officer.locator(".pj-refused-row", has_text=unknown["transaction_id"])
    assert refused.count() == 1
    assert "pj-mismatch" not in refused.get_attribute("class")
    assert refused.locator(".pj-mark").inner_text() == "DITOLAK"
    assert refused.locator(".pj-reason").inner_text() == "Kode bayar tidak dikenal"
    assert unknown_code in refused.inner_text()
    assert int(officer.locator(".pj-mismatch-count").inner_text()) >= 1
    payment = officer.locator(".pj-payment", has_text=receipt)
    assert payment.count() == 1
    assert "Rp 150.000" in payment.inner_text() and "Retribusi" in payment.inner_text()
    assert int(officer.locator(".pj-payment-count").inner_text()) >= 1
    check(officer, "petugas-pajak-rekonsiliasi")

    # The bill search, by the kode bayar the taxpayer shows (spaced as printed): the fee, paid, its receipt.
    officer.get_by_role("link", name="Cari tagihan pajak").click()
    officer.wait_for_url(re.compile(r"/petugas/pajak/tagihan$"))
    check(officer, "petugas-pajak-cari")
    officer.get_by_label("NOP, nomor polisi, atau kode bayar").fill(f"{code[:4]} {code[4:8]} {code[8:12]} {code[12:]}")
    officer.get_by_role("button", name="Cari", exact=True).click()
    officer.wait_for_url(re.compile(r"/petugas/pajak/tagihan$"))  # the query is never in the address
    assert officer.locator(".pj-found-as").inner_text().startswith("Dicari sebagai kode bayar")
    assert officer.locator(".pj-normalized").inner_text() == code
    found = officer.locator(f'.pj-bill[data-bill-id="{bill.json()["id"]}"]')
    assert found.count() == 1
    assert found.locator(".pj-status").inner_text() == "Lunas"
    assert receipt in found.inner_text() and "Retribusi kios pasar sentral" in found.inner_text()
    check(officer, "petugas-pajak-cari-hasil")
    officer.get_by_label("NOP, nomor polisi, atau kode bayar").fill("XX 1 A")
    officer.get_by_role("button", name="Cari", exact=True).click()
    assert officer.locator("#query-error").is_visible()
    assert officer.locator(".pj-bill").count() == 0
    check(officer, "petugas-pajak-cari-ditolak")

    # Master data: a file with a wrong row is refused whole, each problem by line; the corrected one imports.
    plate = f"DM {random.randint(1000, 9999)} {''.join(random.choices(string.ascii_uppercase, k=3))}"
    nop = f"75710{random.randint(10, 99)}{random.randint(100, 999)}001{random.randint(1000, 9999)}0"
    stack.personal_numbers.add(NIK)
    header = "kind,owner_nik,plate_number,vehicle_type,model_year,taxable_value,regency_code,nop,land_area_m2,building_area_m2,njop_land,njop_building"
    vehicle = f"vehicle,{NIK},{plate},sepeda_motor,2022,18000000,75.71,,,,,"
    wrong = f"property,{NIK},,,,,,{nop[:-3]},200,90,300000000,212000000"
    right = f"property,{NIK},,,,,,{nop},200,90,300000000,212000000"
    officer.get_by_role("link", name="Impor data objek pajak").click()
    officer.wait_for_url(re.compile(r"/petugas/pajak/impor$"))
    check(officer, "petugas-pajak-impor")
    officer.get_by_label("Berkas CSV").set_input_files(
        files=[
            {"name": "objek-salah.csv", "mimeType": "text/csv", "buffer": f"{header}\n{vehicle}\n{wrong}\n".encode()}
        ]
    )
    officer.get_by_role("button", name="Periksa dan impor").click()
    assert "Tidak ada data yang disimpan" in officer.locator(".pj-import-refused").inner_text()
    problem = officer.locator(".pj-import-error")
    assert problem.count() == 1
    assert (problem.get_attribute("data-line"), problem.get_attribute("data-reason")) == ("3", "nop_invalid")
    assert "NOP tidak valid" in problem.inner_text()
    check(officer, "petugas-pajak-impor-ditolak")
    officer.goto("/petugas/pajak/tagihan")
    officer.get_by_label("NOP, nomor polisi, atau kode bayar").fill(plate)
    officer.get_by_role("button", name="Cari", exact=True).click()
    assert officer.locator(".pj-normalized").inner_text() == plate
    assert officer.locator(".pj-none").is_visible()  # nothing of the refused file was written
    officer.goto("/petugas/pajak/impor")
    officer.get_by_label("Berkas CSV").set_input_files(
        files=[{"name": "objek.csv", "mimeType": "text/csv", "buffer": f"{header}\n{vehicle}\n{right}\n".encode()}]
    )
    officer.get_by_role("button", name="Periksa dan impor").click()
    officer.wait_for_url(re.compile(r"/petugas/pajak/impor$"))
    assert officer.locator(".pj-import-done h2").inner_text().startswith("Berkas diimpor.")
    assert officer.locator(".pj-import-rows").inner_text() == "2"
    assert officer.locator(".pj-import-vehicles").inner_text() == "1"
    assert officer.locator(".pj-import-properties").inner_text() == "1"
    check(officer, "petugas-pajak-impor-selesai")

    # A date the API refuses: its message shown on the page, next to the date.
    officer.goto(f"/petugas/pajak?channel={CHANNEL}&date=3000-01-01")
    assert officer.locator("#date-error, .form-error").first.is_visible()
    check(officer, "petugas-pajak-tanggal-ditolak")

    serious = check.serious()
    assert serious == {}, serious
