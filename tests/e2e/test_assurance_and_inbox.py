"""Issue 14 as a new resident tries it, through the gateway: a verified phone, levels of assurance, a
password reset, one timeline and one inbox for every service, a rebuilt inbox, and a takeover repaired."""

from __future__ import annotations

import time

from tests.e2e.conftest import (
    check_in_person,
    e164,
    in_person_officer,
    login,
    random_phone,
    sign_up,
    unique,
)
from tests.e2e.test_permits_flow import _permit_types, _submit

KOTA_VILLAGE = "75.71.01.1001"


def _staff(stack, http, username):
    return login(stack, http, username, stack.demo_credentials()[username])


def _wait(fetch, predicate, timeout: float = 30, what: str = ""):
    """Poll `fetch()` until `predicate(answer)`: the inbox follows the other services' events."""
    deadline = time.monotonic() + timeout
    answer = fetch()
    while not predicate(answer):
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout}s: {answer}")
        time.sleep(0.3)
        answer = fetch()
    return answer


def _timeline(stack, http, headers) -> list[dict]:
    response = http.get(stack.url + "/v1/me/timeline", headers=headers, params={"page_size": 100})
    assert response.status_code == 200, response.text
    return response.json().get("items", [])


def _notifications(stack, http, headers) -> dict:
    response = http.get(stack.url + "/v1/me/notifications", headers=headers, params={"page_size": 100})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_resident_signs_up_with_a_code_and_a_wrong_code_is_refused(stack, http, residents, dev_phone):
    resident = residents.take()
    phone = random_phone()
    stack.personal_numbers.update({resident["nik"], phone, e164(phone)})
    pending = http.post(
        stack.url + "/v1/identity/citizens",
        json={
            "nik": resident["nik"],
            "full_name": resident["full_name"],
            "birth_date": resident["birth_date"],
            "phone": phone,
            "password": "kata-sandi-aman-1",
        },
    )
    assert pending.status_code == 200, pending.text
    assert pending.json()["status"] == "pending_verification"
    # Not active yet: the password alone does not sign in.
    early = http.post(
        stack.url + "/v1/identity/token", json={"username": resident["nik"], "password": "kata-sandi-aman-1"}
    )
    assert early.status_code == 401, early.text

    code = dev_phone.code(e164(phone))
    wrong = "000000" if code != "000000" else "111111"
    refused = http.post(stack.url + "/v1/identity/citizens:activate", json={"nik": resident["nik"], "code": wrong})
    assert refused.status_code in (400, 401), refused.text
    assert refused.headers["Content-Type"].startswith("application/problem+json")
    activated = http.post(stack.url + "/v1/identity/citizens:activate", json={"nik": resident["nik"], "code": code})
    assert activated.status_code == 200, activated.text
    assert activated.json()["acr"] == 1
    # Single use: the same code does not work twice.
    again = http.post(stack.url + "/v1/identity/citizens:activate", json={"nik": resident["nik"], "code": code})
    assert again.status_code in (400, 401, 409), again.text


def test_credential_needs_an_in_person_check_by_a_kelurahan_officer(stack, http, residents):
    me = sign_up(stack, http, residents.take("75.71"))
    refused = http.post(stack.url + "/v1/me/credentials", headers=me["headers"], json={})
    assert refused.status_code == 403 and refused.json()["type"].endswith(":assurance-insufficient"), refused.text
    masked = http.get(stack.url + "/v1/me", headers=me["headers"]).json()
    assert masked["nik"] != me["nik"]  # the full NIK needs level 2 too

    check_in_person(stack, http, me)
    credential = http.post(stack.url + "/v1/me/credentials", headers=me["headers"], json={})
    assert credential.status_code == 200, credential.text
    assert http.get(stack.url + "/v1/me", headers=me["headers"]).json()["nik"] == me["nik"]
    log = http.get(stack.url + "/v1/me/access-log", headers=me["headers"]).json().get("entries", [])
    assert any("IKD" in entry.get("purpose", "") for entry in log), log


