"""Fresh staff accounts for the end-to-end tests, made through the API or the identity CLI.

Every test that signs staff in makes its own account: enrolling a demo officer's authenticator would make
every other test's password-only log-in need a code. The browser side (signing in at /petugas/masuk) is
`sign_in_staff` in tests/e2e/browser/conftest.py."""

from __future__ import annotations

import uuid

import pyotp

from tests.e2e.conftest import login

STAFF_PASSWORD = "kata-sandi-petugas-uji-16"


def new_officer(
    stack, http, *, agency_code: str, jurisdiction: list[str], full_name: str, username_prefix: str = "petugas"
) -> str:
    """A fresh officer of the agency `agency_code` (e.g. "dpmptsp-7571"), created by the demo admin, with
    STAFF_PASSWORD and no authenticator yet; returns the username."""
    admin = login(stack, http, "admin", stack.demo_credentials()["admin"])
    agencies = http.get(stack.url + "/v1/identity/agencies?page_size=100", headers=admin).json()["agencies"]
    agency = next(a for a in agencies if a["code"] == agency_code)
    username = f"{username_prefix}.{uuid.uuid4().hex[:8]}"
    created = http.post(
        stack.url + "/v1/identity/officers",
        headers=admin | {"Idempotency-Key": str(uuid.uuid4())},
        json={
            "agency_id": agency["id"],
            "username": username,
            "full_name": full_name,
            "password": STAFF_PASSWORD,
            "jurisdiction": jurisdiction,
        },
    )
    assert created.status_code == 200, created.text
    return username


def new_staff(stack, *, role: str, full_name: str, username_prefix: str | None = None) -> str:
    """A fresh admin or operator (`gorontalo-identity create-staff`) with STAFF_PASSWORD; returns the username."""
    username = f"{username_prefix or role}.{uuid.uuid4().hex[:8]}"
    made = stack.cli(
        "identity",
        "create-staff",
        "--role",
        role,
        "--username",
        username,
        "--full-name",
        full_name,
        extra_env={"GORONTALO_NEW_PASSWORD": STAFF_PASSWORD},
    )
    assert made.returncode == 0, made.stderr
    return username


def staff_token(stack, http, username: str, otp: str = "", lang: str = "id"):
    """The gateway's answer to a staff log-in with STAFF_PASSWORD (and the code, if given)."""
    body = {"username": username, "password": STAFF_PASSWORD} | ({"otp": otp} if otp else {})
    return http.post(stack.url + "/v1/identity/token", json=body, headers={"Accept-Language": lang})


def enrol_authenticator(stack, http, username: str) -> pyotp.TOTP:
    """Enrols an authenticator app for a staff account that has none, through the API (the enrolment is an
    action of theirs in the audit trail). It spends the current step's code: sign in with the next one."""
    first = staff_token(stack, http, username)
    assert first.status_code == 200, first.text
    bearer = {"Authorization": f"Bearer {first.json()['access_token']}"}
    enrolment = http.post(stack.url + "/v1/me/totp:enroll", headers=bearer, json={})
    assert enrolment.status_code == 200, enrolment.text
    authenticator = pyotp.parse_uri(enrolment.json()["otpauth_uri"])
    confirmed = http.post(stack.url + "/v1/me/totp:confirm", headers=bearer, json={"code": authenticator.now()})
    assert confirmed.status_code == 200, confirmed.text
    return authenticator
