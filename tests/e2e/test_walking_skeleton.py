"""The newcomer's walk: register, log in, one write and one read of every service, events on JetStream."""

import json

import jsonschema

from tests.e2e.conftest import SHARED, login, wait_for_event
from tests.e2e.test_permits_flow import upload_required


def _cloudevents_validator():
    schema = json.loads((SHARED / "schemas" / "cloudevents.schema.json").read_text())
    return jsonschema.Draft7Validator(schema)


def _assert_cloudevent(message, subject):
    event = message["event"]
    errors = sorted(_cloudevents_validator().iter_errors(event), key=str)
    assert not errors, errors
    assert event["specversion"] == "1.0"
    assert event["type"] == subject == message["subject"]
    assert message["headers"].get("Nats-Msg-Id") == event["id"]
    return event


def test_register_login_and_me(stack, http, citizen):
    me = http.get(stack.url + "/v1/me", headers=citizen["headers"])
    assert me.status_code == 200
    body = me.json()
    # At level 1 (a verified phone) even the account holder sees the NIK masked: the full NIK needs an
    # in-person check (level 2), as a KTP photocopy is all an impostor would have had.
    assert body["nik"] != citizen["nik"] and body["nik"][:4] == citizen["nik"][:4] and body["acr"] == 1
    assert body["role"] == "citizen"
    assert body["regency_code"] == citizen["resident"]["village_code"][:5]
    event = _assert_cloudevent(
        wait_for_event(
            stack.nats.url, "gorontalo.identity.citizen.registered", lambda e: e["data"]["citizen_id"] == body["id"]
        ),
        "gorontalo.identity.citizen.registered",
    )
    assert citizen["nik"] not in json.dumps(event)


def test_jwks_is_public_and_verifies_the_token(stack, http, citizen):
    import jwt

    jwks = http.get(stack.url + "/.well-known/jwks.json").json()
    token = citizen["headers"]["Authorization"].split()[1]
    kid = jwt.get_unverified_header(token)["kid"]
    jwk = next(k for k in jwks["keys"] if k["kid"] == kid)
    key = jwt.PyJWK(jwk).key
    claims = jwt.decode(token, key, algorithms=["EdDSA"], audience="gorontalo-platform")
    assert claims["role"] == "citizen"
    assert claims["exp"] - claims["iat"] <= 15 * 60


def test_permits_write_and_read(stack, http, citizen):
    types = http.get(stack.url + "/v1/permits/types").json()["permit_types"]
    permit_type = next(t for t in types if t["risk_level"] != "rendah")
    created = http.post(
        stack.url + "/v1/permits/applications",
        headers=citizen["headers"],
        json={
            "kbli_code": permit_type["kbli_code"],
            "business_name": "Warung Binte Biluhuta",
            "business_address": "Jl. Nani Wartabone No. 10",
            "region_code": "75.71.01.1001",
            "latitude": 0.5435,
            "longitude": 123.0595,
            "investment_rupiah": 25000000,
            "workforce": 3,
            "document_ids": upload_required(stack, http, citizen, permit_type),
        },
    )
    assert created.status_code == 200, created.text
    application = created.json()
    read = http.get(stack.url + f"/v1/permits/applications/{application['id']}", headers=citizen["headers"])
    assert read.status_code == 200 and read.json()["business_name"] == "Warung Binte Biluhuta"
    _assert_cloudevent(
        wait_for_event(
            stack.nats.url,
            "gorontalo.permits.application.submitted",
            lambda e: e["data"]["application_id"] == application["id"],
        ),
        "gorontalo.permits.application.submitted",
    )


def test_tax_write_and_read(stack, http, citizen):
    import random

    plate = f"DM {random.randint(1, 9999)} {random.choice('ABCDEFGH')}{random.choice('KLMNPRST')}"
    created = http.post(
        stack.url + "/v1/tax/vehicles",
        headers=citizen["headers"],
        json={
            "plate_number": plate.lower(),
            "vehicle_type": "sepeda_motor",
            "model_year": 2022,
            "taxable_value": 18000000,
            "regency_code": "7571",
        },
    )
    assert created.status_code == 200, created.text
    vehicle = created.json()
    assert vehicle["plate_number"] == plate
    assert int(vehicle["annual_pkb"]) > 0
    listed = http.get(stack.url + "/v1/tax/vehicles", headers=citizen["headers"]).json()
    assert [v["id"] for v in listed["vehicles"]] == [vehicle["id"]]
    _assert_cloudevent(
        wait_for_event(
            stack.nats.url, "gorontalo.tax.vehicle.registered", lambda e: e["data"]["vehicle_id"] == vehicle["id"]
        ),
        "gorontalo.tax.vehicle.registered",
    )