def test_a_forgotten_password_is_reset_by_sms_and_level_two_drops_to_one(stack, http, residents, dev_phone, elsewhere):
    me = check_in_person(stack, http, sign_up(stack, http, residents.take("75.71")))
    before = len(dev_phone.messages(e164(me["phone"]), "identity"))

    unknown_nik = "7571" + "9" * 12
    for username in (me["nik"], unknown_nik):
        asked = elsewhere.post(stack.url + "/v1/identity/password:reset", json={"username": username})
        assert asked.status_code == 200, asked.text
    # One answer whether or not the NIK has an account.
    assert (
        asked.json() == elsewhere.post(stack.url + "/v1/identity/password:reset", json={"username": me["nik"]}).json()
    )

    # Two requests for this NIK, two codes: the newer one replaces the older.
    code = dev_phone.code(e164(me["phone"]), after=before + 1)
    reset = elsewhere.post(
        stack.url + "/v1/identity/password:confirmReset",
        json={"username": me["nik"], "code": code, "new_password": "kata-sandi-baru-22"},
    )
    assert reset.status_code == 200, reset.text
    assert reset.json()["acr"] == 1  # a SIM swap must not keep level 2
    # Every earlier session ended.
    assert http.get(stack.url + "/v1/me", headers=me["headers"]).status_code == 401
    old = http.post(stack.url + "/v1/identity/token", json={"username": me["nik"], "password": me["password"]})
    assert old.status_code == 401
    new = http.post(stack.url + "/v1/identity/token", json={"username": me["nik"], "password": "kata-sandi-baru-22"})
    assert new.status_code == 200 and new.json()["acr"] == 1, new.text


def test_permit_bill_and_complaint_answer_in_one_timeline_and_inbox(stack, http, residents):
    me = sign_up(stack, http, residents.take())
    kota = _staff(stack, http, "petugas.kota")

    permit_type = next(
        t for t in _permit_types(stack, http) if t["risk_level"] != "rendah" and int(t.get("fee_rupiah", 0)) > 0
    )
    application = _submit(stack, http, me, permit_type["kbli_code"], unique("Warung Makan Tilamuta"))
    base = stack.url + f"/v1/permits/applications/{application['id']}"
    assert http.post(base + ":review", headers=kota, json={"note": "mulai"}).status_code == 200
    revision = http.post(base + ":request-revision", headers=kota, json={"note": "Lengkapi denah lokasi"})
    assert revision.status_code == 200, revision.text

    def permit_item(items):
        return next((i for i in items if i.get("ref_id") == application["id"]), None)

    items = _wait(
        lambda: _timeline(stack, http, me["headers"]),
        lambda items: (permit_item(items) or {}).get("state") == "revision_requested",
        what="revision request in the timeline",
    )
    assert permit_item(items)["next_action"], permit_item(items)

    assert http.post(base + ":resubmit", headers=me["headers"], json={"note": "denah"}).status_code == 200
    assert http.post(base + ":review", headers=kota, json={"note": "ulang"}).status_code == 200
    approved = http.post(base + ":approve", headers=kota, json={"note": "memenuhi syarat"})
    assert approved.status_code == 200, approved.text
    bill_id = approved.json()["bill_id"]

    filed = http.post(
        stack.url + "/v1/complaints",
        headers=me["headers"],
        json={
            "category": "jalan_rusak",
            "title": "Jalan berlubang dekat sekolah",
            "description": "Lubang besar di depan sekolah dasar, berbahaya bagi anak-anak yang menyeberang.",
            "region_code": KOTA_VILLAGE,
            "latitude": 0.5435,
            "longitude": 123.0595,
        },
    )
    assert filed.status_code == 200, filed.text
    complaint = filed.json()
    pupr = _staff(stack, http, "petugas.pupr.kota")
    complaint_url = stack.url + f"/v1/complaints/{complaint['tracking_code']}"
    assert http.post(complaint_url + ":start", headers=pupr, json={"note": "Tim menuju lokasi"}).status_code == 200
    answered = http.post(
        complaint_url + "/updates", headers=pupr, json={"note": "Lubang ditambal besok", "internal": False}
    )
    assert answered.status_code == 200, answered.text

    reported = http.post(
        stack.url + "/v1/disaster/reports",
        headers=me["headers"],
        json={"hazard": "banjir", "latitude": 0.5435, "longitude": 123.0595, "description": "Air setinggi lutut"},
    )
    assert reported.status_code == 200, reported.text

    def everything_there(items):
        refs = {i.get("ref_id"): i for i in items}
        return (
            reported.json()["id"] in refs
            and bill_id in refs
            and refs.get(complaint["id"], {}).get("state") == "in_progress"
            and refs.get(application["id"], {}).get("state") == "awaiting_payment"
        )

    items = _wait(lambda: _timeline(stack, http, me["headers"]), everything_there, what="one timeline")
    refs = {i["ref_id"]: i for i in items}
    assert refs[bill_id]["state"] in ("unpaid", "issued"), refs[bill_id]
    assert refs[bill_id]["next_action"]
    assert refs[application["id"]]["state"] == "awaiting_payment"
    assert refs[complaint["id"]]["state"] == "in_progress"
    assert refs[reported.json()["id"]]["kind"] == "report"
    # Newest first.
    stamps = [i["updated_at"] for i in items]
    assert stamps == sorted(stamps, reverse=True)

    inbox = _wait(
        lambda: _notifications(stack, http, me["headers"]),
        lambda body: (
            {application["id"], bill_id, complaint["id"]} <= {n.get("ref_id") for n in body.get("notifications", [])}
        ),
        what="notifications",
    )
    unread = int(inbox["unread_count"])
    assert unread >= 3
    first = inbox["notifications"][0]
    marked = http.post(stack.url + "/v1/me/notifications:markRead", headers=me["headers"], json={"ids": [first["id"]]})
    assert marked.status_code == 200, marked.text
    assert int(_notifications(stack, http, me["headers"])["unread_count"]) == unread - 1

    # Nobody else reads them.
    other = sign_up(stack, http, residents.take())
    assert all(i.get("ref_id") not in refs for i in _timeline(stack, http, other["headers"]))


