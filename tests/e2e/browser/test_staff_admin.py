"""The admins' pages (/petugas/admin) in a real chromium against the real stack (issue 16).

A fresh admin signs in with the password and enrols an authenticator app, opens the administration from
the console, is refused an agency whose region code is outside Gorontalo (the API's message next to the
input) and creates the agency, creates an officer of it with a jurisdiction and appoints them its head
(refused first without the ticked confirmation), clears the authenticator app the officer enrolled, changes a complaints routing entry to the new agency
(put back afterwards), creates an e-KTP API client and an Open311 key whose secrets are shown once and
work against the API. axe-core and a screenshot on every page; the agency form also with JavaScript off."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.e2e.browser.conftest import sign_in_staff
from tests.e2e.conftest import login
from tests.e2e.staff_accounts import STAFF_PASSWORD, enrol_authenticator, new_staff, staff_token

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

ROUTE = ("pendidikan", "75.05")  # a category and regency the other browser tests do not file in


def _route_of(stack, http, headers) -> dict:
    category, regency = ROUTE
    answer = http.get(
        stack.url + "/v1/complaints/routing/entries",
        params={"category": category, "regency_code": regency},
        headers=headers,
    )
    assert answer.status_code == 200, answer.text
    return next(e for e in answer.json()["entries"] if e["category"] == category)


def _admin(stack) -> str:
    """A fresh admin (the demo admin stays without an app, as other tests sign it in by password)."""
    return new_staff(stack, role="admin", full_name="Admin Uji Administrasi")


def test_admin_keeps_agencies_officers_routing_and_keys(phone, stack, http, page_check):
    page = phone
    check = page_check

    api_admin = login(stack, http, "admin", stack.demo_credentials()["admin"])
    original_route = _route_of(stack, http, api_admin)

    sign_in_staff(page, _admin(stack))  # no authenticator yet: enrols on the page
    page.get_by_role("link", name=re.compile("^Administrasi")).click()
    page.wait_for_url(re.compile(r"/petugas/admin/?$"))
    check(page, "petugas-admin")

    # -- an agency: refused outside Gorontalo (next to its input), then made ---------------------
    page.get_by_role("link", name="Instansi (OPD)").click()
    page.wait_for_url(re.compile(r"/petugas/admin/instansi"))
    check(page, "petugas-admin-instansi")
    suffix = uuid.uuid4().hex[:4]
    code, name = f"dinsos-7571-{suffix}", f"Dinas Sosial Kota Gorontalo {suffix}"
    page.get_by_label("Kode instansi").fill(code)
    page.get_by_label("Nama instansi").fill(name)
    page.get_by_label("Kode wilayah instansi").fill("99.01")
    page.get_by_role("button", name="Buat instansi").click()
    error = page.locator("#region_code-error")
    assert error.is_visible(), page.content()
    assert page.get_by_label("Kode wilayah instansi").get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Kode instansi").input_value() == code  # what was typed stays
    check(page, "petugas-admin-instansi-ditolak")
    page.get_by_label("Kode wilayah instansi").fill("75.71")
    page.get_by_role("button", name="Buat instansi").click()
    page.wait_for_url(re.compile(r"/petugas/admin/instansi\?selesai=created"))
    assert page.get_by_role("status").inner_text().strip() == "Instansi dibuat."
    row = page.locator(".staff-admin-agency", has_text=code)
    assert row.count() == 1 and name in row.inner_text()

    # -- an officer of it with a jurisdiction, appointed head -----------------------------------
    row.get_by_role("link", name=re.compile("Petugasnya")).click()
    page.wait_for_url(re.compile(r"/petugas/admin/petugas\?instansi="))
    assert page.locator(".staff-admin-officer").count() == 0
    check(page, "petugas-admin-petugas-kosong")
    username = f"dinsos.{uuid.uuid4().hex[:8]}"
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Nama lengkap").fill("Rahmawati Hulopi")
    page.get_by_label("Kata sandi awal").fill(STAFF_PASSWORD)
    page.get_by_label("Wilayah kewenangan").fill("75.71.01, 75.71.02")
    page.get_by_role("button", name="Buat akun petugas").click()
    page.wait_for_url(re.compile(r"selesai=officer_created"))
    officer = page.locator(f'.staff-admin-officer[data-username="{username}"]')
    assert officer.count() == 1
    assert officer.locator(".staff-admin-jurisdiction").inner_text().strip() == "75.71.01, 75.71.02"
    assert officer.locator(".staff-admin-head").inner_text().strip() == "Tidak"
    assert officer.locator(".staff-admin-totp").inner_text().strip() == "Belum terdaftar"
    assert STAFF_PASSWORD not in page.content()
    check(page, "petugas-admin-petugas")

    officer.get_by_role("button", name=re.compile("Angkat kepala instansi")).click()  # no tick
    officer = page.locator(f'.staff-admin-officer[data-username="{username}"]')
    assert "Centang konfirmasi" in officer.locator(".field-error").inner_text()
    check(page, "petugas-admin-petugas-tanpa-centang")
    officer.get_by_label(re.compile("Saya yakin: Rahmawati Hulopi menjadi kepala")).check()
    officer.get_by_role("button", name=re.compile("Angkat kepala instansi")).click()
    page.wait_for_url(re.compile(r"selesai=head_appointed"))
    officer = page.locator(f'.staff-admin-officer[data-username="{username}"]')
    assert officer.locator(".staff-admin-head").inner_text().strip() == "Ya"
    # The platform agrees: the officer's own session says head of the new agency.
    token = staff_token(stack, http, username)
    me = http.get(stack.url + "/v1/me", headers={"Authorization": f"Bearer {token.json()['access_token']}"}).json()
    assert me["agency_head"] is True and me["agency"] == name and me["jurisdiction"] == ["75.71.01", "75.71.02"]

    # The officer enrols an authenticator app, loses the phone: the admin clears it (with the tick).
    enrol_authenticator(stack, http, username)
    page.reload()
    officer = page.locator(f'.staff-admin-officer[data-username="{username}"]')
    assert officer.locator(".staff-admin-totp").inner_text().strip() == "Terdaftar"
    officer.get_by_label(re.compile("Saya yakin: aplikasi autentikator Rahmawati Hulopi")).check()
    officer.get_by_role("button", name=re.compile("Hapus aplikasi autentikator")).click()
    page.wait_for_url(re.compile(r"selesai=totp_reset"))
    officer = page.locator(f'.staff-admin-officer[data-username="{username}"]')
    assert officer.locator(".staff-admin-totp").inner_text().strip() == "Belum terdaftar"
    check(page, "petugas-admin-petugas-totp-dihapus")
    again = staff_token(stack, http, username)
    assert again.status_code == 200 and (
        again.json().get("enrollment_token") or again.json().get("required_action") == "enroll_totp"
    ), again.text

    # -- the complaints routing table -----------------------------------------------------------
    page.get_by_role("link", name="Rute pengaduan").click()
    page.wait_for_url(re.compile(r"/petugas/admin/rute$"))
    check(page, "petugas-admin-rute")
    category, regency = ROUTE
    try:
        page.locator("#category").select_option(category)
        page.locator("#regency_code").select_option(regency)
        page.locator("#agency_code").select_option(code)
        page.get_by_role("button", name="Simpan rute").click()
        page.wait_for_url(re.compile(r"selesai=route_saved"))
        entry = page.locator(f'.staff-admin-route[data-route="{category}/{regency}"]')
        assert entry.count() == 1
        assert code in entry.inner_text() and "Diubah admin" in entry.inner_text()
        assert _route_of(stack, http, api_admin)["agency_code"] == code
        check(page, "petugas-admin-rute-disimpan")
    finally:
        restored = http.put(
            f"{stack.url}/v1/complaints/routing/{category}/{regency}",
            headers=api_admin,
            json={"agency_code": original_route["agency_code"], "agency_name": original_route["agency_name"]},
        )
        assert restored.status_code == 200, restored.text

    # -- an e-KTP API client: its secret shown once, and it works --------------------------------
    page.get_by_role("link", name="Klien API e-KTP").click()
    page.wait_for_url(re.compile(r"/petugas/admin/klien-ektp$"))
    check(page, "petugas-admin-klien-ektp")
    page.get_by_label("Nama klien").fill(f"Bank Uji {suffix}")
    page.get_by_role("button", name="Buat klien API").click()  # no tick
    assert "Centang konfirmasi" in page.locator("#client_confirm-error").inner_text()
    page.get_by_label(re.compile("Saya mengerti")).check()
    page.get_by_role("button", name="Buat klien API").click()
    page.wait_for_url(re.compile(r"selesai=client_created"))
    client_id = page.locator(".staff-admin-id").inner_text().strip()
    secret = page.locator(".staff-admin-secret-value").inner_text().strip()
    assert client_id and len(secret) >= 20
    check(page, "petugas-admin-klien-ektp-rahasia")
    page.reload()
    assert page.locator(".staff-admin-secret-value").count() == 0  # shown once
    body = {"nik": "7571010101900001", "full_name": "Uji", "birth_date": "1990-01-01", "purpose": "uji"}
    checked = http.post(stack.url + "/v1/identity/ektp:verify", json=body, auth=(client_id, secret))
    assert checked.status_code == 200, checked.text
    wrong = http.post(stack.url + "/v1/identity/ektp:verify", json=body, auth=(client_id, secret + "x"))
    assert wrong.status_code == 401

    # -- an Open311 key: shown once, and it opens Open311 ---------------------------------------
    page.get_by_role("link", name="Kunci Open311").click()
    page.wait_for_url(re.compile(r"/petugas/admin/kunci-open311$"))
    check(page, "petugas-admin-kunci-open311")
    page.get_by_label("Untuk siapa").fill("x")  # too short for the API
    page.get_by_label(re.compile("Saya mengerti")).check()
    page.get_by_role("button", name="Buat kunci").click()
    assert page.locator("#name-error").is_visible()
    check(page, "petugas-admin-kunci-open311-ditolak")
    page.get_by_label("Untuk siapa").fill(f"Aplikasi Lapor Uji {suffix}")
    page.get_by_label(re.compile("Saya mengerti")).check()
    page.get_by_role("button", name="Buat kunci").click()
    page.wait_for_url(re.compile(r"selesai=key_created"))
    api_key = page.locator(".staff-admin-secret-value").inner_text().strip()
    assert len(api_key) >= 32
    check(page, "petugas-admin-kunci-open311-rahasia")
    page.reload()
    assert api_key not in page.content()
    form = {"api_key": api_key, "service_code": "lainnya"}  # incomplete: refused, but past the key
    known = http.post(stack.url + "/open311/v2/requests.json", data=form)
    unknown = http.post(stack.url + "/open311/v2/requests.json", data=form | {"api_key": api_key[:-2] + "zz"})
    assert unknown.status_code == 403 and known.status_code != 403, (known.text, unknown.text)

    serious = check.serious()
    assert serious == {}, serious


def test_the_agency_form_works_without_javascript(phone_without_javascript, stack, screenshot):
    page = phone_without_javascript
    sign_in_staff(page, _admin(stack))  # no authenticator yet: enrols on the page
    page.goto("/petugas/admin/instansi")
    page.get_by_label("Kode wilayah instansi").fill("99")
    page.get_by_role("button", name="Buat instansi").click()
    assert page.locator("#region_code-error").is_visible()
    screenshot(page, "petugas-admin-instansi-tanpa-js")
    suffix = uuid.uuid4().hex[:4]
    page.get_by_label("Kode instansi").fill(f"bappeda-75-{suffix}")
    page.get_by_label("Nama instansi").fill(f"Bappeda Provinsi {suffix}")
    page.get_by_label("Kode wilayah instansi").fill("75")
    page.get_by_role("button", name="Buat instansi").click()
    page.wait_for_url(re.compile(r"selesai=created"))
    assert page.locator(".staff-admin-agency", has_text=f"bappeda-75-{suffix}").count() == 1
