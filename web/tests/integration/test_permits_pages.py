"""/izin pages through Flask's test client, against a stand-in gateway on a real socket that answers the
permits and tax routes as the platform does (idempotency keys honoured, problem+json field errors).

The journeys against the real stack are the browser tests' (tests/e2e/browser/test_permit_journey.py)."""

from __future__ import annotations

import io
import os
import re
import uuid

import pytest
import redis
from flask import Flask, request
from gorontalo_web import create_app
from gorontalo_web.config import WebSettings

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
TYPES = [
    {
        "kbli_code": "56102",
        "title": "Rumah/Warung Makan",
        "risk_level": "rendah",
        "sla_working_days": 0,
        "fee_rupiah": "0",
        "required_documents": ["KTP penanggung jawab", "NPWP"],
    },
    {
        "kbli_code": "41011",
        "title": "Konstruksi Gedung Hunian",
        "risk_level": "tinggi",
        "sla_working_days": 20,
        "fee_rupiah": "1500000",
        "required_documents": ["Akta pendirian badan usaha"],
    },
    {
        "kbli_code": "56101",
        "title": "Restoran",
        "risk_level": "menengah_rendah",
        "sla_working_days": 5,
        "fee_rupiah": "150000",
        "required_documents": ["NPWP"],
    },
]


def problem(field: str, detail: str, status: int = 400):
    return {
        "title": "Permintaan tidak valid",
        "status": status,
        "detail": "Data yang dikirim tidak valid.",
        "errors": [{"field": field, "reason": field.upper(), "detail": detail}],
    }, status