def test_a_ktp_photocopy_takeover_is_repaired_by_the_officer(stack, http, residents, dev_phone):
    resident = residents.take("75.71")
    impostor = sign_up(stack, http, resident)  # someone holding a photocopy of the KTP, with their own phone
    officer = in_person_officer(stack, http, "75.71")

    repaired = http.post(
        stack.url + "/v1/identity/citizens:repairTakeover",
        headers=officer,
        json={"nik": resident["nik"], "purpose": "Pemilik asli datang dengan e-KTP; akun diaktifkan orang lain"},
    )
    assert repaired.status_code == 200, repaired.text
    # The impostor's session and password are dead.
    assert http.get(stack.url + "/v1/me", headers=impostor["headers"]).status_code == 401
    relogin = http.post(
        stack.url + "/v1/identity/token", json={"username": resident["nik"], "password": impostor["password"]}
    )
    assert relogin.status_code == 401
    # A citizen cannot do it.
    owner = sign_up(stack, http, resident, password="milik-saya-sendiri-1")
    assert owner["account"]["id"] != impostor["account"]["id"]
    refused = http.post(
        stack.url + "/v1/identity/citizens:repairTakeover", headers=owner["headers"], json={"nik": resident["nik"]}
    )
    assert refused.status_code == 403


def test_rebuilt_inbox_matches_the_live_one(stack, http, residents, tmp_path):
    me = sign_up(stack, http, residents.take())
    application = _submit(
        stack,
        http,
        me,
        next(t for t in _permit_types(stack, http) if t["risk_level"] != "rendah")["kbli_code"],
        unique("Toko Bangunan"),
    )
    live = _wait(
        lambda: _timeline(stack, http, me["headers"]),
        lambda items: any(i.get("ref_id") == application["id"] for i in items),
        what="live timeline",
    )
    rebuilt_db = f"sqlite:///{tmp_path / 'rebuilt-inbox.db'}"
    rebuilt = stack.cli("inbox", "rebuild", extra_env={"INBOX_DATABASE_URL": rebuilt_db})
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    dumped = stack.cli(
        "inbox", "timeline", "--citizen-id", me["account"]["id"], extra_env={"INBOX_DATABASE_URL": rebuilt_db}
    )
    assert dumped.returncode == 0, dumped.stderr
    import json

    assert json.loads(dumped.stdout) == live
