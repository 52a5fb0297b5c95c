"""Business permits end to end: issue, verify, certificate, review workflow, revocation."""

import datetime as dt
import io
import json
import random

from PIL import Image

from tests.e2e.conftest import login, sign_up, unique, wait_for_event

KOTA_VILLAGE = "75.71.01.1001"
KOTA_LAT, KOTA_LON = 0.5435, 123.0595


def _staff(stack, http, username):
    return login(stack, http, username, stack.demo_credentials()[username])


def _permit_types(stack, http):
    response = http.get(stack.url + "/v1/permits/types")
    assert response.status_code == 200, response.text
    return response.json()["permit_types"]


def png_bytes(seed: int = 0) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (24, 24), (seed % 256, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def random_nib() -> str:
    return "9" + "".join(random.choice("0123456789") for _ in range(12))


def upload(stack, http, citizen, document_type, content, content_type="image/png", file_name=None):
    params = {"document_type": document_type}
    if file_name:
        params["file_name"] = file_name
    return http.post(
        stack.url + "/v1/permits/documents",
        params=params,
        data=content,
        headers={**citizen["headers"], "Content-Type": content_type},
    )


def upload_required(stack, http, citizen, permit_type) -> list[str]:
    """One real scan (PNG) per document the permit type requires; their ids."""
    ids = []
    for n, name in enumerate(permit_type["required_documents"]):
        response = upload(stack, http, citizen, name, png_bytes(n))
        assert response.status_code == 200, response.text
        ids.append(response.json()["id"])
    return ids


def _submit(stack, http, citizen, kbli_code, name, *, nib="", headers=None, document_ids=None):
    if document_ids is None:
        permit_type = next(t for t in _permit_types(stack, http) if t["kbli_code"] == kbli_code)
        document_ids = upload_required(stack, http, citizen, permit_type)
    response = http.post(
        stack.url + "/v1/permits/applications",
        headers={**citizen["headers"], **(headers or {})},
        json={
            "kbli_code": kbli_code,
            "business_name": name,
            "business_address": "Jl. Nani Wartabone No. 10",
            "region_code": KOTA_VILLAGE,
            "latitude": KOTA_LAT,
            "longitude": KOTA_LON,
            "investment_rupiah": 25000000,
            "workforce": 3,
            "nib": nib,
            "document_ids": document_ids,
        },
    )
    assert response.status_code == 200, response.text
    return response.json()


def _event_of(stack, subject, application_id, **expected):
    return wait_for_event(
        stack.nats.url,
        subject,
        lambda e: (
            e["data"].get("application_id") == application_id
            and all(e["data"].get(k) == v for k, v in expected.items())
        ),
    )


# --- permits -------------------------------------------------------------------------------------------------------


def test_low_risk_application_is_issued_verifiable_and_has_a_certificate(stack, http, residents, citizen):
    permit_type = next(t for t in _permit_types(stack, http) if t["risk_level"] == "rendah")
    name = unique("Warung Makan Ilabulo")
    application = _submit(stack, http, citizen, permit_type["kbli_code"], name, nib=random_nib())
    assert application["status"] == "issued"
    number = application["permit_number"]
    assert number.startswith("7571/DPMPTSP/")
    issued = _event_of(stack, "gorontalo.permits.permit.issued", application["id"], permit_number=number)
    assert citizen["nik"] not in json.dumps(issued)

    verified = http.get(stack.url + "/v1/permits/verify/" + number.replace("/", "-"))  # no token: public
    assert verified.status_code == 200, verified.text
    body = verified.json()
    assert body["permit_number"] == number
    assert body["validity"] == "valid"
    assert body["business_name"] == name
    text = json.dumps(body)
    assert citizen["nik"] not in text
    assert citizen["account"]["id"] not in text
    assert not ({"applicant_id", "owner_id", "nik", "nib", "phone"} & set(body))

    certificate_url = stack.url + f"/v1/permits/permits/{number.replace('/', '-')}/certificate"
    certificate = http.get(certificate_url, headers=citizen["headers"])
    assert certificate.status_code == 200, certificate.text[:300]
    assert certificate.headers["Content-Type"].startswith("application/pdf")
    assert certificate.content.startswith(b"%PDF")
    assert http.get(certificate_url).status_code == 401  # the certificate itself is not public
    stranger = sign_up(stack, http, residents.take())
    assert http.get(certificate_url, headers=stranger["headers"]).status_code == 404
    assert http.get(certificate_url, headers=_staff(stack, http, "petugas.kota")).status_code == 200
    assert http.get(certificate_url, headers=_staff(stack, http, "petugas.pohuwato")).status_code == 403


def test_reviewed_application_revision_approval_and_revocation(stack, http, citizen):
    permit_type = next(
        t for t in _permit_types(stack, http) if t["risk_level"] != "rendah" and int(t.get("fee_rupiah", 0)) > 0
    )
    application = _submit(stack, http, citizen, permit_type["kbli_code"], unique("Restoran Binte"))
    app_id = application["id"]
    assert application["status"] == "submitted"
    assert application.get("sla_due_date"), application
    dt.date.fromisoformat(application["sla_due_date"])
    _event_of(stack, "gorontalo.permits.application.submitted", app_id)

    kota = _staff(stack, http, "petugas.kota")
    pohuwato = _staff(stack, http, "petugas.pohuwato")
    base = stack.url + f"/v1/permits/applications/{app_id}"

    refused = http.post(base + ":review", headers=pohuwato, json={"note": "bukan wilayah saya"})
    assert refused.status_code == 403, refused.text

    reviewed = http.post(base + ":review", headers=kota, json={"note": "mulai verifikasi"})
    assert reviewed.status_code == 200, reviewed.text
    assert reviewed.json()["status"] == "in_review"
    _event_of(
        stack, "gorontalo.permits.application.status_changed", app_id, old_status="submitted", new_status="in_review"
    )

    revision = http.post(base + ":request-revision", headers=kota, json={"note": "Lengkapi denah lokasi usaha"})
    assert revision.status_code == 200, revision.text
    assert revision.json()["status"] == "revision_requested"
    assert revision.json().get("sla_paused") is True  # the clock stops while the applicant revises
    _event_of(
        stack,
        "gorontalo.permits.application.status_changed",
        app_id,
        old_status="in_review",
        new_status="revision_requested",
    )

    resubmitted = http.post(base + ":resubmit", headers=citizen["headers"], json={"note": "denah dilampirkan"})
    assert resubmitted.status_code == 200, resubmitted.text
    assert resubmitted.json()["status"] == "submitted"
    assert not resubmitted.json().get("sla_paused")
    assert resubmitted.json()["sla_due_date"] >= application["sla_due_date"]
    _event_of(
        stack,
        "gorontalo.permits.application.status_changed",
        app_id,
        old_status="revision_requested",
        new_status="submitted",
    )

    assert http.post(base + ":review", headers=kota, json={"note": "verifikasi ulang"}).status_code == 200
    approved = http.post(base + ":approve", headers=kota, json={"note": "memenuhi syarat"})
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert body["status"] == "awaiting_payment"
    assert int(body["fee_rupiah"]) == int(permit_type["fee_rupiah"])
    assert body.get("sla_due_date")
    _event_of(
        stack,
        "gorontalo.permits.application.status_changed",
        app_id,
        old_status="in_review",
        new_status="awaiting_payment",
        bill_id=body["bill_id"],
    )

    timeline = http.get(base, headers=citizen["headers"]).json()["timeline"]
    assert [step["status"] for step in timeline] == [
        "submitted",
        "in_review",
        "revision_requested",
        "submitted",
        "in_review",
        "awaiting_payment",
    ]
    assert all(step.get("at") for step in timeline)
    assert [step["actor_role"] for step in timeline] == [
        "citizen",
        "officer",
        "officer",
        "citizen",
        "officer",
        "officer",
    ]
    assert timeline[2]["note"] == "Lengkapi denah lokasi usaha"

    # the other office never sees the application either
    def listed_ids(headers):
        response = http.get(stack.url + "/v1/permits/applications", headers=headers, params={"page_size": 100})
        assert response.status_code == 200, response.text
        body, ids = response.json(), []
        ids += [a["id"] for a in body.get("applications", [])]
        while body.get("next_page_token"):
            body = http.get(
                stack.url + "/v1/permits/applications",
                headers=headers,
                params={"page_size": 100, "page_token": body["next_page_token"]},
            ).json()
            ids += [a["id"] for a in body.get("applications", [])]
        return ids

    assert app_id in listed_ids(kota)
    assert app_id not in listed_ids(pohuwato)
    assert http.get(base, headers=pohuwato).status_code in (403, 404)
    assert http.post(base + ":approve", headers=pohuwato, json={}).status_code in (403, 404)


def test_officer_revokes_an_issued_permit(stack, http, citizen):
    permit_type = next(t for t in _permit_types(stack, http) if t["risk_level"] == "rendah")
    application = _submit(
        stack, http, citizen, permit_type["kbli_code"], unique("Kedai Kopi Tuladenggi"), nib=random_nib()
    )
    number = application["permit_number"]
    dashed = number.replace("/", "-")
    pohuwato = _staff(stack, http, "petugas.pohuwato")
    refused = http.post(
        stack.url + f"/v1/permits/permits/{dashed}:revoke", headers=pohuwato, json={"reason": "bukan wilayah kami"}
    )
    assert refused.status_code == 403, refused.text
    revoked = http.post(
        stack.url + f"/v1/permits/permits/{dashed}:revoke",
        headers=_staff(stack, http, "petugas.kota"),
        json={"reason": "Usaha tidak beroperasi sesuai izin"},
    )
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["validity"] == "revoked"
    wait_for_event(
        stack.nats.url, "gorontalo.permits.permit.revoked", lambda e: e["data"].get("permit_number") == number
    )
    again = http.post(
        stack.url + f"/v1/permits/permits/{dashed}:revoke",
        headers=_staff(stack, http, "petugas.kota"),
        json={"reason": "Dicabut sekali lagi"},
    )
    assert 400 <= again.status_code < 500 and again.status_code not in (401, 403, 404), again.text
    verified = http.get(stack.url + "/v1/permits/verify/" + dashed.lower()).json()
    assert verified["validity"] == "revoked"
    assert http.get(stack.url + "/v1/permits/verify/7571-DPMPTSP-1999-999999").status_code == 404
    assert verified.get("revoked_at") and verified.get("revocation_reason")


# --- complaints ----------------------------------------------------------------------------------------------------
