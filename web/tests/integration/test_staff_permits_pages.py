"""/petugas/izin through Flask's test client against a stand-in gateway on a real socket: the queue of the
officer's jurisdiction by SLA due date with working days left (late ones in words and red), one application
with its documents drawn in the page (a two-page PDF as two PNG pages, a photo re-encoded), its timeline, the
fee's status, and the actions its state allows with the confirmation and the API's field errors. The journey
against the real stack is tests/e2e/browser/test_staff_permits.py."""

from __future__ import annotations

import copy
import io
import os
import re
import uuid

import pytest
from flask import Flask, request
from gorontalo_web import create_app
from gorontalo_web.config import WebSettings
from PIL import Image

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
OFFICERS = {
    "petugas.kota": {"role": "officer", "agency": "DPMPTSP Kota Gorontalo", "jurisdiction": ["75.71"]},
    "petugas.pohuwato": {"role": "officer", "agency": "DPMPTSP Kabupaten Pohuwato", "jurisdiction": ["75.04"]},
}


def _pdf(pages: int) -> bytes:
    images = [Image.new("RGB", (595, 842), (255, 255, 255 - 40 * n)) for n in range(pages)]
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:])
    return out.getvalue()


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (3000, 2000), (10, 120, 60)).save(out, format="JPEG")
    return out.getvalue()


DOCUMENTS = {"doc-pdf": ("application/pdf", _pdf(2)), "doc-jpg": ("image/jpeg", _jpeg())}


def _application(id_, name, status, due, left, late=False, paused=False, regency="75.71", **more):
    return {
        "id": id_,
        "kbli_code": "56101",
        "business_name": name,
        "business_address": "Jl. Nani Wartabone 10",
        "region_code": regency + ".01.1001",
        "regency_code": regency,
        "status": status,
        "risk_level": "menengah_tinggi",
        "submitted_at": "2026-11-20T01:00:00Z",
        "sla_due_date": due,
        "sla_working_days_left": left,
        "sla_late": late,
        "sla_paused": paused,
        "fee_rupiah": "1500000",
        "payment_status": "",
        "next_step": {"submitted": "officer_review", "in_review": "officer_decision"}.get(status, "none"),
        "timeline": [{"status": "submitted", "actor_role": "citizen", "at": "2026-11-20T01:00:00Z"}],
        "documents": [
            {"document_id": "doc-pdf", "document_type": "KTP penanggung jawab", "media_type": "application/pdf"},
            {"document_id": "doc-jpg", "document_type": "NPWP", "media_type": "image/jpeg"},
        ],
        **more,
    }


APPLICATIONS = [
    _application("a-soon", "Warung Soon", "in_review", "2026-12-09", 3),
    _application("a-late", "Restoran Terlambat", "submitted", "2026-12-02", -2, late=True),
    _application("a-paused", "Toko Dijeda", "revision_requested", "2026-12-20", 0, paused=True),
    _application("a-done", "Kedai Terbit", "issued", "2026-11-30", 0, permit_number="7571/DPMPTSP/2026/000009"),
    _application("a-pohu", "Usaha Pohuwato", "submitted", "2026-12-08", 2, regency="75.04"),
]
MOVES = {
    "review": ("submitted", "in_review"),
    "request-revision": ("in_review", "revision_requested"),
    "approve": ("in_review", "awaiting_payment"),
    "reject": ("in_review", "rejected"),
    "issue": ("approved", "issued"),
}


def problem(status, field=None, detail="", title="Permintaan tidak valid"):
    body = {"status": status, "title": title, "detail": detail or title}
    if field:
        body["errors"] = [{"field": field, "reason": "INVALID", "detail": detail}]
    return body, status


