"""Regional tax payments end to end, as Bapenda, a citizen and a bank would do them through the gateway.

Bapenda imports vehicles and properties for a few thousand generated owners and issues last year's bills;
a citizen claims theirs, sees the PKB bill with its late penalty, checks out; the bank simulator (the
real CLI, signing as a channel must) pays; the citizen sees the bill paid and downloads the receipt whose
QR token verifies offline. Forged, stale, replayed and short payments change nothing.
"""

import csv
import datetime as dt
import io
import json
import subprocess
import sys
import uuid

import pypdf
import pytest
import requests
import segno

from servicekit import signing
from tests.e2e.conftest import ROOT, check_in_person, login, sign_up, wait_for_event

CHANNEL = "bank-sulutgo"
OWNERS = 2000
WITA = dt.timezone(dt.timedelta(hours=8))


def _count(figure) -> int:
    return sum(figure.values()) if isinstance(figure, dict) else int(figure)


@pytest.fixture(scope="module")
def owners(stack):
    """A register of a few thousand more residents (identity imports it) and Bapenda's objects for them."""
    demo = stack.workdir / "var" / "demo-register.csv"
    extra = stack.workdir / "payments-register.csv"
    made = stack.cli("identity", "generate-register", "--count", str(OWNERS), "--seed", "75", "--output", str(extra))
    assert made.returncode == 0, made.stderr
    with demo.open(encoding="utf-8") as handle:
        demo_rows = list(csv.DictReader(handle))
    known = {row["nik"] for row in demo_rows}
    with extra.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, new_rows = reader.fieldnames, [row for row in reader if row["nik"] not in known]
    with extra.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(new_rows)
    imported = stack.cli("identity", "import-register", str(extra))
    assert imported.returncode == 0, imported.stderr[-2000:]

    # Objects for the demo register's residents first, then the new ones: the same generator and seed as
    # test_tax_flow.py, so the rows both files import agree and either may run first.
    combined = stack.workdir / "payments-combined-register.csv"
    with combined.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(demo_rows + new_rows)
    objects = stack.workdir / "payments-objects.csv"
    generated = stack.cli("tax", "generate-objects", "--register", str(combined), "--output", str(objects))
    assert generated.returncode == 0, generated.stderr
    with objects.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    stack.personal_numbers.update(row["owner_nik"] for row in rows)
    loaded = stack.cli("tax", "import-objects", str(objects))
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    report = json.loads(loaded.stdout)
    assert _count(report["created"]) + _count(report["unchanged"]) == len(rows)
    assert len({row["owner_nik"] for row in rows}) > 1000  # a few thousand owners' objects
    year = dt.date.today().year - 1
    billed = stack.cli("tax", "generate-bills", "--year", str(year), "--due-date", f"{year}-06-30")
    assert billed.returncode == 0, billed.stderr
    return {"objects": rows, "residents": new_rows}


_TAKEN: set[str] = set()  # residents already signed up by a test of this module


def _vehicle_owner(owners):
    vehicle_owners = {row["owner_nik"] for row in owners["objects"] if row["kind"] == "vehicle"}
    for resident in owners["residents"]:
        if resident["nik"] in vehicle_owners and resident["nik"] not in _TAKEN:
            _TAKEN.add(resident["nik"])
            return resident
    raise RuntimeError("no vehicle owner left")


def _bank(stack, code: str, amount: int, *args: str) -> tuple[int, list[dict]]:
    done = stack.cli(
        "tax",
        "bank-simulator",
        "pay",
        "--billing-code",
        code,
        "--amount",
        str(amount),
        "--gateway",
        stack.url,
        "--channel",
        CHANNEL,
        *args,
    )
    assert done.returncode in (0, 2), done.stderr
    return done.returncode, [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def _qr_matches(pdf: bytes, token: str) -> bool:
    """The QR image in the PDF has exactly the modules of a QR code of `token` (segno, level M)."""
    image = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].images[0].image.convert("L")
    expected = segno.make(token, error="m", micro=False).matrix
    size, border = len(expected), 4
    scale = image.size[0] / (size + 2 * border)
    seen = [
        [
            1 if image.getpixel((int((border + c + 0.5) * scale), int((border + r + 0.5) * scale))) < 128 else 0
            for c in range(size)
        ]
        for r in range(size)
    ]
    return seen == [list(row) for row in expected]