def test_complaints_write_and_public_read(stack, http, citizen):
    created = http.post(
        stack.url + "/v1/complaints",
        headers=citizen["headers"],
        json={
            "category": "jalan_rusak",
            "title": "Jalan berlubang di Jl. Sultan Botutihe",
            "description": "Lubang besar di tengah jalan, berbahaya bagi pengendara motor malam hari.",
            "latitude": 0.5412,
            "longitude": 123.0621,
        },
    )
    assert created.status_code == 200, created.text
    complaint = created.json()
    # Coordinates alone name the district, so a categorised complaint is routed as it is filed.
    assert complaint["region_code"].startswith("75.71.") and complaint["agency_code"] == "dinas-pupr-7571"
    public = http.get(stack.url + f"/v1/complaints/{complaint['tracking_code']}")
    assert public.status_code == 200 and public.json()["status"] == "dispositioned"
    _assert_cloudevent(
        wait_for_event(
            stack.nats.url,
            "gorontalo.complaints.complaint.filed",
            lambda e: e["data"]["complaint_id"] == complaint["id"],
        ),
        "gorontalo.complaints.complaint.filed",
    )


def test_disaster_report_without_account(stack, http):
    created = http.post(
        stack.url + "/v1/disaster/reports",
        json={"hazard": "banjir", "latitude": 0.5521, "longitude": 123.1402, "description": "Air setinggi lutut"},
    )
    assert created.status_code == 200, created.text
    report = created.json()
    assert report["verified_reporter"] is False
    assert http.get(stack.url + f"/v1/disaster/reports/{report['id']}").json()["hazard"] == "banjir"
    _assert_cloudevent(
        wait_for_event(
            stack.nats.url, "gorontalo.disaster.report.submitted", lambda e: e["data"]["report_id"] == report["id"]
        ),
        "gorontalo.disaster.report.submitted",
    )


def test_flood_complaint_reaches_siaga_through_jetstream(stack, http, citizen):
    created = http.post(
        stack.url + "/v1/complaints",
        headers=citizen["headers"],
        json={
            "category": "banjir",
            "title": "Banjir di Kelurahan Dembe I",
            "description": "Air masuk ke rumah warga sejak subuh, sekitar 30 cm.",
            "latitude": 0.5601,
            "longitude": 123.0402,
        },
    )
    assert created.status_code == 200, created.text
    event = wait_for_event(
        stack.nats.url,
        "gorontalo.disaster.report.submitted",
        lambda e: e["data"].get("source") == "go_gorontalo" and abs(e["data"]["latitude"] - 0.5601) < 1e-9,
        timeout=20,
    )
    report = http.get(stack.url + f"/v1/disaster/reports/{event['event']['data']['report_id']}").json()
    assert report["hazard"] == "banjir" and report["source"] == "go_gorontalo"


def test_officer_outside_jurisdiction_is_refused(stack, http, citizen):
    types = http.get(stack.url + "/v1/permits/types").json()["permit_types"]
    permit_type = next(t for t in types if t["risk_level"] != "rendah")
    application = http.post(
        stack.url + "/v1/permits/applications",
        headers=citizen["headers"],
        json={
            "kbli_code": permit_type["kbli_code"],
            "business_name": "Bengkel Maju Jaya",
            "business_address": "Jl. Raja Eyato No. 5",
            "region_code": "75.71.01.1001",
            "latitude": 0.5435,
            "longitude": 123.0595,
            "investment_rupiah": 50000000,
            "workforce": 2,
            "document_ids": upload_required(stack, http, citizen, permit_type),
        },
    ).json()
    creds = stack.demo_credentials()
    kota = login(stack, http, "petugas.kota", creds["petugas.kota"])
    pohuwato = login(stack, http, "petugas.pohuwato", creds["petugas.pohuwato"])
    path = stack.url + f"/v1/permits/applications/{application['id']}:review"
    refused = http.post(path, headers=pohuwato, json={"note": "ambil alih"})
    assert refused.status_code == 403
    assert refused.headers["Content-Type"].startswith("application/problem+json")
    accepted = http.post(path, headers=kota, json={"note": "mulai verifikasi"})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "in_review"
