"""The permits pre-check in the officer's console (issue 22), in a real chromium against the real stack with
the `gorontalo-permits precheck-worker` reading the uploads with Tesseract: a resident applies through the
form, declaring someone else as the responsible person and sending an NPWP card in the KTP's slot; the
DPMPTSP officer of Kota Gorontalo sees "belum diperiksa" until the worker reports, then the report (the
swapped document read as an NPWP with its confidence and the number read, the declared person, the note that
AI proposes and the officer decides) and, with JavaScript off, marks the flag wrong with a reason (a too
short one refused next to its field first). axe-core and a screenshot on every page."""

from __future__ import annotations

import random
import re
import shutil
import signal
import time

import pytest

from gorontalo_permits.evaluation import cards
from tests.e2e.browser.conftest import _unavailable, sign_in_staff
from tests.e2e.browser.test_permit_journey import fill_business
from tests.e2e.conftest import login, sign_up, unique
from tests.e2e.stack import BIN
from tests.e2e.staff_accounts import enrol_authenticator, new_officer
from tests.e2e.test_permits_flow import random_nib

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

KBLI = "56102"  # Rumah/Warung Makan: rendah, KTP penanggung jawab and NPWP
# The worker's process name in the stack; tests/e2e/test_permits_precheck.py uses the same one, so a stack
# that already runs it (or a module before this one) is reused rather than doubled.
WORKER = "permits-precheck"
REPORT_DEADLINE_SECONDS = 240  # bounds a failure only: the worker reads a card in seconds


@pytest.fixture(scope="module")
def precheck_worker(stack):
    if not shutil.which("tesseract"):
        _unavailable("tesseract is not installed (make tools installs tesseract-ocr and tesseract-ocr-ind)")
    running = stack.processes.get(WORKER)
    if running is not None and running.poll() is None:
        yield running
        return
    stack._spawn(WORKER, [str(BIN / "gorontalo-permits"), "precheck-worker"])
    yield stack.processes[WORKER]
    process = stack.processes.pop(WORKER, None)
    if process is not None and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(60)


def _card_person(resident: dict) -> dict:
    """The resident as the pre-check's card generator draws them."""
    return {
        "nik": resident["nik"],
        "name": resident["full_name"].upper(),
        "birth_date": resident["birth_date"],
        "female": "1" if int(resident["nik"][6:8]) > 40 else "",
    }


def _apply_in_the_browser(page, citizen: dict, stranger: dict, npwp_png: bytes) -> str:
    """The resident logs in and applies with the form: someone else responsible, the NPWP in both slots."""
    page.goto("/masuk")
    page.locator('input[name="username"]').fill(citizen["nik"])
    page.locator('input[name="password"]').fill(citizen["password"])
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_url(re.compile(r"/saya$"))
    page.goto(f"/izin/ajukan/{KBLI}")
    fill_business(page, unique("Warung Pra-periksa"), random_nib())
    page.get_by_label("Orang lain: isi nama dan NIK-nya di bawah").check()
    page.get_by_label("Nama penanggung jawab (sesuai KTP)").fill(stranger["full_name"])
    page.get_by_label("NIK penanggung jawab").fill(stranger["nik"])
    for index in (0, 1):  # the NPWP card sent as the KTP, and as itself
        page.locator(f'input[name="document_{index}"]').set_input_files(
            {"name": f"scan-{index}.png", "mimeType": "image/png", "buffer": npwp_png}
        )
    page.get_by_role("button", name="Kirim permohonan", exact=True).click()
    page.wait_for_url(re.compile(r"/izin/permohonan/[^/]+$"))
    return page.url.rsplit("/", 1)[1]


def _kota_officer(stack, http):
    """A fresh DPMPTSP officer of Kota Gorontalo with an authenticator: (username, authenticator)."""
    username = new_officer(stack, http, agency_code="dpmptsp-7571", jurisdiction=["75.71"], full_name="Petugas Pra")
    return username, enrol_authenticator(stack, http, username)


def _wait_for_the_report(page, path: str) -> None:
    """Reload the officer's page until the worker has reported (the page says 'belum diperiksa' before)."""
    deadline = time.monotonic() + REPORT_DEADLINE_SECONDS
    while True:
        page.goto(path)
        status = page.locator(".staff-precheck-status").get_attribute("data-status")
        if status == "complete":
            return
        assert status == "pending", status
        assert "Belum diperiksa" in page.locator(".staff-precheck-status").inner_text()
        if time.monotonic() > deadline:
            raise AssertionError(f"no pre-check report for {path}")
        time.sleep(2)


