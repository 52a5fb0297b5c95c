"""Identity as a new user meets it: register import, officers, sign-up, digital ID, e-KTP, access log."""

import base64
import json
import subprocess
import sys

import pytest

from tests.e2e.conftest import ROOT, check_in_person, login, sign_up

VERIFIER = ROOT / "svc-identity" / "tools" / "verify_credential.py"


@pytest.fixture(scope="module")
def province(stack, http, tmp_path_factory):
    """An admin made by the CLI imports 1,000 residents and creates two agencies with one officer each."""
    made = stack.cli(
        "identity",
        "create-staff",
        "--role",
        "admin",
        "--username",
        "admin.e2e",
        "--full-name",
        "Admin Uji",
        extra_env={"GORONTALO_NEW_PASSWORD": "admin-e2e-password"},
    )
    assert made.returncode == 0, made.stderr
    register = tmp_path_factory.mktemp("register") / "register.csv"
    generated = stack.cli("identity", "generate-register", "--count", "1000", "--seed", "77", "--output", str(register))
    assert generated.returncode == 0, generated.stderr
    first = stack.cli("identity", "import-register", str(register))
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout) == {"created": 1000, "updated": 0, "unchanged": 0}
    again = stack.cli("identity", "import-register", str(register))
    assert json.loads(again.stdout) == {"created": 0, "updated": 0, "unchanged": 1000}
    import csv

    rows = list(csv.DictReader(register.open()))
    stack.personal_numbers.update(r["nik"] for r in rows)
    stack.personal_numbers.update(r["kk_number"] for r in rows)
    admin = login(stack, http, "admin.e2e", "admin-e2e-password")
    officers = {}
    for regency, code, name in (
        ("75.01", "dpmptsp-7501-e2e", "DPMPTSP Kabupaten Gorontalo"),
        ("75.03", "dpmptsp-7503-e2e", "DPMPTSP Kabupaten Bone Bolango"),
    ):
        agency = http.post(
            stack.url + "/v1/identity/agencies",
            headers=admin,
            json={"code": code, "name": name, "region_code": regency},
        )
        assert agency.status_code == 200, agency.text
        username = f"petugas.{regency.replace('.', '')}.e2e"
        officer = http.post(
            stack.url + "/v1/identity/officers",
            headers=admin,
            json={
                "agency_id": agency.json()["id"],
                "username": username,
                "full_name": f"Petugas {name}",
                "password": "officer-password-1",
                "jurisdiction": [regency],
            },
        )
        assert officer.status_code == 200, officer.text
        officers[regency] = {
            "headers": login(stack, http, username, "officer-password-1"),
            "name": f"Petugas {name}",
            "agency": name,
        }
    resident = next(r for r in rows if r["village_code"].startswith("75.01."))
    return {"admin": admin, "officers": officers, "resident": resident, "rows": rows}


def test_officer_jurisdiction_cannot_be_wider_than_the_agency(stack, http, province):
    agencies = http.get(stack.url + "/v1/identity/agencies", headers=province["admin"]).json()["agencies"]
    agency = next(a for a in agencies if a["code"] == "dpmptsp-7501-e2e")
    refused = http.post(
        stack.url + "/v1/identity/officers",
        headers=province["admin"],
        json={
            "agency_id": agency["id"],
            "username": "petugas.liar",
            "full_name": "Petugas Liar",
            "password": "officer-password-1",
            "jurisdiction": ["75.04"],
        },
    )
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "jurisdiction"
    citizen_attempt = http.post(
        stack.url + "/v1/identity/agencies", json={"code": "x-y-z", "name": "X", "region_code": "75"}
    )
    assert citizen_attempt.status_code == 401


