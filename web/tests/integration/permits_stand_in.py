"""The stand-in gateway and fixtures of the /izin page tests: a real socket answering the permits and tax
routes as the platform does (idempotency keys honoured, problem+json field errors)."""

from __future__ import annotations

import io
import os
import re
import uuid

import pytest
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
    app.upload_regions = []  # region_code of each upload, in order
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
        app.upload_regions.append(request.args.get("region_code"))
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
        if "responsible_name" in body and len(body["responsible_name"]) < 3:
            return problem("responsible_name", "Nama penanggung jawab terlalu pendek.")
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
