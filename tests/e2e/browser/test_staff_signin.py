"""The officers' console sign-in in a real chromium against the real stack (issue 16): /petugas/masuk,
enrolment of an authenticator app with the QR shown as an image (the code computed here with pyotp from
the key the page shows), the landing page saying which agency and jurisdiction the officer acts for,
log-out, the password-then-code log-in (a wrong code shown next to the field), and the admins' audit
trail listing the officer's enrolment. axe-core and a screenshot on every page; JavaScript off too."""

from __future__ import annotations

import re
import time
import uuid

import pyotp
import pytest

from tests.e2e.browser.conftest import axe_violations
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

PASSWORD = "kata-sandi-petugas-2"


def _officer(stack, http) -> str:
    """A fresh officer of DPMPTSP Kota Gorontalo (enrolling a demo officer would change other tests' log-ins)."""
    admin = login(stack, http, "admin", stack.demo_credentials()["admin"])
    agencies = http.get(stack.url + "/v1/identity/agencies?page_size=100", headers=admin).json()["agencies"]
    agency = next(a for a in agencies if a["code"] == "dpmptsp-7571")
    username = f"konsol.{uuid.uuid4().hex[:8]}"
    created = http.post(
        stack.url + "/v1/identity/officers",
        headers=admin | {"Idempotency-Key": str(uuid.uuid4())},
        json={
            "agency_id": agency["id"],
            "username": username,
            "full_name": "Petugas Konsol Kota",
            "password": PASSWORD,
            "jurisdiction": ["75.71"],
        },
    )
    assert created.status_code == 200, created.text
    return username


def _admin(stack) -> str:
    """A fresh admin (the demo admin stays without an app, as other tests sign it in by password)."""
    username = f"admin.{uuid.uuid4().hex[:8]}"
    made = stack.cli(
        "identity",
        "create-staff",
        "--role",
        "admin",
        "--username",
        username,
        "--full-name",
        "Admin Uji Konsol",
        extra_env={"GORONTALO_NEW_PASSWORD": PASSWORD},
    )
    assert made.returncode == 0, made.stderr
    return username


def _password_step(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/petugas/masuk")
    page.get_by_label("Nama pengguna petugas").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Lanjut", exact=True).click()


def _enrol(page, check, *, javascript: bool = True) -> pyotp.TOTP:
    page.wait_for_url(re.compile(r"/petugas/totp$"))
    image = page.get_by_role("img", name=re.compile("Kode QR pendaftaran"))
    assert image.get_attribute("src").startswith("data:image/png;base64,")
    if javascript:
        assert image.evaluate("img => img.complete && img.naturalWidth > 100")  # the PNG really decodes
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


def test_officer_enrols_and_signs_in_with_the_code(phone, stack, http, screenshot):
    problems: dict[str, list] = {}

    def check(page, name):
        assert page.locator("html").get_attribute("lang") == "id", name
        assert page.locator("h1").count() == 1, name
        screenshot(page, name)
        problems[name] = axe_violations(page)

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
    assert PASSWORD not in phone.content()
    # An officer is not an admin: the trail is not theirs.
    assert phone.goto("/petugas/audit").status == 403

    serious = {name: found for name, found in problems.items() if found}
    assert serious == {}, serious


def test_enrolment_and_sign_in_work_without_javascript(phone_without_javascript, stack, http, screenshot):
    page = phone_without_javascript
    username = _officer(stack, http)
    _password_step(page, username)
    authenticator = _enrol(page, lambda p, name: screenshot(p, name + "-tanpa-js"), javascript=False)
    assert page.locator(".staff-agency").inner_text().strip() == "DPMPTSP Kota Gorontalo"
    page.get_by_role("button", name="Keluar").last.click()
    page.wait_for_url(re.compile(r"/petugas/masuk$"))
    _password_step(page, username)
    page.wait_for_url(re.compile(r"/petugas/masuk$"))
    page.get_by_label("Kode 6 angka").fill(_next_code(authenticator))
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_url(re.compile(r"/petugas$"))


def test_admin_reads_the_trail(phone, stack, http, screenshot):
    page = phone
    officer = _officer(stack, http)
    # The officer enrols through the API: the enrolment is an action of theirs in the trail.
    first = http.post(stack.url + "/v1/identity/token", json={"username": officer, "password": PASSWORD}).json()
    bearer = {"Authorization": f"Bearer {first['access_token']}"}
    uri = http.post(stack.url + "/v1/me/totp:enroll", headers=bearer, json={}).json()["otpauth_uri"]
    confirmed = http.post(stack.url + "/v1/me/totp:confirm", headers=bearer, json={"code": pyotp.parse_uri(uri).now()})
    assert confirmed.status_code == 200, confirmed.text

    admin = _admin(stack)
    _password_step(page, admin)
    _enrol(page, lambda p, name: None)
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