def _reconciliation(stack, http, headers):
    today = dt.datetime.now(WITA).date().isoformat()
    answer = http.get(stack.url + "/v1/tax/reconciliation", headers=headers, params={"channel": CHANNEL, "date": today})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_citizen_pays_a_late_pkb_bill_through_a_bank_and_verifies_the_receipt(stack, http, owners):
    resident = _vehicle_owner(owners)
    owner = check_in_person(stack, http, sign_up(stack, http, resident))
    claimed = http.post(stack.url + "/v1/tax/objects:claim", headers=owner["headers"], json={})
    assert claimed.status_code == 200, claimed.text
    bills = http.get(stack.url + "/v1/tax/bills", headers=owner["headers"], params={"tax_type": "pkb"}).json()["bills"]
    bill = bills[0]
    assert bill["status"] == "unpaid" and int(bill["penalty"]) > 0
    assert [line["kind"] for line in bill["lines"]][-1] == "penalty"

    checkout = http.post(stack.url + f"/v1/tax/bills/{bill['id']}:checkout", headers=owner["headers"], json={})
    assert checkout.status_code == 200, checkout.text
    code, amount = checkout.json()["billing_code"], int(checkout.json()["amount"])
    assert amount == int(bill["principal"]) + int(checkout.json()["bill"]["penalty"])

    # short and excess payments are refused with a reason the bank can act on; nothing is paid
    for wrong in (amount - 1, amount + 1000):
        status, [answer] = _bank(stack, code, wrong)
        assert status == 2 and answer["http_status"] == 400, answer
        assert answer["response"]["reason"] == "amount_mismatch"
    # forged (wrong secret) and stale (captured, sent 10 minutes late) notifications are refused
    forged_id, stale_id = "FORGED-" + uuid.uuid4().hex[:8], "STALE-" + uuid.uuid4().hex[:8]
    _, [forged] = _bank(stack, code, amount, "--forge", "--transaction-id", forged_id)
    _, [stale] = _bank(stack, code, amount, "--timestamp-offset", "-600", "--transaction-id", stale_id)
    assert (forged["http_status"], forged["response"]["reason"]) == (401, "signature_invalid")
    assert (stale["http_status"], stale["response"]["reason"]) == (401, "timestamp_stale")
    unpaid = http.get(stack.url + f"/v1/tax/bills/{bill['id']}", headers=owner["headers"]).json()
    assert unpaid["status"] == "unpaid"

    # the bank pays; its retry of the identical signed notification records nothing more
    transaction_id = "BSG-" + uuid.uuid4().hex[:10]
    status, (paid, replayed) = _bank(stack, code, amount, "--transaction-id", transaction_id, "--replay")
    assert status == 0 and paid["http_status"] == replayed["http_status"] == 200, (paid, replayed)
    receipt_number = paid["response"]["receipt_number"]
    assert paid["response"]["status"] == "recorded" and not paid["response"].get("duplicate")
    assert replayed["response"]["duplicate"] is True and replayed["response"]["receipt_number"] == receipt_number
    # the same transaction id with another body is refused; the forged one never took that id.
    # paid_at is set apart explicitly: the simulator stamps whole seconds, so a resend within the
    # same second would otherwise be byte-identical, i.e. a genuine retry
    other_time = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).isoformat(timespec="seconds")
    status, [reused] = _bank(stack, code, amount, "--transaction-id", transaction_id, "--paid-at", other_time)
    assert (reused["http_status"], reused["response"]["reason"]) == (409, "transaction_id_reused")
    status, [again] = _bank(stack, code, amount)
    assert again["http_status"] in (404, 409) and again["response"]["reason"] in (
        "bill_already_paid",
        "billing_code_unknown",
    )

    event = wait_for_event(
        stack.nats.url, "gorontalo.tax.payment.received", lambda e: e["data"].get("bill_id") == bill["id"]
    )
    data = event["event"]["data"]
    # proto3 JSON writes int64 as a string (tax.v1.PaymentReceived); consumers parse it into the message.
    assert (int(data["amount"]), data["channel"], data["receipt_number"], data["tax_type"], data["caller"]) == (
        amount,
        CHANNEL,
        receipt_number,
        "pkb",
        "",
    )
    dt.datetime.fromisoformat(data["paid_at"])
    assert resident["nik"] not in json.dumps(event)
    wait_for_event(
        stack.nats.url, "gorontalo.tax.payment.refused", lambda e: e["data"].get("channel_transaction_id") == forged_id
    )

    shown = http.get(stack.url + f"/v1/tax/bills/{bill['id']}", headers=owner["headers"]).json()
    assert (shown["status"], shown["receipt_number"], int(shown["amount_paid"])) == ("paid", receipt_number, amount)
    assert (
        http.post(stack.url + f"/v1/tax/bills/{bill['id']}:checkout", headers=owner["headers"], json={}).status_code
        == 409
    )

    receipt = http.get(stack.url + f"/v1/tax/receipts/{receipt_number}", headers=owner["headers"])
    assert receipt.status_code == 200, receipt.text
    pdf = http.get(stack.url + f"/v1/tax/receipts/{receipt_number}/pdf", headers=owner["headers"])
    assert pdf.status_code == 200 and pdf.headers["Content-Type"].startswith("application/pdf")
    token = receipt.json()["token"]
    # the QR opens the verifier page with the token in the fragment: `<WEB_PUBLIC_URL>/verifikasi#<token>`
    assert _qr_matches(pdf.content, stack.web_url + "/verifikasi#" + token)
    keys = http.get(stack.url + "/v1/tax/receipt-keys")  # public, saved once while online
    assert keys.status_code == 200, keys.text
    jwks_file = stack.workdir / "receipt-keys.json"
    jwks_file.write_bytes(keys.content)
    # offline: the platform-free tool, and servicekit's verifier, with nothing but the saved keys
    checked = subprocess.run(
        [sys.executable, str(ROOT / "svc-tax" / "tools" / "verify_receipt.py"), "--jwks", str(jwks_file), token],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert json.loads(checked.stdout)["receipt_number"] == receipt_number
    claims = signing.verify_offline(token, keys.json(), issuer="gorontalo-tax", token_type="receipt+jwt")
    assert (claims["sub"], claims["amt"], claims["tax"]) == (receipt_number, amount, "pkb")
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert (
        subprocess.run(
            [sys.executable, str(ROOT / "svc-tax" / "tools" / "verify_receipt.py"), "--jwks", str(jwks_file), tampered],
            capture_output=True,
            timeout=60,
        ).returncode
        == 1
    )

    verified = http.get(stack.url + f"/v1/tax/receipts/verify/{receipt_number}")  # public, no token
    assert verified.status_code == 200, verified.text
    assert verified.json()["valid"] is True and int(verified.json()["amount"]) == amount
    assert resident["nik"] not in verified.text and owner["account"]["id"] not in verified.text
    stranger = sign_up(stack, http, _vehicle_owner(owners))
    assert http.get(stack.url + f"/v1/tax/receipts/{receipt_number}", headers=stranger["headers"]).status_code == 404

    # the treasury's day: one payment for this bill, and every refusal with its reason
    bapenda = login(stack, http, "bapenda.provinsi", stack.demo_credentials()["bapenda.provinsi"])
    day = _reconciliation(stack, http, bapenda)
    mine = [p for p in day.get("payments", []) if p["bill_id"] == bill["id"]]
    assert [(p["receipt_number"], int(p["amount"]), p["channel_transaction_id"]) for p in mine] == [
        (receipt_number, amount, transaction_id)
    ]
    assert int(day["total"]) == sum(int(p["amount"]) for p in day["payments"])
    refused = {(r["reason"], r.get("channel_transaction_id", "")) for r in day.get("refused", [])}
    assert {
        ("signature_invalid", forged_id),
        ("timestamp_stale", stale_id),
        ("transaction_id_reused", transaction_id),
    } <= refused
    assert sum(r["reason"] == "amount_mismatch" and r.get("billing_code") == code for r in day["refused"]) == 2
    kota = login(stack, http, "petugas.kota", stack.demo_credentials()["petugas.kota"])  # DPMPTSP, not Bapenda
    assert http.get(stack.url + "/v1/tax/reconciliation", headers=kota, params={"channel": CHANNEL}).status_code == 403
    assert (
        http.get(
            stack.url + "/v1/tax/reconciliation", headers=owner["headers"], params={"channel": CHANNEL}
        ).status_code
        == 403
    )

    metrics = requests.get(f"http://127.0.0.1:{stack.ports['tax'][1]}/metrics", timeout=10).text
    revenue = [
        line
        for line in metrics.splitlines()
        if line.startswith("gorontalo_tax_revenue_rupiah_total{")
        and f'channel="{CHANNEL}"' in line
        and 'tax_type="pkb"' in line
    ]
    assert revenue and float(revenue[0].rsplit(" ", 1)[1]) >= amount
    assert 'gorontalo_tax_payment_notifications_refused_total{reason="signature_invalid"}' in metrics


def _blank_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Dokumen persyaratan")
    page.showPage()
    page.save()
    return buffer.getvalue()


def test_a_paid_permit_fee_moves_the_permit_forward(stack, http, residents):
    """The permits issue's fee bill, paid by the bank like any bill, reaches permits through the event."""
    applicant = sign_up(stack, http, residents.take())
    types = http.get(stack.url + "/v1/permits/types").json()["permit_types"]
    permit_type = next(t for t in types if t["risk_level"] != "rendah" and int(t.get("fee_rupiah", 0)) > 0)
    documents = []
    for document_type in permit_type.get("required_documents", []):  # scanned as PDFs by the applicant
        uploaded = http.post(
            stack.url + "/v1/permits/documents",
            headers={**applicant["headers"], "Content-Type": "application/pdf"},
            params={"document_type": document_type, "file_name": "dokumen.pdf"},
            data=_blank_pdf(),
        )
        assert uploaded.status_code == 200, uploaded.text
        documents.append(uploaded.json()["id"])
    submitted = http.post(
        stack.url + "/v1/permits/applications",
        headers=applicant["headers"],
        json={
            "kbli_code": permit_type["kbli_code"],
            "business_name": "Toko Bilato " + uuid.uuid4().hex[:6],
            "business_address": "Jl. Nani Wartabone No. 10",
            "region_code": "75.71.01.1001",
            "latitude": 0.5435,
            "longitude": 123.0595,
            "investment_rupiah": 25000000,
            "workforce": 3,
            "document_ids": documents,
        },
    )
    assert submitted.status_code == 200, submitted.text
    base = stack.url + f"/v1/permits/applications/{submitted.json()['id']}"
    kota = login(stack, http, "petugas.kota", stack.demo_credentials()["petugas.kota"])
    assert http.post(base + ":review", headers=kota, json={"note": "verifikasi"}).status_code == 200
    approved = http.post(base + ":approve", headers=kota, json={"note": "memenuhi syarat"})
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "awaiting_payment"
    bill_id = approved.json()["bill_id"]

    bill = http.get(stack.url + f"/v1/tax/bills/{bill_id}", headers=applicant["headers"])
    assert bill.status_code == 200, bill.text
    assert (bill.json()["caller"], bill.json()["caller_reference"]) == ("permits", submitted.json()["id"])
    assert int(bill.json()["total"]) == int(permit_type["fee_rupiah"])
    checkout = http.post(stack.url + f"/v1/tax/bills/{bill_id}:checkout", headers=applicant["headers"], json={})
    assert checkout.status_code == 200, checkout.text
    status, [paid] = _bank(stack, checkout.json()["billing_code"], int(checkout.json()["amount"]))
    assert status == 0 and paid["response"]["status"] == "recorded", paid

    wait_for_event(
        stack.nats.url,
        "gorontalo.tax.payment.received",
        lambda e: (
            e["data"].get("bill_id") == bill_id
            and e["data"].get("caller") == "permits"
            and e["data"].get("caller_reference") == submitted.json()["id"]
        ),
    )
    wait_for_event(
        stack.nats.url,
        "gorontalo.permits.application.>",
        lambda e: (
            e["data"].get("application_id") == submitted.json()["id"]
            and e["data"].get("old_status") == "awaiting_payment"
        ),
    )
    after = http.get(base, headers=applicant["headers"]).json()
    assert after["status"] != "awaiting_payment" and after.get("payment_status") == "paid", after
