"""Updates reach the reporter, through the gateway with real processes: a filer without an account hears by
SMS from complaints itself (through the platform's one transport: in the stack, the development SMS sink),
an account holder reads them in the one inbox, GET /v1/me/notifications; the old
GET /v1/complaints/notifications answers as deprecated."""

import json
import random
import time

from tests.e2e.conftest import login, unique

KOTA_VILLAGE = "75.71.01.1001"


def _staff(stack, http, username):
    return login(stack, http, username, stack.demo_credentials()[username])


def _notifications_of(stack, code):
    listed = stack.cli("complaints", "list-notifications", "--tracking-code", code)
    assert listed.returncode == 0, listed.stderr
    return [json.loads(line) for line in listed.stdout.splitlines() if line.strip()]


def _wait_sent(stack, code, kind, timeout=60):
    """The service's sender loop (every COMPLAINTS_NOTIFY_INTERVAL_SECONDS, default 5) delivers it."""
    deadline = time.monotonic() + timeout
    found = []
    while time.monotonic() < deadline:
        found = _notifications_of(stack, code)
        sent = [n for n in found if n["kind"] == kind and n["state"] == "sent"]
        if sent:
            return sent[0], found
        time.sleep(1)
    raise AssertionError(f"no sent {kind} notification for {code}: {found}\n{stack.tail_logs()}")


def test_an_anonymous_filer_hears_of_the_resolution_by_sms(stack, http, dev_phone):
    phone = "0857" + "".join(random.choice("0123456789") for _ in range(8))
    stack.personal_numbers.update({phone, "+62" + phone[1:]})
    filed = http.post(
        stack.url + "/v1/complaints/anonymous",
        json={
            "title": unique("Jalan amblas dekat jembatan"),
            "category": "jalan_rusak",
            "region_code": KOTA_VILLAGE,
            "description": "Badan jalan amblas setengah meter, berbahaya untuk motor malam hari.",
            "contact_phone": phone,
        },
    )
    assert filed.status_code == 200, filed.text
    code = filed.json()["tracking_code"]
    assert filed.json()["status"] == "dispositioned", filed.text

    pupr = _staff(stack, http, "petugas.pupr.kota")
    base = stack.url + f"/v1/complaints/{code}"
    assert http.post(base + ":start", headers=pupr, json={"note": "Tim menuju lokasi"}).status_code == 200
    resolved = http.post(base + ":resolve", headers=pupr, json={"note": "Jalan sudah ditimbun dan diaspal"})
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved", resolved.text

    sent, everything = _wait_sent(stack, code, "resolved")
    assert [n["kind"] for n in sorted(everything, key=lambda n: n["created_at"])] == [
        "dispositioned",
        "in_progress",
        "resolved",
    ]
    masked = "08" + "*" * 6 + phone[-4:]
    assert sent["channel"] == "sms" and sent["destination"] == masked and sent["attempts"] == 1
    assert code in sent["message"] and f"/v1/complaints/{code}" in sent["message"] and len(sent["message"]) <= 160
    assert "ditimbun" not in sent["message"]  # the officer's note is not sent

    # What the filer's phone received (the development sink stands for the SMS gateway).
    [received] = [m for m in dev_phone.messages("+62" + phone[1:], "complaints") if m["reference"] == sent["id"]]
    assert received["channel"] == "sms" and received["message"] == sent["message"]
    log = (stack.logs / "complaints.log").read_text(errors="replace")
    assert phone[1:] not in log and phone[-8:] not in log

    once = stack.cli("complaints", "send-notifications", "--once")
    assert once.returncode == 0 and "pending" in once.stdout, once.stdout + once.stderr
    assert phone[-8:] not in once.stdout + once.stderr
    metrics = http.get(f"http://127.0.0.1:{stack.ports['complaints'][1]}/metrics").text
    assert 'gorontalo_notify_deliveries_total{channel="sms",outcome="sent",sender="complaints"}' in metrics or (
        'gorontalo_notify_deliveries_total{sender="complaints",channel="sms",outcome="sent"}' in metrics
    ), metrics
    assert 'gorontalo_notify_pending{sender="complaints"}' in metrics


def test_an_account_holder_reads_their_own_inbox(stack, http, citizen, residents):
    from tests.e2e.conftest import sign_up

    other = sign_up(stack, http, residents.take())
    filed = http.post(
        stack.url + "/v1/complaints",
        headers=citizen["headers"],
        json={
            "title": unique("Jalan berlubang depan masjid"),
            "category": "jalan_rusak",
            "region_code": KOTA_VILLAGE,
            "description": "Jalan berlubang di depan masjid, gelap dan berbahaya.",
        },
    )
    assert filed.status_code == 200, filed.text
    code = filed.json()["tracking_code"]
    pupr = _staff(stack, http, "petugas.pupr.kota")
    posted = http.post(
        stack.url + f"/v1/complaints/{code}/updates",
        headers=pupr,
        json={"note": "Petugas Budi akan meninjau besok pagi"},
    )
    assert posted.status_code == 200, posted.text

    # One inbox for every service: complaints' news for account holders arrive there.
    deadline = time.monotonic() + 30
    mine = []
    while time.monotonic() < deadline and not mine:
        inbox = http.get(stack.url + "/v1/me/notifications", headers=citizen["headers"], params={"page_size": 100})
        assert inbox.status_code == 200, inbox.text
        mine = [n for n in inbox.json().get("notifications", []) if n.get("ref_id") == filed.json()["id"]]
        time.sleep(0.3)
    assert mine, inbox.text
    assert all("Budi" not in json.dumps(n) for n in mine)  # the officer's note stays in complaints
    theirs = http.get(stack.url + "/v1/me/notifications", headers=other["headers"])
    assert theirs.status_code == 200 and filed.json()["id"] not in theirs.text

    # The old in-app list still answers, marked deprecated with its successor.
    old = http.get(stack.url + "/v1/complaints/notifications", headers=citizen["headers"])
    assert old.status_code == 200, old.text
    assert old.headers["Deprecation"].startswith("@") and old.headers.get("Sunset")
    assert "</v1/me/notifications>" in old.headers["Link"] and "successor-version" in old.headers["Link"]
    assert http.get(stack.url + "/v1/complaints/notifications").status_code == 401
    assert http.get(stack.url + "/v1/complaints/notifications", headers=pupr).status_code == 403
    # Complaints keeps no contact row for an account holder: the inbox tells them.
    assert _notifications_of(stack, code) == []