def stand_in_gateway() -> Flask:
    app = Flask("stand-in-gateway")
    app.uploads = []  # (document_type, file_name, content type, key, bytes)
    app.documents = {}  # key -> document
    app.submissions = []  # every application body that was accepted
    app.applications = {}
    app.keys = {}  # Idempotency-Key -> application id
    app.actions = []  # (id, verb, body)
    app.checkouts = []

    def authorised() -> bool:
        return request.headers.get("Authorization") == "Bearer access-1"

    @app.post("/v1/identity/token")
    def login():
        return {"access_token": "access-1", "refresh_token": "refresh-1", "expires_in": 900, "acr": 1}

    @app.get("/v1/permits/types")
    def types():
        return {"permit_types": TYPES}

    @app.post("/v1/permits/documents")
    def upload():
        if not authorised():
            return {"status": 401, "title": "Unauthenticated"}, 401
        key = request.headers.get("Idempotency-Key", "")
        data = request.get_data()
        app.uploads.append(
            (request.args.get("document_type"), request.args.get("file_name"), request.content_type, key, data)
        )
        if key in app.documents:
            return app.documents[key]
        if not (data.startswith(b"\x89PNG") or data.startswith(b"%PDF")):
            return problem("file", "Berkas bukan PDF, JPEG atau PNG yang utuh.")
        document = {
            "id": f"doc-{len(app.documents) + 1}",
            "document_type": request.args["document_type"],
            "media_type": "image/png",
            "file_name": request.args.get("file_name", ""),
        }
        app.documents[key] = document
        return document

    def application_of(body: dict, number: int) -> dict:
        low = body["kbli_code"] == "56102"
        return {
            "id": f"app-{number}",
            "kbli_code": body["kbli_code"],
            "business_name": body["business_name"],
            "business_address": body["business_address"],
            "region_code": body["region_code"],
            "status": "issued" if low else "submitted",
            "risk_level": "rendah" if low else "tinggi",
            "submitted_at": "2026-12-06T01:30:00Z",
            "sla_due_date": "2026-12-31",
            "fee_rupiah": "0" if low else "1500000",
            "permit_number": f"7571/DPMPTSP/2026/{number:06d}" if low else "",
            "next_step": "none" if low else "officer_review",
            "documents": [
                {"document_id": i, "document_type": f"Dokumen {n}"} for n, i in enumerate(body["document_ids"])
            ],
            "timeline": [{"status": "submitted", "actor_role": "citizen", "at": "2026-12-06T01:30:00Z", "note": ""}]
            + ([{"status": "issued", "actor_role": "system", "at": "2026-12-06T01:30:01Z"}] if low else []),
        }

    @app.post("/v1/permits/applications")
    def submit():
        if not authorised():
            return {"status": 401}, 401
        key = request.headers.get("Idempotency-Key", "")
        if key in app.keys:
            return app.applications[app.keys[key]]
        body = request.json
        if len(body["business_name"]) < 3:
            return problem("business_name", "Nama usaha terlalu pendek.")
        if not re.fullmatch(r"75\.\d\d\.\d\d", body["region_code"]):
            return problem("region_code", "Wilayah tidak dikenal.")
        if not (0.15 <= body["latitude"] <= 1.2):
            return problem("latitude", "Koordinat di luar Gorontalo.")
        required = next(t for t in TYPES if t["kbli_code"] == body["kbli_code"])["required_documents"]
        if len(body["document_ids"]) < len(required):
            return problem("document_ids", "Dokumen belum lengkap.")
        app.submissions.append(body)
        application = application_of(body, len(app.applications) + 1)
        app.applications[application["id"]] = application
        app.keys[key] = application["id"]
        return application

    @app.get("/v1/permits/applications")
    def mine():
        return {"applications": list(reversed(app.applications.values()))}

    @app.get("/v1/permits/applications/<application_id>")
    def one(application_id):
        if application_id not in app.applications:
            return {"status": 404, "title": "Tidak ditemukan"}, 404
        return app.applications[application_id]

    @app.post("/v1/permits/applications/<application_id>:<verb>")
    def act(application_id, verb):
        app.actions.append((application_id, verb, request.json))
        application = app.applications[application_id]
        if verb == "withdraw":
            application["status"], application["next_step"] = "withdrawn", "none"
        elif verb == "resubmit":
            if request.json.get("document_ids"):
                application["documents"] = [
                    {"document_id": i, "document_type": d["document_type"]}
                    for i, d in zip(request.json["document_ids"], application["documents"], strict=True)
                ]
            application["status"] = "submitted"
        elif verb == "provide-nib":
            if not re.fullmatch(r"\d{13}", request.json.get("nib", "")):
                return problem("nib", "NIB harus 13 digit.")
        return application

    @app.get("/v1/tax/bills/<bill_id>")
    def bill(bill_id):
        return {"id": bill_id, "status": "unpaid", "total": "1500000"}

    @app.post("/v1/tax/bills/<bill_id>:checkout")
    def checkout(bill_id):
        app.checkouts.append(bill_id)
        return {
            "bill_id": bill_id,
            "billing_code": "7530123456789012",
            "amount": "1500000",
            "expires_at": "2099-01-01T00:00:00Z",
        }

    @app.get("/v1/permits/permits/<number>/certificate")
    def certificate(number):
        app.certificate_number = number
        return PDF, 200, {"Content-Type": "application/pdf"}

    return app


@pytest.fixture
def redis_client():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"no Redis at {REDIS_URL}")
    return client


@pytest.fixture
def web(http_server, redis_client):
    namespace = f"test-web-permits-{uuid.uuid4().hex[:8]}"
    gateway = stand_in_gateway()
    settings = WebSettings(
        gateway_url=http_server(gateway), secret_key="test-secret", session_namespace=namespace, redis_url=REDIS_URL
    )
    yield create_app(settings, redis_client=redis_client), gateway
    for key in redis_client.scan_iter(f"{namespace}:*"):
        redis_client.delete(key)


def csrf(client, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def form_key(page: str) -> str:
    return re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)


@pytest.fixture
def client(web):
    app, _ = web
    client = app.test_client()
    response = client.post(
        "/masuk", data={"username": "7571010101900001", "password": "benar", "csrf_token": csrf(client, "/masuk")}
    )
    assert response.status_code == 303
    return client