def stand_in_gateway() -> Flask:
    app = Flask("stand-in-gateway")
    app.applications = {a["id"]: copy.deepcopy(a) for a in APPLICATIONS}
    app.asked = []
    app.revoked = {}

    def who() -> dict:
        return OFFICERS.get(request.headers.get("Authorization", "").removeprefix("Bearer access-"), {})

    def visible(application) -> bool:
        return application["regency_code"] in who().get("jurisdiction", [])

    @app.post("/v1/identity/token")
    def login():
        username = request.json["username"]
        if username not in OFFICERS:
            return problem(401, title="Gagal masuk")
        return {"access_token": f"access-{username}", "refresh_token": "r", "expires_in": 900, "acr": 2}

    @app.get("/v1/me")
    def me():
        return {"full_name": "Petugas", **who()} if who() else problem(401)

    @app.post("/v1/identity/token:revoke")
    def revoke_token():
        return {}

    @app.get("/v1/permits/applications")
    def queue():
        app.asked.append(dict(request.args))
        found = [a for a in app.applications.values() if visible(a)]
        if request.args.get("status"):
            found = [a for a in found if a["status"] == request.args["status"]]
        return {"applications": sorted(found, key=lambda a: a["sla_due_date"]), "next_page_token": ""}

    @app.route("/v1/permits/applications/<path:rest>", methods=["GET", "POST"])
    def one(rest):
        id_, _, verb = rest.partition(":")
        application = app.applications.get(id_)
        if application is None or not visible(application):
            return problem(404, title="Tidak ditemukan")
        if request.method == "GET":
            return application
        note = request.json.get("note", "")
        if verb in ("reject", "request-revision") and len(note) < 5:
            return problem(400, "note", "Alasan minimal 5 karakter.")
        before, after = MOVES[verb]
        if application["status"] != before:
            return problem(409, title="Konflik", detail=f"Tidak dapat pada status '{application['status']}'.")
        application["status"] = after
        if after == "awaiting_payment":
            application["payment_status"] = "billed"
            application["bill_id"] = "bill-1"
        application["timeline"].append({"status": after, "actor_role": "officer", "actor_id": "o-1", "note": note})
        return application

    @app.get("/v1/permits/documents/<id_>/content")
    def content(id_):
        # The gateway lets only officers of an application's regency read its documents.
        if not any(visible(a) for a in app.applications.values() if id_ in {d["document_id"] for d in a["documents"]}):
            return problem(403, title="Ditolak")
        media_type, data = DOCUMENTS[id_]
        return data, 200, {"Content-Type": media_type, "Content-Disposition": "attachment"}

    @app.get("/v1/permits/verify/<number>")
    def verify(number):
        return {"permit_number": number, "validity": "revoked" if number in app.revoked else "valid"}

    @app.post("/v1/permits/permits/<path:rest>")
    def revoke(rest):
        number = rest.removesuffix(":revoke")
        reason = request.json.get("reason", "")
        if len(reason) < 5:
            return problem(400, "reason", "Alasan minimal 5 karakter.")
        app.revoked[number] = reason
        return {"permit_number": number, "validity": "revoked"}

    @app.get("/v1/tax/bills/<id_>")
    def bill(id_):
        return problem(403, title="Ditolak")

    return app


@pytest.fixture
def setup(http_server, redis_client):
    namespace = f"test-staff-izin-{uuid.uuid4().hex[:8]}"
    gateway = stand_in_gateway()
    settings = WebSettings(
        gateway_url=http_server(gateway), secret_key="test-secret", session_namespace=namespace, redis_url=REDIS_URL
    )
    app = create_app(settings)
    app.config["TESTING"] = True
    yield app, gateway
    for key in redis_client.scan_iter(f"{namespace}:*"):
        redis_client.delete(key)