def test_an_admin_appoints_one_head_per_agency(stack, http, province):
    agencies = http.get(stack.url + "/v1/identity/agencies", headers=province["admin"]).json()["agencies"]
    agency = next(a for a in agencies if a["code"] == "dpmptsp-7503-e2e")

    def appoint(username):
        return http.post(
            stack.url + "/v1/identity/officers",
            headers=province["admin"],
            json={
                "agency_id": agency["id"],
                "username": username,
                "full_name": "Kepala DPMPTSP Bone Bolango",
                "password": "officer-password-1",
                "jurisdiction": ["75.03"],
                "agency_head": True,
            },
        )

    head = appoint("kepala.7503.e2e")
    assert head.status_code == 200 and head.json()["agency_head"] is True, head.text
    second = appoint("kepala.lain.7503.e2e")
    assert second.status_code == 409, second.text
    assert second.json()["type"].endswith(":agency-head-exists") and "kepala" in second.json()["detail"]
    claims_of = lambda headers: json.loads(
        base64.urlsafe_b64decode(  # noqa: E731
            headers["Authorization"].split()[1].split(".")[1] + "=="
        )
    )
    assert claims_of(login(stack, http, "kepala.7503.e2e", "officer-password-1"))["agency_head"] is True
    assert "agency_head" not in claims_of(province["officers"]["75.03"]["headers"])
    # a new head takes over: the officer of the agency is appointed, the old head steps down
    officer_id = claims_of(province["officers"]["75.03"]["headers"])["sub"]
    handover = http.post(
        stack.url + f"/v1/identity/officers/{officer_id}:setAgencyHead",
        headers=province["admin"],
        json={"agency_head": True},
    )
    assert handover.status_code == 200 and handover.json()["agency_head"] is True, handover.text
    assert claims_of(login(stack, http, "petugas.7503.e2e", "officer-password-1"))["agency_head"] is True
    assert "agency_head" not in claims_of(login(stack, http, "kepala.7503.e2e", "officer-password-1"))
    refused = http.post(
        stack.url + f"/v1/identity/officers/{officer_id}:setAgencyHead",
        headers=province["officers"]["75.03"]["headers"],
        json={"agency_head": False},
    )
    assert refused.status_code == 403, refused.text


def test_sign_up_needs_the_register_and_never_reveals_a_nik(stack, http, province):
    resident = province["rows"][5]
    stack.personal_numbers.add(resident["nik"])
    wrong_name = http.post(
        stack.url + "/v1/identity/citizens",
        json={
            "nik": resident["nik"],
            "full_name": "Orang Lain",
            "birth_date": resident["birth_date"],
            "phone": "081234500001",
            "password": "kata-sandi-aman-1",
        },
    )
    unknown = http.post(
        stack.url + "/v1/identity/citizens",
        json={
            "nik": resident["nik"][:12] + ("0001" if resident["nik"][12:] != "0001" else "0002"),
            "full_name": "Orang Lain",
            "birth_date": resident["birth_date"],
            "phone": "081234500001",
            "password": "kata-sandi-aman-1",
        },
    )
    assert wrong_name.status_code == unknown.status_code == 400
    assert wrong_name.json()["detail"] == unknown.json()["detail"]
    assert wrong_name.json()["type"] == unknown.json()["type"] == "urn:gorontalo:problem:register-mismatch"


