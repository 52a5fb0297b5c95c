"""An applicant withdraws while the permit fee is unpaid, through the gateway: svc-tax cancels the bill first,
so the bill shows cancelled, cannot be checked out again, and a bank paying its old billing code is refused."""

from tests.e2e.conftest import login, unique, wait_for_event
from tests.e2e.test_permits_flow import _event_of, _permit_types, _staff, _submit, random_nib
from tests.e2e.test_tax_payments import _bank, _reconciliation


def test_applicant_withdraws_while_the_fee_is_unpaid_and_the_old_billing_code_is_refused(stack, http, citizen):
    permit_type = next(t for t in _permit_types(stack, http) if t["risk_level"] == "tinggi" and int(t["fee_rupiah"]))
    application = _submit(stack, http, citizen, permit_type["kbli_code"], unique("CV Limboto Makmur"), nib=random_nib())
    app_id = application["id"]
    base = stack.url + f"/v1/permits/applications/{app_id}"
    kota = _staff(stack, http, "petugas.kota")
    assert http.post(base + ":review", headers=kota, json={"note": "verifikasi"}).status_code == 200
    approved = http.post(base + ":approve", headers=kota, json={"note": "disetujui, menunggu retribusi"})
    assert approved.status_code == 200, approved.text
    assert (approved.json()["status"], approved.json()["payment_status"]) == ("awaiting_payment", "billed")
    bill_id = approved.json()["bill_id"]
    bill_url = stack.url + f"/v1/tax/bills/{bill_id}"

    # The applicant takes a billing code to the bank, then decides not to go on.
    checkout = http.post(bill_url + ":checkout", headers=citizen["headers"], json={})
    assert checkout.status_code == 200, checkout.text
    code, amount = checkout.json()["billing_code"], int(checkout.json()["amount"])
    assert amount == int(permit_type["fee_rupiah"])

    withdrawn = http.post(base + ":withdraw", headers=citizen["headers"], json={"note": "Tidak jadi membuka usaha"})
    assert withdrawn.status_code == 200, withdrawn.text
    withdrawn = withdrawn.json()
    assert (withdrawn["status"], withdrawn["payment_status"], withdrawn["bill_id"], withdrawn["next_step"]) == (
        "withdrawn",
        "cancelled",
        bill_id,
        "none",
    )
    assert [(s["status"], s["actor_role"]) for s in withdrawn["timeline"]][-2:] == [
        ("awaiting_payment", "officer"),
        ("withdrawn", "citizen"),
    ]
    _event_of(
        stack,
        "gorontalo.permits.application.status_changed",
        app_id,
        old_status="awaiting_payment",
        new_status="withdrawn",
        bill_id=bill_id,
    )
    cancelled_event = wait_for_event(
        stack.nats.url, "gorontalo.tax.bill.cancelled", lambda e: e["data"].get("bill_id") == bill_id
    )["event"]
    assert (
        cancelled_event["data"]["caller"],
        cancelled_event["data"]["caller_reference"],
        cancelled_event["data"]["cancelled_by_role"],
    ) == ("permits", app_id, "citizen")
    assert citizen["nik"] not in str(cancelled_event)

    # The citizen's bills say so, and the bill cannot be checked out any more.
    bill = http.get(bill_url, headers=citizen["headers"]).json()
    assert (bill["status"], bill["cancellation_reason"]) == ("cancelled", "Permohonan izin ditarik oleh pemohon")
    assert bill["cancelled_at"] and not bill.get("receipt_number")
    listed = http.get(stack.url + "/v1/tax/bills", headers=citizen["headers"], params={"status": "cancelled"}).json()[
        "bills"
    ]
    assert [b["id"] for b in listed] == [bill_id]
    refused = http.post(bill_url + ":checkout", headers=citizen["headers"], json={})
    assert refused.status_code == 409, refused.text
    assert refused.json()["type"] == "urn:gorontalo:problem:bill-cancelled"

    # The bank pays the old code anyway: refused with a reason it can act on, and nothing is recorded.
    status, [answer] = _bank(stack, code, amount)
    assert status == 2 and answer["http_status"] == 409, answer
    assert (answer["response"]["status"], answer["response"]["reason"]) == ("refused", "bill_cancelled")
    assert http.get(bill_url, headers=citizen["headers"]).json()["status"] == "cancelled"
    bapenda = login(stack, http, "bapenda.provinsi", stack.demo_credentials()["bapenda.provinsi"])
    day = _reconciliation(stack, http, bapenda)
    assert not [p for p in day.get("payments", []) if p["bill_id"] == bill_id]
    assert [r["reason"] for r in day.get("refused", []) if r.get("billing_code") == code] == ["bill_cancelled"]
    assert http.get(base, headers=citizen["headers"]).json()["status"] == "withdrawn"

    # Withdrawing again changes nothing; the cancellation itself has no REST route at all.
    again = http.post(base + ":withdraw", headers=citizen["headers"], json={})
    assert again.status_code == 409, again.text
    assert http.post(bill_url + ":cancel", headers=citizen["headers"], json={}).status_code in (404, 405)
    assert "CancelBill" not in http.get(stack.url + "/openapi.json").text
