"""The officers' console sign-in in a real chromium against the real stack (issue 16): /petugas/masuk,
enrolment of an authenticator app with the QR shown as an image (the code computed here with pyotp from
the key the page shows), the landing page saying which agency and jurisdiction the officer acts for,
log-out, the password-then-code log-in (a wrong code shown next to the field), and the admins' audit
trail listing the officer's enrolment. axe-core and a screenshot on every page; JavaScript off too."""

from __future__ import annotations

import re
import time

import pyotp
import pytest

from tests.e2e.browser.conftest import axe_violations, loaded_width, sign_in_staff
from tests.e2e.staff_accounts import STAFF_PASSWORD, enrol_authenticator, new_officer, new_staff

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def _officer(stack, http) -> str:
    """A fresh officer of DPMPTSP Kota Gorontalo, without an authenticator yet."""
    return new_officer(stack, http, agency_code="dpmptsp-7571", jurisdiction=["75.71"], full_name="Petugas Konsol Kota")


def _password_step(page, username: str, password: str = STAFF_PASSWORD) -> None:
    page.goto("/petugas/masuk")
    page.get_by_label("Nama pengguna petugas").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Lanjut", exact=True).click()


def _enrol(page, check, *, javascript: bool = True) -> pyotp.TOTP:
    page.wait_for_url(re.compile(r"/petugas/totp$"))
    image = page.get_by_role("img", name=re.compile("Kode QR pendaftaran"))
    assert image.get_attribute("src").startswith("data:image/png;base64,")
    if javascript:
        assert loaded_width(page, image) > 100  # the PNG really decodes
    check(page, "petugas-totp")
    secret = page.locator(".staff-secret").get_attribute("data-secret")
    authenticator = pyotp.TOTP(secret)
    page.get_by_label("Kode 6 angka").fill(authenticator.now())
    page.get_by_role("button", name="Konfirmasi", exact=True).click()
    page.wait_for_url(re.compile(r"/petugas$"))
    return authenticator


def _next_code(authenticator: pyotp.TOTP) -> str:
    """A code of a step not used yet: the next one (accepted a step early)."""
    return authenticator.at(time.time() + 30)


def test_officer_enrols_and_signs_in_with_the_code(phone, stack, http, page_check):
    check = page_check

    username = _officer(stack, http)
    phone.goto("/petugas")
    phone.wait_for_url(re.compile(r"/petugas/masuk$"))
    check(phone, "petugas-masuk")
    _password_step(phone, username, "bukan-sandinya")
    assert phone.locator(".form-error").is_visible()
    _password_step(phone, username)
    authenticator = _enrol(phone, check)

    assert phone.locator("h1").inner_text().strip() == "Konsol petugas"
    assert phone.locator(".staff-agency").inner_text().strip() == "DPMPTSP Kota Gorontalo"
    assert phone.locator(".staff-jurisdiction").inner_text().strip() == "75.71"
    check(phone, "petugas")

    phone.get_by_role("button", name="Keluar").last.click()
    phone.wait_for_url(re.compile(r"/petugas/masuk$"))
    assert phone.goto("/petugas").url.endswith("/petugas/masuk")

    _password_step(phone, username)
    phone.wait_for_url(re.compile(r"/petugas/masuk$"))
    field = phone.get_by_label("Kode 6 angka")
    assert field.get_attribute("autocomplete") == "one-time-code"
    check(phone, "petugas-kode")
    code = _next_code(authenticator)
    wrong = "000000" if code != "000000" else "111111"
    field.fill(wrong)
    phone.get_by_role("button", name="Masuk", exact=True).click()
    error = phone.locator("#otp-error")
    assert "salah" in error.inner_text()
    assert phone.get_by_label("Kode 6 angka").get_attribute("aria-invalid") == "true"
    check(phone, "petugas-kode-salah")
    phone.get_by_label("Kode 6 angka").fill(code)
    phone.get_by_role("button", name="Masuk", exact=True).click()
    phone.wait_for_url(re.compile(r"/petugas$"))
    assert STAFF_PASSWORD not in phone.content()
    # An officer is not an admin: the trail is not theirs.
    assert phone.goto("/petugas/audit").status == 403

    serious = check.serious()
    assert serious == {}, serious


def test_enrolment_and_sign_in_work_without_javascript(phone_without_javascript, stack, http, screenshot):
    page = phone_without_javascript
    username = _officer(stack, http)
    _password_step(page, username)
    authenticator = _enrol(page, lambda p, name: screenshot(p, name + "-tanpa-js"), javascript=False)
    assert page.locator(".staff-agency").inner_text().strip() == "DPMPTSP Kota Gorontalo"
    page.get_by_role("button", name="Keluar").last.click()
    page.wait_for_url(re.compile(r"/petugas/masuk$"))
    sign_in_staff(page, username, authenticator)  # the password, then the code, with JavaScript off


def test_admin_reads_the_trail(phone, stack, http, screenshot):
    page = phone
    officer = _officer(stack, http)
    # The officer enrols through the API: the enrolment is an action of theirs in the trail.
    enrol_authenticator(stack, http, officer)

    # A fresh admin (the demo admin stays without an app, as other tests sign it in by password).
    sign_in_staff(page, new_staff(stack, role="admin", full_name="Admin Uji Konsol"))
    page.get_by_role("link", name="Jejak audit petugas").click()
    page.wait_for_url(re.compile(r"/petugas/audit$"))
    page.get_by_label("Petugas (nama pengguna atau id)").fill(officer)
    deadline = time.monotonic() + 30
    while True:
        page.get_by_role("button", name="Saring", exact=True).click()
        page.wait_for_load_state()
        if page.locator(".staff-action").count() or time.monotonic() > deadline:
            break
        time.sleep(1)
    rows = page.locator(".staff-action")
    assert rows.count() >= 1 and "ConfirmTotpEnrollment" in rows.first.inner_text()
    assert "Petugas Konsol Kota" in rows.first.inner_text() and "WITA" in rows.first.inner_text()
    screenshot(page, "petugas-audit")
    assert axe_violations(page) == []
