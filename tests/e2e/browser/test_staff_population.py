"""The Disdukcapil / kelurahan officers' page (/petugas/kependudukan) in a real chromium against the real
stack (issue 16): a fresh kelurahan officer of Kota Gorontalo signs in with the password and the
authenticator code, finds the page from the console's landing page, is refused while the e-KTP statement is
not ticked, then confirms a resident's one-time in-person challenge: the page shows who it was (the API's
answer, the NIK masked) and the resident's next session is at level 2. The takeover repair closes an account
someone activated with a resident's NIK only once its confirmation is ticked. The officer's browser runs with
JavaScript OFF (every form posts); axe-core (on a JavaScript-on twin) and a screenshot on every page."""

from __future__ import annotations

import re

import pytest

from tests.e2e.browser.conftest import sign_in_staff
from tests.e2e.conftest import sign_up
from tests.e2e.staff_accounts import enrol_authenticator, new_officer

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_a_kelurahan_officer_confirms_a_residents_in_person_check(
    phone_without_javascript, stack, http, residents, page_check
):
    check = page_check

    resident = sign_up(stack, http, residents.take("75.71"))
    started = http.post(stack.url + "/v1/me/assurance:inPersonCheck", headers=resident["headers"], json={})
    assert started.status_code == 200, started.text
    challenge = started.json()["challenge"]

    username = new_officer(
        stack,
        http,
        agency_code="kelurahan-7571",
        jurisdiction=["75.71"],
        full_name="Petugas Loket Kelurahan Kota Gorontalo",
    )
    authenticator = enrol_authenticator(stack, http, username)
    officer = phone_without_javascript
    sign_in_staff(officer, username, authenticator)
    officer.get_by_role("link", name=re.compile("^Kependudukan")).click()
    officer.wait_for_url(re.compile(r"/petugas/kependudukan$"))
    assert "Pelayanan Adminduk Kelurahan Kota Gorontalo" in officer.locator(".staff-scope").inner_text()
    check(officer, "petugas-kependudukan")

    # The e-KTP statement unticked: refused by the server, next to the box; nothing was sent.
    officer.get_by_label("Kode pemeriksaan dari aplikasi warga").fill(challenge)
    officer.get_by_label("NIK pada e-KTP").first.fill(resident["nik"])
    officer.get_by_role("button", name="Konfirmasi identitas").click()
    assert officer.locator("#check_confirm-error").is_visible()
    assert officer.get_by_label("Kode pemeriksaan dari aplikasi warga").input_value() == challenge
    check(officer, "petugas-kependudukan-belum-dicentang")
    token = http.post(
        stack.url + "/v1/identity/token", json={"username": resident["nik"], "password": resident["password"]}
    )
    assert token.json()["acr"] == 1, token.text

    # Ticked: the API confirms, the page shows whom (name, masked NIK, level 2).
    officer.get_by_label(re.compile("^Saya sudah melihat e-KTP asli")).check()
    officer.get_by_role("button", name="Konfirmasi identitas").click()
    officer.wait_for_url(re.compile(r"/petugas/kependudukan$"))
    assert officer.locator(".pk-result h2").inner_text() == "Identitas warga dikonfirmasi."
    assert officer.locator(".pk-name").inner_text().strip().upper() == resident["resident"]["full_name"].upper()
    assert officer.locator(".pk-acr").inner_text().strip() == "2"
    shown_nik = officer.locator(".pk-nik").inner_text().strip()
    assert shown_nik and shown_nik != resident["nik"]  # masked for the officer
    assert resident["nik"] not in officer.url
    check(officer, "petugas-kependudukan-dikonfirmasi")

    token = http.post(
        stack.url + "/v1/identity/token", json={"username": resident["nik"], "password": resident["password"]}
    )
    assert token.status_code == 200 and token.json()["acr"] == 2, token.text

    # The same challenge again: spent, the API's refusal shown on the page.
    officer.get_by_label("Kode pemeriksaan dari aplikasi warga").fill(challenge)
    officer.get_by_label("NIK pada e-KTP").first.fill(resident["nik"])
    officer.get_by_label(re.compile("^Saya sudah melihat e-KTP asli")).check()
    officer.get_by_role("button", name="Konfirmasi identitas").click()
    assert officer.locator(".form-error, #check_challenge-error").first.is_visible()
    assert officer.locator(".pk-result").count() == 0
    check(officer, "petugas-kependudukan-kode-terpakai")

    # The takeover repair: someone activated an account with another resident's NIK; the owner comes in.
    taken = sign_up(stack, http, residents.take("75.71"))
    repair_nik = officer.locator("#repair_nik")
    repair_nik.fill(taken["nik"])
    officer.get_by_label("Alasan (tampil di riwayat akses warga)").fill("Pemilik asli datang dengan e-KTP")
    officer.get_by_role("button", name="Tutup akun yang diambil alih").click()
    assert officer.locator("#repair_confirm-error").is_visible()
    assert http.get(stack.url + "/v1/me", headers=taken["headers"]).status_code == 200
    officer.get_by_label(re.compile("^Saya sudah memeriksa e-KTP asli")).check()
    officer.get_by_role("button", name="Tutup akun yang diambil alih").click()
    officer.wait_for_url(re.compile(r"/petugas/kependudukan$"))
    assert "sudah ditutup" in officer.locator(".pk-result h2").inner_text()
    assert int(officer.locator(".pk-sessions").inner_text()) >= 1
    check(officer, "petugas-kependudukan-dipulihkan")
    assert http.get(stack.url + "/v1/me", headers=taken["headers"]).status_code == 401

    serious = check.serious()
    assert serious == {}, serious
