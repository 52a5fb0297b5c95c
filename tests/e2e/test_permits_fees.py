"""The issue's "Done when", through the gateway: a high-risk permit with a revision, a fee billed by svc-tax,
the payment event moving it to issued, and the certificate's QR verified offline.

The bank-side payment flow belongs to the tax issue; here the payment arrives as the real
gorontalo.tax.payment.received CloudEvent published on the stack's JetStream, for the real bill.
"""

import asyncio
import io
import json
import time

import jwt
import nats
from pypdf import PdfReader

from servicekit.messaging import make_cloudevent
from tests.e2e.conftest import unique
from tests.e2e.test_permits_flow import (
    _event_of,
    _permit_types,
    _staff,
    _submit,
    png_bytes,
    random_nib,
    upload_required,
)

PAYMENT_RECEIVED = "gorontalo.tax.payment.received"


def qr_token(pdf: bytes) -> str:
    """Read the QR code printed on the certificate, as a phone's scanner would."""
    import zxingcpp

    [image] = PdfReader(io.BytesIO(pdf)).pages[0].images
    [code] = zxingcpp.read_barcodes(image.image)
    # New certificates encode the verifier page, `<WEB_PUBLIC_URL>/verifikasi#<token>`: the token is the fragment.
    url, _, token = code.text.rpartition("#")
    assert url.endswith("/verifikasi"), code.text
    return token


def verify_offline(token: str, jwks: dict) -> dict:
    """Only the province's published public key (fetched once) and the token: no call to any service."""
    header = jwt.get_unverified_header(token)
    assert (header["alg"], header["typ"]) == ("EdDSA", "permit+jwt")
    jwk = next(k for k in jwks["keys"] if k["kid"] == header["kid"])
    return jwt.decode(token, jwt.PyJWK(jwk).key, algorithms=["EdDSA"], issuer="gorontalo-permits")


def publish_payment(nats_url: str, bill: dict, application_id: str, receipt: str) -> dict:
    envelope = make_cloudevent(
        source="/gorontalo/tax",
        type_=PAYMENT_RECEIVED,
        subject=bill["id"],
        data={
            "bill_id": bill["id"],
            "caller": "permits",
            "caller_reference": application_id,
            "amount": int(bill["total"]),
            "channel": "bank_sulutgo",
            "paid_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "receipt_number": receipt,
            "tax_type": "retribusi",
        },
    )

    async def send():
        connection = await nats.connect(nats_url)
        try:
            await connection.jetstream().publish(
                PAYMENT_RECEIVED, json.dumps(envelope).encode(), headers={"Nats-Msg-Id": envelope["id"]}
            )
        finally:
            await connection.close()

    asyncio.run(send())
    return envelope


def payment_outcomes(stack, outcome: str) -> float:
    """gorontalo_permits_payment_events_total{outcome=...} from the permits process's /metrics."""
    import requests

    text = requests.get(f"http://127.0.0.1:{stack.ports['permits'][1]}/metrics", timeout=5).text
    prefix = f'gorontalo_permits_payment_events_total{{outcome="{outcome}"}} '
    return sum(float(line[len(prefix) :]) for line in text.splitlines() if line.startswith(prefix))


def wait_for_status(http, url, headers, status, timeout=20.0) -> dict:
    deadline = time.monotonic() + timeout
    body = {}
    while time.monotonic() < deadline:
        body = http.get(url, headers=headers).json()
        if body.get("status") == status:
            return body
        time.sleep(0.3)
    raise AssertionError(f"still {body.get('status')!r}, not {status!r}: {body}")