def test_resident_lifecycle(stack, http, province, tmp_path):
    me = sign_up(stack, http, province["resident"])
    headers = me["headers"]

    # refresh tokens rotate; a reused one ends the chain
    first = me["tokens"]["refresh_token"]
    rotated = http.post(stack.url + "/v1/identity/token:refresh", json={"refresh_token": first})
    assert rotated.status_code == 200 and rotated.json()["refresh_token"] != first
    reused = http.post(stack.url + "/v1/identity/token:refresh", json={"refresh_token": first})
    assert reused.status_code == 401
    chain_ended = http.post(
        stack.url + "/v1/identity/token:refresh", json={"refresh_token": rotated.json()["refresh_token"]}
    )
    assert chain_ended.status_code == 401

    # digital ID credential, QR in PNG and SVG: refused at level 1, issued after an in-person check
    refused = http.post(stack.url + "/v1/me/credentials", headers=headers, json={})
    assert refused.status_code == 403 and refused.json()["type"].endswith(":assurance-insufficient"), refused.text
    headers = check_in_person(stack, http, me)["headers"]
    credential = http.post(stack.url + "/v1/me/credentials", headers=headers, json={})
    assert credential.status_code == 200, credential.text
    credential = credential.json()
    png = http.get(stack.url + f"/v1/me/credentials/{credential['id']}/qr", headers=headers)
    assert png.status_code == 200 and png.headers["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    svg = http.get(stack.url + f"/v1/me/credentials/{credential['id']}/qr?format=svg", headers=headers)
    assert svg.headers["Content-Type"].startswith("image/svg+xml") and b"<svg" in svg.content

    # offline check by a separate script with nothing but the saved JWKS
    jwks_file = tmp_path / "jwks.json"
    jwks_file.write_text(http.get(stack.url + "/.well-known/jwks.json").text)
    offline = subprocess.run(
        [sys.executable, str(VERIFIER), "--jwks", str(jwks_file), credential["token"]], capture_output=True, text=True
    )
    assert offline.returncode == 0, offline.stdout + offline.stderr
    shown = json.loads(offline.stdout)
    assert shown["valid"] and shown["nik_masked"].startswith(me["nik"][:4]) and me["nik"] not in offline.stdout
    header, payload, signature = credential["token"].split(".")
    forged_claims = json.loads(base64.urlsafe_b64decode(payload + "==="))
    forged_claims["name"] = "Orang Lain"
    forged = ".".join(
        [header, base64.urlsafe_b64encode(json.dumps(forged_claims).encode()).decode().rstrip("="), signature]
    )
    tampered = subprocess.run(
        [sys.executable, str(VERIFIER), "--jwks", str(jwks_file), forged], capture_output=True, text=True
    )
    assert tampered.returncode == 1

    # officers: the other regency is refused and leaves no trace; the right one is logged
    lookup = {"nik": me["nik"], "purpose": "verifikasi permohonan izin usaha"}
    other = http.post(
        stack.url + "/v1/identity/residents:lookup", headers=province["officers"]["75.03"]["headers"], json=lookup
    )
    assert other.status_code == 403
    own = http.post(
        stack.url + "/v1/identity/residents:lookup", headers=province["officers"]["75.01"]["headers"], json=lookup
    )
    assert own.status_code == 200, own.text
    assert own.json()["nik"] != me["nik"] and own.json()["nik"].startswith(me["nik"][:4])  # masked
    log = http.get(stack.url + "/v1/me/access-log", headers=headers).json()["entries"]
    # Newest first: the lookup, then the in-person check that raised the account to level 2.
    assert [(e["actor_name"], e["agency"], e["purpose"]) for e in log] == [
        (
            province["officers"]["75.01"]["name"],
            province["officers"]["75.01"]["agency"],
            "verifikasi permohonan izin usaha",
        ),
        (
            "Petugas Disdukcapil Provinsi Gorontalo",
            "Dinas Kependudukan dan Pencatatan Sipil Provinsi Gorontalo",
            "Aktivasi IKD di loket",
        ),
    ]

    # online verification reports revocation
    verify = lambda: http.post(
        stack.url + "/v1/identity/credentials:verify",  # noqa: E731
        json={"token": credential["token"]},
    ).json()
    assert verify()["status"] == "valid"
    revoked = http.post(stack.url + f"/v1/me/credentials/{credential['id']}:revoke", headers=headers, json={})
    assert revoked.status_code == 200 and revoked.json()["revoked"] is True
    assert verify() == {**verify(), "valid": False, "status": "revoked"}

    # right of access: everything held, in one JSON document
    data = http.get(stack.url + "/v1/me/data", headers=headers).json()
    assert data["account"]["nik"] == me["nik"] and data["resident"]["village_code"] == me["resident"]["village_code"]
    assert len(data["credentials"]) == 1 and len(data["access_log"]) == 2  # the lookup and the in-person check


def test_ektp_check_for_a_relying_party(stack, http, province):
    client = http.post(
        stack.url + "/v1/identity/api-clients",
        headers=province["admin"],
        json={"name": "Bank SulutGo Cabang Limboto", "rate_limit_per_minute": 5},
    )
    assert client.status_code == 200, client.text
    credentials = client.json()
    basic = base64.b64encode(f"{credentials['client_id']}:{credentials['client_secret']}".encode()).decode()
    resident = province["rows"][10]
    ask = lambda name: http.post(
        stack.url + "/v1/identity/ektp:verify",  # noqa: E731
        headers={"Authorization": f"Basic {basic}"},
        json={
            "nik": resident["nik"],
            "full_name": name,
            "birth_date": resident["birth_date"],
            "purpose": "pembukaan rekening",
        },
    )
    match = ask(resident["full_name"])
    assert match.status_code == 200 and match.json() == {"match": True}
    assert ask("Nama Lain").json() == {"match": False}
    wrong_secret = base64.b64encode(f"{credentials['client_id']}:nope".encode()).decode()
    refused = http.post(
        stack.url + "/v1/identity/ektp:verify",
        headers={"Authorization": f"Basic {wrong_secret}"},
        json={
            "nik": resident["nik"],
            "full_name": "x",
            "birth_date": resident["birth_date"],
            "purpose": "pembukaan rekening",
        },
    )
    assert refused.status_code == 401
    statuses = [ask(resident["full_name"]).status_code for _ in range(4)]
    assert statuses[-1] == 429 and 200 in statuses
