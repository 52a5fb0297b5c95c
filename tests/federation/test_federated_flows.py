"""Issue 17 across the three hosts: a fee paid at the province moves Kota's application (and no other
instance's), officers see what their jurisdiction covers, and Kota's printed QR codes verify."""

from __future__ import annotations

import re
import time
import uuid

from tests.e2e.conftest import sign_up
from tests.e2e.staff_accounts import new_officer, staff_token
from tests.e2e.test_permits_fees import qr_token, verify_offline
from tests.e2e.test_tax_payments import _bank
from tests.federation.test_federated_data import KABUPATEN_GORONTALO, KOTA, apply, permit_type_where

PAYMENT_METRIC = 'gorontalo_permits_payment_events_total{outcome="other_instance"}'
READ_METRIC = """
import sys, urllib.request
text = urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/metrics", timeout=5).read().decode()
print(sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(sys.argv[2] + " ")))
"""


def province_permits_metric(federation, name: str) -> float:
    """A counter of the province's permits instance, read on the province host (metrics stay on its loopback)."""
    done = federation.province.run(
        ["python3", "-c", READ_METRIC, str(federation.ports["permits"][1]), name], federation.env(federation.province)
    )
    assert done.returncode == 0, done.stderr
    return float(done.stdout)


def officer(federation, http, *, agency_code: str, jurisdiction: list[str]) -> dict:
    username = new_officer(
        federation, http, agency_code=agency_code, jurisdiction=jurisdiction, full_name="Petugas Uji Federasi"
    )
    answer = staff_token(federation, http, username)
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def provincial_licensing_office(federation, http) -> str:
    """The province's own DPMPTSP (an agency the demo does not seed), made by the demo admin once."""
    from tests.e2e.conftest import login

    admin = login(federation, http, "admin", federation.demo_credentials()["admin"])
    agencies = http.get(federation.url + "/v1/identity/agencies?page_size=100", headers=admin).json()["agencies"]
    if not any(a["code"] == "dpmptsp-75" for a in agencies):
        made = http.post(
            federation.url + "/v1/identity/agencies",
            headers=admin | {"Idempotency-Key": str(uuid.uuid4())},
            json={"code": "dpmptsp-75", "name": "DPMPTSP Provinsi Gorontalo", "region_code": "75"},
        )
        assert made.status_code == 200, made.text
    return "dpmptsp-75"


def listed_ids(federation, http, headers) -> set[str]:
    answer = http.get(federation.url + "/v1/permits/applications", headers=headers, params={"page_size": 100})
    assert answer.status_code == 200, answer.text
    assert not answer.json().get("unreachable"), answer.json()
    ids = {a["id"] for a in answer.json()["applications"]}
    token = answer.json().get("next_page_token")
    while token:
        page = http.get(
            federation.url + "/v1/permits/applications", headers=headers, params={"page_size": 100, "page_token": token}
        ).json()
        ids |= {a["id"] for a in page["applications"]}
        token = page.get("next_page_token")
    return ids


def wait_for(read, done, timeout: float = 30):
    deadline = time.monotonic() + timeout
    answer = read()
    while not done(answer) and time.monotonic() < deadline:
        time.sleep(0.3)
        answer = read()
    return answer