def csrf(client, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def signed_in(app, username="petugas.kota"):
    client = app.test_client()
    done = client.post(
        "/petugas/masuk",
        data={"csrf_token": csrf(client, "/petugas/masuk"), "step": "password", "username": username, "password": "x"},
    )
    assert done.status_code == 303 and done.headers["Location"].endswith("/petugas"), done.text
    return client


def rows(page: str) -> list[str]:
    return re.findall(r'data-application-id="([^"]+)"', page)


def test_the_queue_needs_a_staff_login(setup):
    app, _ = setup
    assert app.test_client().get("/petugas/izin").headers["Location"].endswith("/petugas/masuk")


def test_the_queue_is_the_open_applications_of_the_jurisdiction_by_due_date_late_ones_in_words(setup):
    app, gateway = setup
    client = signed_in(app)
    page = client.get("/petugas/izin")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    html = page.text
    # Open ones only, soonest due first, the paused one last; Pohuwato's not at all.
    assert rows(html) == ["a-late", "a-soon", "a-paused"]
    assert "DPMPTSP Kota Gorontalo" in html and "Kota Gorontalo (75.71)" in html
    late = re.search(r'<td class="staff-izin-sla staff-izin-sla-late"[^>]*>([^<]+)<', html).group(1)
    assert late == "Terlambat 2 hari kerja"
    assert 'class="staff-izin-row staff-izin-row-late" data-application-id="a-late"' in html
    assert "3 hari kerja lagi" in html and "Dijeda" in html and "1 permohonan terlambat" in html
    assert "2 Des 2026" in html
    # A status asked for is the API's filter; the final ones are there to find.
    issued = client.get("/petugas/izin?status=issued").text
    assert rows(issued) == ["a-done"] and gateway.asked[-1]["status"] == "issued"
    assert "Working days left" in client.get("/petugas/izin?lang=en").text


def test_another_regencys_officer_sees_none_of_them(setup):
    app, _ = setup
    client = signed_in(app, "petugas.pohuwato")
    assert rows(client.get("/petugas/izin").text) == ["a-pohu"]
    assert client.get("/petugas/izin/a-soon").status_code == 404
    assert client.get("/petugas/izin/a-soon/dokumen/doc-pdf/1").status_code == 404


def test_documents_are_drawn_in_the_page_as_images_only_for_entitled_officers(setup):
    app, _ = setup
    client = signed_in(app)
    html = client.get("/petugas/izin/a-soon").text
    pages = re.findall(r'<img class="staff-izin-page" src="([^"]+)"\s+alt="([^"]+)"', html)
    assert [src for src, _ in pages] == [
        "/petugas/izin/a-soon/dokumen/doc-pdf/1",
        "/petugas/izin/a-soon/dokumen/doc-pdf/2",
        "/petugas/izin/a-soon/dokumen/doc-jpg/1",
    ]
    assert pages[1][1] == "KTP penanggung jawab, halaman 2 dari 2"
    # The room of a PDF page that loads later is kept (A4 drawn 1100 px wide); a photo's size is its own.
    assert 'alt="KTP penanggung jawab, halaman 2 dari 2" width="1100" height="1557" loading="lazy">' in html
    assert re.search(r'alt="NPWP, halaman 1 dari 1">', html)
    drawn = client.get("/petugas/izin/a-soon/dokumen/doc-pdf/2")
    assert drawn.status_code == 200 and drawn.mimetype == "image/png"
    assert drawn.headers["Cache-Control"] == "no-store" and drawn.headers["X-Content-Type-Options"] == "nosniff"
    image = Image.open(io.BytesIO(drawn.data))
    assert image.format == "PNG" and image.width == 1100 and image.height > 1500  # A4 drawn at 1100 px
    pixel = image.getpixel((500, 500))
    assert max(abs(a - b) for a, b in zip(pixel, (255, 255, 215), strict=True)) <= 2  # the second page's colour
    photo = client.get("/petugas/izin/a-soon/dokumen/doc-jpg/1")
    assert photo.mimetype == "image/jpeg" and Image.open(io.BytesIO(photo.data)).size == (1600, 1067)
    assert client.get("/petugas/izin/a-soon/dokumen/doc-pdf/3").status_code == 404
    assert client.get("/petugas/izin/a-soon/dokumen/doc-other/1").status_code == 404
    # Signed out: nothing.
    client.post("/petugas/keluar", data={"csrf_token": csrf(client, "/petugas")})
    assert client.get("/petugas/izin/a-soon/dokumen/doc-pdf/1").status_code == 303


def _act(client, application_id, action, **form):
    token = csrf(client, f"/petugas/izin/{application_id}")
    return client.post(f"/petugas/izin/{application_id}/{action}", data={"csrf_token": token, **form})


def test_actions_follow_the_state_and_irreversible_ones_need_the_ticked_box(setup):
    app, gateway = setup
    client = signed_in(app)
    submitted = client.get("/petugas/izin/a-late").text
    assert 'action="/petugas/izin/a-late/periksa"' in submitted and "/setujui" not in submitted
    reviewed = _act(client, "a-late", "periksa", note="")
    assert reviewed.status_code == 303 and reviewed.headers["Location"].endswith("selesai=periksa#hasil")
    page = client.get(reviewed.headers["Location"]).text
    assert "Pemeriksaan dimulai." in page and gateway.applications["a-late"]["status"] == "in_review"
    assert all(f'action="/petugas/izin/a-late/{a}"' in page for a in ("revisi", "setujui", "tolak"))

    # Rejecting without the box ticked and without a reason: nothing is sent, both said next to their fields.
    refused = _act(client, "a-late", "tolak", note="")
    assert refused.status_code == 400 and gateway.applications["a-late"]["status"] == "in_review"
    assert 'id="tolak-note-error"' in refused.text and 'id="tolak-confirm-error"' in refused.text
    assert 'id="setujui-confirm-error"' not in refused.text
    # The API's own field error (too short a reason) next to the field it names, the reason kept.
    short = _act(client, "a-late", "tolak", note="no", confirm="ya")
    assert short.status_code == 400
    assert re.search(r'id="tolak-note-error" class="field-error">Alasan minimal 5 karakter.<', short.text)
    assert re.search(r'<textarea id="tolak-note"[^>]*aria-invalid="true"[^>]*>no</textarea>', short.text)

    approved = _act(client, "a-late", "setujui", note="Memenuhi syarat", confirm="ya")
    assert approved.status_code == 303 and gateway.applications["a-late"]["status"] == "awaiting_payment"
    page = client.get("/petugas/izin/a-late").text
    assert 'data-payment="billed"' in page and "Ditagih, belum dibayar" in page and "Rp 1.500.000" in page
    assert "Tindakan" not in page  # nothing for the officer while the applicant pays
    # A state the action does not fit: the API's 409 shown on the page.
    late = _act(client, "a-late", "periksa")
    assert late.status_code == 409 and "Tidak dapat pada status" in late.text


def test_issue_and_revoke_with_a_reason(setup):
    app, gateway = setup
    gateway.applications["a-soon"].update(status="approved", next_step="permit_issuance")
    client = signed_in(app)
    assert _act(client, "a-soon", "terbitkan").status_code == 400
    assert _act(client, "a-soon", "terbitkan", confirm="ya").status_code == 303
    assert gateway.applications["a-soon"]["status"] == "issued"

    number = "7571/DPMPTSP/2026/000009"
    page = client.get("/petugas/izin/a-done").text
    assert 'action="/petugas/izin/a-done/cabut"' in page and 'data-validity="valid"' in page
    refused = _act(client, "a-done", "cabut", reason="abc", confirm="ya", permit_number=number)
    assert refused.status_code == 400 and 'id="cabut-reason-error"' in refused.text
    revoked = _act(client, "a-done", "cabut", reason="Usaha tidak beroperasi", confirm="ya", permit_number=number)
    assert revoked.status_code == 303 and gateway.revoked == {"7571-DPMPTSP-2026-000009": "Usaha tidak beroperasi"}
    page = client.get("/petugas/izin/a-done").text
    assert 'data-validity="revoked"' in page and "/cabut" not in page
