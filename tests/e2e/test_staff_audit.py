"""Staff sign-in with a second factor and the staff audit trail, through the gateway (issue 16): an
officer enrols an authenticator app, logs in with its code (a missing, wrong or replayed code refused,
naming `otp`, in Indonesian and English), acts in another service (complaints), and the admin reads the
action in the trail, filtered; the officer can neither read nor edit it, and no route edits it at all.

A fresh officer is created here: enrolling a demo officer would make every other test's log-in need a code."""

from __future__ import annotations

import base64
import random
import time

import pyotp
import pytest

from tests.e2e.conftest import login, unique
from tests.e2e.staff_accounts import new_officer, staff_token

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

KOTA_VILLAGE = "75.71.01.1001"


def _otp_error(answer) -> dict:
    assert answer.status_code == 400, answer.text
    assert answer.headers["Content-Type"].startswith("application/problem+json")
    [error] = answer.json()["errors"]
    assert error["field"] == "otp"
    return error


def _trail(stack, http, admin: dict, **params) -> list[dict]:
    answer = http.get(stack.url + "/v1/identity/staff-actions", headers=admin, params=params)
    assert answer.status_code == 200, answer.text
    return answer.json().get("actions", [])


def test_officer_enrols_totp_logs_in_with_the_code_and_the_admin_reads_the_action(stack, http):
    admin = login(stack, http, "admin", stack.demo_credentials()["admin"])
    username = new_officer(
        stack, http, agency_code="dinas-pupr-7571", jurisdiction=["75.71"], full_name="Petugas Uji Audit"
    )

    first = staff_token(stack, http, username)
    assert first.status_code == 200 and first.json()["required_action"] == "enroll_totp", first.text
    bearer = {"Authorization": f"Bearer {first.json()['access_token']}"}
    enrolment = http.post(stack.url + "/v1/me/totp:enroll", headers=bearer, json={})
    assert enrolment.status_code == 200, enrolment.text
    png = enrolment.json()["qr_png"]
    assert base64.urlsafe_b64decode(png + "=" * (-len(png) % 4)).startswith(b"\x89PNG")
    authenticator = pyotp.parse_uri(enrolment.json()["otpauth_uri"])
    assert authenticator.secret == enrolment.json()["secret"] and authenticator.issuer == "Gorontalo Satu"
    wrong = "000000" if authenticator.now() != "000000" else "111111"
    refused = http.post(stack.url + "/v1/me/totp:confirm", headers=bearer, json={"code": wrong})
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "code", refused.text
    confirmed = http.post(stack.url + "/v1/me/totp:confirm", headers=bearer, json={"code": authenticator.now()})
    assert confirmed.status_code == 200 and confirmed.json()["required_action"] == "", confirmed.text
    assert http.get(stack.url + "/v1/me", headers=bearer).json()["totp_enrolled"] is True

    missing = _otp_error(staff_token(stack, http, username))
    assert missing["reason"] == "OTP_REQUIRED" and missing["detail"].startswith("Masukkan kode 6 angka")
    assert _otp_error(staff_token(stack, http, username, lang="en"))["detail"].startswith("Enter the 6-digit code")
    invalid = _otp_error(staff_token(stack, http, username, otp=wrong))
    assert invalid["reason"] == "OTP_INVALID" and "salah" in invalid["detail"]
    # The password is checked first: a wrong one says nothing about codes.
    assert (
        http.post(
            stack.url + "/v1/identity/token", json={"username": username, "password": "salah-sekali", "otp": wrong}
        ).status_code
        == 401
    )

    # The enrolment used this step's code; the next step's code (within the drift allowed) signs in, once.
    code = authenticator.at(time.time() + 30)
    signed = staff_token(stack, http, username, otp=code)
    assert signed.status_code == 200 and signed.json()["required_action"] == "", signed.text
    assert _otp_error(staff_token(stack, http, username, otp=code))["reason"] == "OTP_INVALID"
    officer = {"Authorization": f"Bearer {signed.json()['access_token']}"}

    # An officer action in another service: Dinas PUPR Kota starts work on a road complaint.
    phone = "0857" + "".join(random.choice("0123456789") for _ in range(8))
    stack.personal_numbers.update({phone, "+62" + phone[1:]})
    filed = http.post(
        stack.url + "/v1/complaints/anonymous",
        json={
            "title": unique("Jalan berlubang dekat pasar"),
            "category": "jalan_rusak",
            "region_code": KOTA_VILLAGE,
            "description": "Lubang besar di tengah jalan dekat pasar, motor sering terjatuh malam hari.",
            "contact_phone": phone,
        },
    )
    assert filed.status_code == 200, filed.text
    tracking = filed.json()["tracking_code"]
    started = http.post(
        stack.url + f"/v1/complaints/{tracking}:start", headers=officer, json={"note": "Tim menuju lokasi"}
    )
    assert started.status_code == 200, started.text

    deadline, actions = time.monotonic() + 30, []
    while time.monotonic() < deadline:
        actions = _trail(stack, http, admin, officer=username)
        if any(a["method"] == "StartProgress" for a in actions):
            break
        time.sleep(0.5)
    start = next((a for a in actions if a["method"] == "StartProgress"), None)
    assert start is not None, actions
    assert (start["service"], start["actor_username"], start["agency"]) == ("complaints", username, "dinas-pupr-7571")
    assert start["resource"] == {"tracking_code": tracking} and start["actor_role"] == "officer"
    assert start["http_route"] == "POST /v1/complaints/{tracking_code}:start"
    assert "ConfirmTotpEnrollment" in {a["method"] for a in actions}
    assert phone not in str(actions) and "+62" + phone[1:] not in str(actions)

    by_agency = _trail(stack, http, admin, agency="dinas-pupr-7571", officer=username)
    assert {a["id"] for a in by_agency} == {a["id"] for a in actions}
    assert _trail(stack, http, admin, officer=username, to_date="2020-01-01") == []
    bad_date = http.get(stack.url + "/v1/identity/staff-actions", headers=admin, params={"from_date": "06-12-2026"})
    assert bad_date.status_code == 400, bad_date.text

    # The officer can neither read the trail nor change it; no route changes it for anyone.
    assert http.get(stack.url + "/v1/identity/staff-actions", headers=officer).status_code == 403
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        for who in (officer, admin):
            answer = http.request(method, stack.url + "/v1/identity/staff-actions", headers=who, json={})
            assert answer.status_code in (404, 405), (method, answer.status_code, answer.text)
    assert http.get(stack.url + "/v1/identity/staff-actions", headers=admin, params={"officer": username}).json()[
        "actions"
    ] == _trail(stack, http, admin, officer=username)