def test_a_fee_paid_at_the_province_moves_kotas_application_and_no_other(federation, http, residents):
    citizen = sign_up(federation, http, residents.take())
    with_fee = permit_type_where(federation, http, lambda t: t["risk_level"] != "rendah" and int(t["fee_rupiah"]))
    application = apply(federation, http, citizen, KOTA, "CV Federasi Kota", with_fee)
    base = federation.url + f"/v1/permits/applications/{application['id']}"
    kota_officer = officer(federation, http, agency_code="dpmptsp-7571", jurisdiction=["75.71"])
    assert http.post(base + ":review", headers=kota_officer, json={"note": "verifikasi"}).status_code == 200
    approved = http.post(base + ":approve", headers=kota_officer, json={"note": "memenuhi syarat"})
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "awaiting_payment", approved.json()
    bill_id = approved.json()["bill_id"]  # asked of the province's tax by Kota's instance, over mTLS

    checkout = http.post(federation.url + f"/v1/tax/bills/{bill_id}:checkout", headers=citizen["headers"], json={})
    assert checkout.status_code == 200, checkout.text
    elsewhere_before = province_permits_metric(federation, PAYMENT_METRIC)
    # The bank's signed notification, through the gateway, as the bank's own system sends it.
    status, [paid] = _bank(federation, checkout.json()["billing_code"], int(checkout.json()["amount"]))
    assert status == 0 and paid["response"]["status"] == "recorded", paid

    after = wait_for(
        lambda: http.get(base, headers=citizen["headers"]).json(), lambda a: a.get("payment_status") == "paid"
    )
    assert after.get("payment_status") == "paid" and after["status"] != "awaiting_payment", after
    # The province's permits instance received the same event and left it to Kota's: acknowledged as
    # another instance's, applied to none of its own applications.
    elsewhere = wait_for(
        lambda: province_permits_metric(federation, PAYMENT_METRIC), lambda seen: seen > elsewhere_before
    )
    assert elsewhere == elsewhere_before + 1, (elsewhere_before, elsewhere)


def test_a_kota_officer_sees_only_kotas_applications_and_a_provincial_officer_what_the_province_covers(
    federation, http, residents
):
    citizen = sign_up(federation, http, residents.take())
    in_kota = apply(federation, http, citizen, KOTA, "Toko Officer Kota")["id"]
    in_limboto = apply(federation, http, citizen, KABUPATEN_GORONTALO, "Toko Officer Limboto")["id"]

    kota_officer = officer(federation, http, agency_code="dpmptsp-7571", jurisdiction=["75.71"])
    seen_in_kota = listed_ids(federation, http, kota_officer)
    assert in_kota in seen_in_kota and in_limboto not in seen_in_kota

    office = provincial_licensing_office(federation, http)
    provincial = officer(federation, http, agency_code=office, jurisdiction=["75"])
    assert {in_kota, in_limboto} <= listed_ids(federation, http, provincial)
    # Reads follow the same jurisdiction: the Kota officer reads Kota's, not Limboto's.
    assert http.get(federation.url + f"/v1/permits/applications/{in_kota}", headers=kota_officer).status_code == 200
    assert http.get(federation.url + f"/v1/permits/applications/{in_limboto}", headers=kota_officer).status_code == 403


def test_a_qr_code_kotas_instance_signed_verifies_with_the_gateways_jwks_and_on_verifikasi(federation, http, residents):
    citizen = sign_up(federation, http, residents.take())
    low_risk = permit_type_where(federation, http, lambda t: t["risk_level"] == "rendah")
    issued = apply(federation, http, citizen, KOTA, "Warung QR Kota", low_risk)
    number = issued["permit_number"]
    assert number.startswith("7571/DPMPTSP/"), issued
    certificate = http.get(
        federation.url + f"/v1/permits/permits/{number.replace('/', '-')}/certificate", headers=citizen["headers"]
    )
    assert certificate.status_code == 200, certificate.text[:300]
    token = qr_token(certificate.content)

    jwks = http.get(federation.url + "/v1/permits/.well-known/jwks.json")
    assert jwks.status_code == 200 and not jwks.json().get("unreachable"), jwks.text
    assert verify_offline(token, jwks.json())["sub"] == number

    # The residents' web app checks the pasted token with the keys the gateway serves.
    page = http.get(federation.web_url + "/verifikasi")
    assert page.status_code == 200, page.text[:300]
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
    assert csrf, "no CSRF token on /verifikasi"
    checked = http.post(
        federation.web_url + "/verifikasi/periksa",
        data={"kode": token, "csrf_token": csrf.group(1)},
        headers={"Referer": federation.web_url + "/verifikasi"},
    )
    assert checked.status_code == 200, checked.text[:500]
    assert checked.json()["valid"] is True, checked.json()