def apply_form(client, kbli="56102", **changes):
    page = client.get(f"/izin/ajukan/{kbli}").text
    data = {
        "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),
        "idempotency_key": form_key(page),
        "business_name": "Warung Binte",
        "business_address": "Jl. Nani Wartabone 10",
        "region_code": "75.71.01",
        "nib": "9120001234567",
        "investment_rupiah": "25.000.000",
        "workforce": "3",
        "document_0": (io.BytesIO(PNG), "../../etc/ktp scan.png", "image/png"),
        "document_1": (io.BytesIO(PDF), "C:/Users/ani/npwp.pdf", "application/pdf"),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_find_a_permit_by_kbli_code_or_words_without_logging_in(web):
    app, _ = web
    client = app.test_client()
    everything = client.get("/izin")
    assert everything.status_code == 200
    assert all(t["title"] in everything.text for t in TYPES)
    by_code = client.get("/izin?q=4101").text
    assert "Konstruksi Gedung Hunian" in by_code and "Restoran" not in by_code
    by_words = client.get("/izin?q=warung").text  # 'Rumah/Warung Makan': case and the slash do not matter
    assert "Rumah/Warung Makan" in by_words and "Konstruksi" not in by_words
    assert "Rp 1.500.000" in client.get("/izin?q=konstruksi").text
    assert "Tidak ada izin yang cocok" in client.get("/izin?q=pesawat luar angkasa").text
    english = client.get("/izin?lang=en").text
    assert "Business permits" in english and "Apply for this permit" in english


def test_applying_needs_a_login(web):
    app, _ = web
    response = app.test_client().get("/izin/ajukan/56102")
    assert response.status_code == 303 and response.headers["Location"] == "/masuk"


def test_the_apply_form_is_multipart_with_a_labelled_file_input_per_required_document(client):
    page = client.get("/izin/ajukan/56102").text
    assert 'enctype="multipart/form-data"' in page
    for index, name in enumerate(["KTP penanggung jawab", "NPWP"]):
        assert f'<label for="document_{index}">{name}</label>' in page
        assert f'id="document_{index}" name="document_{index}" type="file"' in page
    assert '<option value="75.71.01">' in page  # kecamatan from servicekit's region list
    assert client.get("/izin/ajukan/99999").status_code == 404


def test_apply_uploads_each_file_as_raw_bytes_then_submits_once_and_shows_the_issued_permit(client, web):
    _, gateway = web
    data = apply_form(client)
    key = data["idempotency_key"]
    response = client.post("/izin/ajukan/56102", data=data, content_type="multipart/form-data")
    assert response.status_code == 303, response.text
    assert response.headers["Location"] == "/izin/permohonan/app-1"
    (ktp_type, ktp_name, ktp_mime, ktp_key, ktp_bytes), (npwp_type, npwp_name, npwp_mime, _, npwp_bytes) = (
        gateway.uploads
    )
    assert (ktp_type, ktp_name, ktp_mime, ktp_bytes) == ("KTP penanggung jawab", "ktp scan.png", "image/png", PNG)
    assert (npwp_type, npwp_name, npwp_mime, npwp_bytes) == ("NPWP", "npwp.pdf", "application/pdf", PDF)
    assert ktp_key.startswith(key)
    [body] = gateway.submissions
    assert body["document_ids"] == ["doc-1", "doc-2"]
    assert body["investment_rupiah"] == 25_000_000 and body["workforce"] == 3
    assert body["region_code"] == "75.71.01" and 0.15 < body["latitude"] < 1.2 and 121.1 < body["longitude"] < 123.6

    page = client.get("/izin/permohonan/app-1")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Terbit" in page.text and "7571/DPMPTSP/2026/000001" in page.text
    assert 'href="/izin/sertifikat/7571-DPMPTSP-2026-000001"' in page.text
    assert "6 Des 2026 09.30 WITA" in page.text  # 01:30 UTC on the timeline, in WITA

    # The same form sent again (the answer was lost): the same keys, nothing created twice.
    again = client.post("/izin/ajukan/56102", data=apply_form(client, idempotency_key=key))
    assert again.status_code == 303 and again.headers["Location"] == "/izin/permohonan/app-1"
    assert len(gateway.submissions) == 1 and len(gateway.documents) == 2

    listed = client.get("/izin/saya").text
    assert "Warung Binte" in listed and 'href="/izin/permohonan/app-1"' in listed


def test_a_field_error_is_shown_next_to_its_input_and_the_files_are_not_asked_again(client, web):
    _, gateway = web
    data = apply_form(client, business_name="W")
    refused = client.post("/izin/ajukan/56102", data=data)
    assert refused.status_code == 400
    assert re.search(
        r'id="business_name"[^>]*aria-describedby="business_name-error"[^>]*aria-invalid="true"', refused.text
    )
    assert '<p id="business_name-error" class="field-error" role="alert">Nama usaha terlalu pendek.</p>' in refused.text
    assert "Sudah diunggah: <strong>ktp scan.png</strong>" in refused.text
    assert form_key(refused.text) == data["idempotency_key"]
    # Corrected and sent without choosing the files again: the documents already uploaded are used.
    fixed = apply_form(client, idempotency_key=data["idempotency_key"], document_0=None, document_1=None)
    response = client.post("/izin/ajukan/56102", data=fixed)
    assert response.status_code == 303, response.text
    assert gateway.submissions[-1]["document_ids"] == ["doc-1", "doc-2"]
    assert len(gateway.documents) == 2


def test_a_refused_file_and_a_missing_file_are_told_next_to_their_inputs(client, web):
    _, gateway = web
    data = apply_form(client, document_0=(io.BytesIO(b"GIF89a not a scan"), "ktp.gif", "image/gif"), document_1=None)
    refused = client.post("/izin/ajukan/56102", data=data)
    assert refused.status_code == 400
    assert '<p id="document_0-error" class="field-error" role="alert">Berkas bukan PDF' in refused.text
    assert '<p id="document_1-error" class="field-error" role="alert">Pilih berkas' in refused.text
    assert "Dokumen belum lengkap" not in refused.text  # each file is told at its input, not twice
    assert (
        gateway.uploads[0][2] == "application/octet-stream"
    )  # a type the platform does not take: it reads the content
    assert not gateway.submissions


def test_a_coordinate_error_is_told_at_the_district(client, web):
    _, gateway = web
    refused = client.post("/izin/ajukan/56102", data=apply_form(client, region_code="75.71.01.1001"))
    assert refused.status_code == 400
    assert 'id="region_code-error"' in refused.text


def test_the_certificate_is_passed_through_as_a_pdf_download_never_cached(client, web):
    _, gateway = web
    response = client.get("/izin/sertifikat/7571-DPMPTSP-2026-000001")
    assert response.status_code == 200 and response.data == PDF
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="izin-7571-DPMPTSP-2026-000001.pdf"'
    assert response.headers["Cache-Control"] == "no-store"
    assert gateway.certificate_number == "7571-DPMPTSP-2026-000001"
    assert client.get("/izin/sertifikat/..%2F..%2Fetc").status_code == 404


def _high_risk(client, gateway) -> str:
    data = apply_form(
        client, kbli="41011", document_1=None, document_0=(io.BytesIO(PDF), "akta.pdf", "application/pdf")
    )
    response = client.post("/izin/ajukan/41011", data=data)
    assert response.status_code == 303, response.text
    return response.headers["Location"].rsplit("/", 1)[1]


def test_pay_the_fee_shows_the_kode_bayar_of_the_bill(client, web):
    _, gateway = web
    application_id = _high_risk(client, gateway)
    gateway.applications[application_id].update(
        status="awaiting_payment", next_step="payment", bill_id="bill-9", payment_status="billed"
    )
    page = client.get(f"/izin/permohonan/{application_id}").text
    assert "Menunggu pembayaran" in page and "Buat kode bayar" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    paid = client.post(f"/izin/permohonan/{application_id}/bayar", data={"csrf_token": token})
    assert paid.status_code == 303 and paid.headers["Location"].endswith("#bayar")
    assert gateway.checkouts == ["bill-9"]
    page = client.get(f"/izin/permohonan/{application_id}").text
    assert "7530123456789012" in page and "Rp 1.500.000" in page


def test_answer_a_revision_with_one_new_document_and_withdraw(client, web):
    _, gateway = web
    application_id = _high_risk(client, gateway)
    application = gateway.applications[application_id]
    application["documents"] = [
        {"document_id": "doc-1", "document_type": "Akta pendirian badan usaha"},
        {"document_id": "old-2", "document_type": "NPWP badan usaha"},
    ]
    application.update(status="revision_requested", next_step="applicant_revision", sla_paused=True)
    page = client.get(f"/izin/permohonan/{application_id}").text
    assert "Perbaiki permohonan" in page and "Batas waktu berhenti sementara" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        f"/izin/permohonan/{application_id}/perbaiki",
        data={
            "csrf_token": token,
            "idempotency_key": form_key(page),
            "note": "NPWP diperbarui",
            "document_1": (io.BytesIO(PNG), "npwp-baru.png", "image/png"),
        },
    )
    assert response.status_code == 303, response.text
    verb_id, verb, body = gateway.actions[-1]
    assert (verb_id, verb, body["note"]) == (application_id, "resubmit", "NPWP diperbarui")
    assert body["document_ids"][0] == "doc-1" and body["document_ids"][1] != "old-2"  # only the new one replaced
    assert gateway.uploads[-1][0] == "NPWP badan usaha"

    page = client.get(f"/izin/permohonan/{application_id}").text
    assert "Tarik permohonan ini" in page
    withdrawn = client.post(
        f"/izin/permohonan/{application_id}/tarik", data={"csrf_token": token, "note": "tidak jadi"}
    )
    assert withdrawn.status_code == 303
    assert gateway.actions[-1] == (application_id, "withdraw", {"note": "tidak jadi"})
    assert "Ditarik" in client.get(f"/izin/permohonan/{application_id}").text