def test_high_risk_permit_with_revision_fee_payment_and_offline_verification(stack, http, citizen):
    jwks = http.get(stack.url + "/v1/permits/.well-known/jwks.json").json()  # fetched once, while online
    permit_type = next(t for t in _permit_types(stack, http) if t["risk_level"] == "tinggi" and int(t["fee_rupiah"]))
    name = unique("CV Bangun Hulonthalo")
    application = _submit(stack, http, citizen, permit_type["kbli_code"], name, nib=random_nib())
    app_id = application["id"]
    assert (application["status"], application["next_step"]) == ("submitted", "officer_review")
    assert len(application["documents"]) == len(permit_type["required_documents"])
    base = stack.url + f"/v1/permits/applications/{app_id}"
    kota, pohuwato = _staff(stack, http, "petugas.kota"), _staff(stack, http, "petugas.pohuwato")

    # An officer of another regency neither sees nor touches it.
    queue = http.get(stack.url + "/v1/permits/applications", headers=pohuwato, params={"page_size": 100}).json()
    assert app_id not in [a["id"] for a in queue.get("applications", [])]
    for verb in (":review", ":request-revision", ":approve", ":reject"):
        refused = http.post(base + verb, headers=pohuwato, json={"note": "bukan wilayah kami"})
        assert refused.status_code == 403, refused.text
        assert refused.headers["Content-Type"].startswith("application/problem+json")
    assert http.get(base, headers=pohuwato).status_code == 403
    first_document = application["documents"][0]["document_id"]
    document_url = stack.url + f"/v1/permits/documents/{first_document}/content"
    assert http.get(document_url, headers=pohuwato).status_code == 403
    # The right office sees it in its queue (soonest SLA due date first) and reads the documents.
    queue = http.get(stack.url + "/v1/permits/applications", headers=kota, params={"page_size": 100}).json()
    due_dates = [a["sla_due_date"] for a in queue["applications"]]
    assert app_id in [a["id"] for a in queue["applications"]] and due_dates == sorted(due_dates)
    downloaded = http.get(document_url, headers=kota)
    assert downloaded.status_code == 200 and downloaded.headers["Content-Type"] == "image/png"
    assert downloaded.content == png_bytes(0)

    assert http.post(base + ":review", headers=kota, json={"note": "mulai verifikasi"}).status_code == 200
    revision = http.post(base + ":request-revision", headers=kota, json={"note": "Unggah ulang gambar rencana"})
    assert revision.status_code == 200 and revision.json()["next_step"] == "applicant_revision"
    replacement = upload_required(stack, http, citizen, permit_type)
    revised = http.post(
        base + ":resubmit",
        headers=citizen["headers"],
        json={"note": "gambar rencana diperbarui", "document_ids": replacement},
    )
    assert revised.status_code == 200, revised.text
    assert [d["document_id"] for d in revised.json()["documents"]] == replacement
    assert http.post(base + ":review", headers=kota, json={"note": "verifikasi ulang"}).status_code == 200
    approved = http.post(base + ":approve", headers=kota, json={"note": "disetujui, menunggu retribusi"})
    assert approved.status_code == 200, approved.text
    approved = approved.json()
    assert (approved["status"], approved["payment_status"], approved["next_step"]) == (
        "awaiting_payment",
        "billed",
        "payment",
    )
    assert approved["bill_id"]

    # The bill is in the citizen's own tax bills.
    bills = http.get(stack.url + "/v1/tax/bills", headers=citizen["headers"]).json()["bills"]
    [bill] = [b for b in bills if b["id"] == approved["bill_id"]]
    assert (bill["tax_type"], bill["caller"], bill["caller_reference"], int(bill["principal"])) == (
        "retribusi",
        "permits",
        app_id,
        int(permit_type["fee_rupiah"]),
    )
    assert bill["region_code"] == "75.71"

    publish_payment(stack.nats.url, bill, app_id, receipt="NTPD-E2E-0001")
    issued = wait_for_status(http, base, citizen["headers"], "issued")
    assert issued["payment_status"] == "paid" and issued["next_step"] == "none"
    number = issued["permit_number"]
    assert number.startswith("7571/DPMPTSP/")
    assert [(s["status"], s["actor_role"]) for s in issued["timeline"]] == [
        ("submitted", "citizen"),
        ("in_review", "officer"),
        ("revision_requested", "officer"),
        ("submitted", "citizen"),
        ("in_review", "officer"),
        ("awaiting_payment", "officer"),
        ("paid", "system"),
        ("approved", "system"),
        ("issued", "system"),
    ]
    assert all(step["at"] for step in issued["timeline"]) and "NTPD-E2E-0001" in issued["timeline"][6]["note"]
    _event_of(
        stack, "gorontalo.permits.application.status_changed", app_id, old_status="awaiting_payment", new_status="paid"
    )
    event = _event_of(stack, "gorontalo.permits.permit.issued", app_id, permit_number=number)
    assert citizen["nik"] not in json.dumps(event) and citizen["phone"] not in json.dumps(event)

    # The same payment again (a redelivery under a new event id) is handled and changes nothing.
    ignored = payment_outcomes(stack, "ignored_state")
    publish_payment(stack.nats.url, bill, app_id, receipt="NTPD-E2E-0001")
    deadline = time.monotonic() + 20
    while payment_outcomes(stack, "ignored_state") <= ignored:
        assert time.monotonic() < deadline, "the repeated payment event was never handled"
        time.sleep(0.3)
    assert http.get(base, headers=citizen["headers"]).json()["timeline"] == issued["timeline"]

    certificate = http.get(
        stack.url + f"/v1/permits/permits/{number.replace('/', '-')}/certificate", headers=citizen["headers"]
    )
    assert certificate.status_code == 200 and certificate.content.startswith(b"%PDF")
    claims = verify_offline(qr_token(certificate.content), jwks)
    assert (claims["sub"], claims["biz"], claims["kbli"], claims["reg"]) == (
        number,
        name,
        permit_type["kbli_code"],
        "75.71",
    )
    assert citizen["nik"] not in json.dumps(claims) and citizen["account"]["id"] not in json.dumps(claims)
    public = http.get(stack.url + "/v1/permits/verify/" + number.replace("/", "-")).json()
    assert (public["validity"], public["business_name"]) == ("valid", name)
    assert (
        http.post(
            stack.url + f"/v1/permits/permits/{number.replace('/', '-')}:revoke",
            headers=pohuwato,
            json={"reason": "bukan wilayah kami"},
        ).status_code
        == 403
    )