def test_an_officer_reads_the_precheck_of_a_swapped_document_and_marks_a_flag_wrong(
    phone, phone_without_javascript, stack, http, residents, page_check, precheck_worker
):
    check = page_check
    citizen = sign_up(stack, http, residents.take())
    stranger = residents.take()  # the declared responsible person: in the register, not the account holder
    stack.personal_numbers.add(stranger["nik"])
    npwp = cards.draw_npwp(random.Random(22), _card_person(citizen["resident"]))
    application_id = _apply_in_the_browser(phone, citizen, stranger, npwp.png())
    path = f"/petugas/izin/{application_id}"

    # --- The officer of Kota Gorontalo: belum diperiksa, then the report.
    officer = phone  # the same phone, now an officer's session
    officer.context.clear_cookies()
    sign_in_staff(officer, *_kota_officer(stack, http))
    _wait_for_the_report(officer, path)
    section = officer.locator("#pra-periksa")
    assert "tidak pernah menyetujui atau menolak. Petugas yang memutuskan." in section.inner_text()
    declared = section.locator("dt:has-text('Penanggung jawab yang dinyatakan') + dd").inner_text()
    assert stranger["nik"] in declared and stranger["full_name"].split()[0].upper() in declared.upper()
    ktp_slot = section.locator(".staff-precheck-document").first
    assert ktp_slot.locator("h3").inner_text() == "KTP penanggung jawab"
    assert ktp_slot.locator(".staff-precheck-read-as").get_attribute("data-read-as") == "npwp"
    assert re.search(r"keyakinan \d{1,3}%", ktp_slot.inner_text())
    wrong = ktp_slot.locator('.staff-precheck-flag[data-kind="wrong_document_type"]')
    assert wrong.count() == 1 and wrong.get_attribute("data-dismissed") == "tidak"
    assert "Jenis dokumen salah" in wrong.inner_text()
    flag_id = wrong.get_attribute("id").removeprefix("flag-")
    # Nothing read travels in an address of the page.
    addresses = officer.evaluate(
        "() => [...document.querySelectorAll('[href],[action],[src]')].map(e => e.href || e.action || e.src)"
    )
    assert not any(stranger["nik"] in a or citizen["nik"] in a for a in addresses)
    check(officer, "pra-periksa-laporan")

    # --- Marked wrong with JavaScript off: the <details> opens natively; a too short reason is refused first.
    nojs = phone_without_javascript
    sign_in_staff(nojs, *_kota_officer(stack, http))  # a code is accepted once: another officer of the office
    nojs.goto(path)
    flag = nojs.locator(f"#flag-{flag_id}")
    flag.locator("summary", has_text="Tandai salah").click()
    flag.get_by_label("Mengapa tanda ini salah? (5-500 huruf)").fill("x")
    flag.get_by_role("button", name="Tandai salah", exact=True).click()
    nojs.wait_for_load_state()
    flag = nojs.locator(f"#flag-{flag_id}")
    assert flag.locator(f"#reason-{flag_id}-error").inner_text().strip()
    assert flag.locator(f"#reason-{flag_id}").get_attribute("aria-invalid") == "true"
    check(nojs, "pra-periksa-alasan-ditolak")
    reason = "KTP asli ada di berkas fisik pemohon"
    flag.get_by_label("Mengapa tanda ini salah? (5-500 huruf)").fill(reason)
    flag.get_by_role("button", name="Tandai salah", exact=True).click()
    nojs.wait_for_url(re.compile(r"selesai=tandai-salah"))
    assert "Tanda ditandai salah" in nojs.locator("#pra-periksa .staff-izin-done").inner_text()
    flag = nojs.locator(f"#flag-{flag_id}")
    assert flag.get_attribute("data-dismissed") == "ya" and reason in flag.inner_text()
    assert flag.locator("summary").count() == 0  # nothing more to mark
    check(nojs, "pra-periksa-ditandai-salah")

    # The API agrees: the flag is dismissed with the officer's reason, for every officer of the office.
    officer_api = login(stack, http, "petugas.kota", stack.demo_credentials()["petugas.kota"])
    report = http.get(f"{stack.url}/v1/permits/applications/{application_id}/precheck", headers=officer_api).json()
    dismissed = next(f for f in report["flags"] if f["id"] == flag_id)
    assert dismissed["dismissed"] is True and dismissed["dismissal_reason"] == reason
    serious = check.serious()
    assert serious == {}, serious
