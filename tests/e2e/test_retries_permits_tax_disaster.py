"""Issue 12 through the gateway for permits, tax and disaster: Idempotency-Key retries, verify-by-number
limits with Retry-After, SIAGA SMS by place name and redelivered SMS filed once."""

from __future__ import annotations

import uuid

from tests.e2e.conftest import random_phone
from tests.e2e.test_permits_flow import _permit_types, upload_required

KOTA_VILLAGE = "75.71.01.1001"


def _application(document_ids, name="Toko Retry"):
    return {
        "kbli_code": "47112",
        "business_name": name,
        "business_address": "Jl. Nani Wartabone No. 10",
        "region_code": KOTA_VILLAGE,
        "latitude": 0.5435,
        "longitude": 123.0595,
        "nib": "",
        "investment_rupiah": 25_000_000,
        "workforce": 3,
        "document_ids": document_ids,
    }


def _is_problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/problem+json"), response.headers
    return response.json()


def test_a_permit_application_retried_with_its_key_is_filed_once(stack, http, citizen):
    permit_type = next(t for t in _permit_types(stack, http) if t["kbli_code"] == "47112")
    documents = upload_required(stack, http, citizen, permit_type)
    headers = {**citizen["headers"], "Idempotency-Key": str(uuid.uuid4())}
    body = _application(documents)
    body["nib"] = "9" + str(uuid.uuid4().int)[:12]  # issued at once: needs a NIB of its own
    first = http.post(stack.url + "/v1/permits/applications", headers=headers, json=body)
    assert first.status_code == 200, first.text
    again = http.post(stack.url + "/v1/permits/applications", headers=headers, json=body)
    assert again.status_code == 200 and again.json() == first.json()
    mine = http.get(stack.url + "/v1/permits/applications", headers=citizen["headers"]).json()["applications"]
    assert [a["id"] for a in mine] == [first.json()["id"]]
    problem = _is_problem(
        http.post(stack.url + "/v1/permits/applications", headers=headers, json={**body, "business_name": "Toko Lain"}),
        422,
    )
    assert problem["status"] == 422 and "Idempotency-Key" in problem["detail"]


def test_a_disaster_report_retried_with_its_key_is_filed_once(stack, http):
    headers = {"Idempotency-Key": str(uuid.uuid4()), "Accept-Language": "en"}
    body = {
        "hazard": "banjir",
        "latitude": 0.5521,
        "longitude": 123.1402,
        "description": f"Air setinggi lutut {uuid.uuid4().hex[:6]}",
    }
    first = http.post(stack.url + "/v1/disaster/reports", headers=headers, json=body)
    assert first.status_code == 200, first.text
    again = http.post(stack.url + "/v1/disaster/reports", headers=headers, json=body)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    problem = _is_problem(
        http.post(stack.url + "/v1/disaster/reports", headers=headers, json={**body, "description": "another report"}),
        422,
    )
    assert "different request" in problem["detail"]


def test_a_burst_of_receipt_verifications_gets_429_with_retry_after(stack, elsewhere):
    # A well-formed receipt number (with its Luhn digit) that was never issued.
    from gorontalo_tax.domain.payments import receipt_number

    url = stack.url + "/v1/tax/receipts/verify/" + receipt_number("7571", 2026, 99_999_999)
    statuses = []
    for _ in range(40):  # the default allows 30 a minute per client address
        response = elsewhere.get(url)
        statuses.append(response.status_code)
        if response.status_code == 429:
            break
    assert statuses[0] == 404 and statuses[-1] == 429, statuses
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    _is_problem(response, 429)


def test_a_burst_of_permit_verifications_gets_429_with_retry_after(stack, elsewhere):
    url = stack.url + "/v1/permits/verify/7571-DPMPTSP-1999-999998"
    statuses = []
    for _ in range(40):
        response = elsewhere.get(url)
        statuses.append(response.status_code)
        if response.status_code == 429:
            break
    assert statuses[0] == 404 and statuses[-1] == 429, statuses
    assert 1 <= int(response.headers["Retry-After"]) <= 60


def test_siaga_sms_by_place_name_and_a_redelivery_files_nothing_new(stack, http):
    secret = (stack.workdir / "var" / "disaster-sms-secret").read_text().strip()
    phone = random_phone()
    stack.personal_numbers.add(phone)  # test_logs_hold_no_personal_numbers: never in a log line
    message = {"from": phone, "text": "SIAGA BANJIR Tapa air setinggi lutut", "message_id": f"gw-{uuid.uuid4()}"}
    first = http.post(stack.url + "/v1/disaster/sms-inbound", data=message, headers={"X-Siaga-Secret": secret})
    assert first.status_code == 200, first.text
    reply = first.json()
    assert reply["accepted"] and "Kec. Tapa, Kab. Bone Bolango" in reply["reply"], reply
    report = http.get(stack.url + "/v1/disaster/reports/" + reply["report_id"]).json()
    assert report["region_code"] == "75.03.01"
    again = http.post(stack.url + "/v1/disaster/sms-inbound", data=message, headers={"X-Siaga-Secret": secret})
    assert again.json() == reply  # the gateway redelivered: the same answer, no second report
    ambiguous = http.post(
        stack.url + "/v1/disaster/sms-inbound",
        headers={"X-Siaga-Secret": secret},
        data={"from": phone, "text": "SIAGA BANJIR Tenilo air", "message_id": f"gw-{uuid.uuid4()}"},
    )
    assert ambiguous.status_code == 200 and not ambiguous.json()["accepted"]
    assert "7571011005" in ambiguous.json()["reply"]  # the choices, with their codes