def test_low_risk_certificate_qr_verifies_offline(stack, http, citizen):
    jwks = http.get(stack.url + "/v1/permits/.well-known/jwks.json").json()
    permit_type = next(t for t in _permit_types(stack, http) if t["risk_level"] == "rendah")
    application = _submit(stack, http, citizen, permit_type["kbli_code"], unique("Warung Pilitode"), nib=random_nib())
    assert application["status"] == "issued"
    number = application["permit_number"]
    pdf = http.get(
        stack.url + f"/v1/permits/permits/{number.replace('/', '-')}/certificate", headers=citizen["headers"]
    ).content
    token = qr_token(pdf)
    assert verify_offline(token, jwks)["sub"] == number
    tampered = token[:-6] + ("A" * 6 if not token.endswith("A" * 6) else "B" * 6)
    try:
        verify_offline(tampered, jwks)
    except jwt.PyJWTError:
        pass
    else:
        raise AssertionError("a tampered token verified")


def test_low_risk_without_an_nib_is_refused_with_a_field_error(stack, http, citizen):
    permit_type = next(t for t in _permit_types(stack, http) if t["risk_level"] == "rendah")
    document_ids = upload_required(stack, http, citizen, permit_type)
    response = http.post(
        stack.url + "/v1/permits/applications",
        headers=citizen["headers"],
        json={
            "kbli_code": permit_type["kbli_code"],
            "business_name": "Warung Tanpa NIB",
            "business_address": "Jl. Nani Wartabone No. 10",
            "region_code": "75.71.01.1001",
            "latitude": 0.5435,
            "longitude": 123.0595,
            "document_ids": document_ids,
        },
    )
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["nib"]


def test_approval_fails_whole_with_503_while_tax_is_down_and_a_retry_bills_once(stack, http, citizen):
    permit_type = next(t for t in _permit_types(stack, http) if t["risk_level"] == "tinggi" and int(t["fee_rupiah"]))
    application = _submit(stack, http, citizen, permit_type["kbli_code"], unique("CV Tilamuta Jaya"), nib=random_nib())
    base = stack.url + f"/v1/permits/applications/{application['id']}"
    kota = _staff(stack, http, "petugas.kota")
    assert http.post(base + ":review", headers=kota, json={}).status_code == 200
    before = http.get(base, headers=kota).json()
    stack.stop_service("tax")
    try:
        refused = http.post(base + ":approve", headers=kota, json={"note": "disetujui"})
        assert refused.status_code == 503, refused.text
        assert refused.json()["type"] == "urn:gorontalo:problem:tax-unavailable"
        assert http.get(base, headers=kota).json() == before  # nothing written: status, timeline, bill
    finally:
        stack.start_service("tax")
    # As a client does with a 503 (Retry-After): try again until permits' channel to tax has reconnected.
    deadline = time.monotonic() + 30
    while True:
        approved = http.post(base + ":approve", headers=kota, json={"note": "disetujui"})
        if approved.status_code != 503 or time.monotonic() > deadline:
            break
        assert approved.headers.get("Retry-After")
        time.sleep(0.5)
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "awaiting_payment" and approved.json()["bill_id"]
    bills = http.get(stack.url + "/v1/tax/bills", headers=citizen["headers"]).json()["bills"]
    assert [b["id"] for b in bills if b["caller_reference"] == application["id"]] == [approved.json()["bill_id"]]