def test_an_nib_error_is_shown_on_the_application_page(client, web):
    _, gateway = web
    application_id = _high_risk(client, gateway)
    gateway.applications[application_id].update(status="approved", next_step="applicant_nib")
    page = client.get(f"/izin/permohonan/{application_id}").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    refused = client.post(f"/izin/permohonan/{application_id}/nib", data={"csrf_token": token, "nib": "123"})
    assert refused.status_code == 400
    assert '<p id="nib-error" class="field-error" role="alert">NIB harus 13 digit.</p>' in refused.text


def test_an_unknown_application_is_404_and_pages_are_personal(client, web):
    assert client.get("/izin/permohonan/app-404").status_code == 404
    app, _ = web
    anonymous = app.test_client()
    for path in ("/izin/saya", "/izin/permohonan/app-1", "/izin/sertifikat/7571-DPMPTSP-2026-000001"):
        assert anonymous.get(path).headers["Location"] == "/masuk", path


def test_files_over_the_apps_limit_are_told_in_the_residents_words(client, web):
    app, gateway = web
    app.config["MAX_CONTENT_LENGTH"] = 1024
    data = apply_form(client, document_0=(io.BytesIO(PNG * 40), "ktp.png", "image/png"))
    refused = client.post("/izin/ajukan/56102", data=data)
    assert refused.status_code == 413
    assert "terlalu besar" in refused.text and refused.headers["Cache-Control"] == "no-store"
    assert not gateway.uploads


def test_the_application_page_in_english(client, web):
    _, gateway = web
    assert client.post("/izin/ajukan/56102", data=apply_form(client)).status_code == 303
    page = client.get("/izin/permohonan/app-1?lang=en").text
    assert "Issued" in page and "Download the permit certificate (PDF)" in page
    assert "6 Dec 2026 09:30 WITA" in page
