"""/pengaduan and /lacak against a stand-in gateway on a real socket, with sessions in a real Redis:
what the pages send (bodies, Idempotency-Key, X-Reporter-Key, photo bytes) and what they show."""

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
CODE = "GTO-7K3Q-95"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
REPORTER_KEY = "rk_" + "s" * 40


@pytest.fixture
def namespace(redis_client):
    name = f"test-web-complaints-{uuid.uuid4().hex[:8]}"
    yield name
    for key in redis_client.scan_iter(f"{name}:*"):
        redis_client.delete(key)


def complaint(**overrides) -> dict:
    body = {
        "id": "",
        "tracking_code": CODE,
        "category": "jalan_rusak",
        "title": "Jalan berlubang di Jl. Sudirman",
        "description": "Lubang besar di depan pasar.",
        "region_code": "75.71.02",
        "privacy": "",
        "status": "dispositioned",
        "filed_at": "2026-12-06T01:00:00Z",
        "agency_code": "dinas-pupr-7571",
        "agency_name": "Dinas PUPR Kota Gorontalo",
        "support_count": 2,
        "breached_deadlines": [],
        "photos": [{"id": "ph1", "kind": "report", "content_type": "image/png", "width": 10, "height": 10}],
    }
    body.update(overrides)
    return body


def stand_in_gateway() -> Flask:
    app = Flask("stand-in-gateway")
    app.calls = []
    app.nearby = []
    app.status = "dispositioned"

    def seen():
        app.calls.append(
            {
                "method": request.method,
                "path": request.path,
                "headers": dict(request.headers),
                "json": request.get_json(silent=True),
                "data": request.get_data(),
                "args": dict(request.args),
            }
        )

    @app.post("/v1/identity/token")
    def login():
        return {"access_token": "access-1", "refresh_token": "refresh-1", "expires_in": 900, "acr": 1}

    @app.post("/v1/complaints/photos")
    def upload():
        seen()
        if not request.get_data().startswith(b"\x89PNG"):
            problem = {"status": 400, "detail": "x", "errors": [{"field": "image", "detail": "Bukan JPEG atau PNG."}]}
            return problem, 400
        return {"id": "ph-new", "kind": "report"}

    @app.get("/v1/complaints/nearby")
    def nearby():
        seen()
        return {"complaints": app.nearby, "radius_meters": 250}

    @app.post("/v1/complaints")
    def file_signed_in():
        seen()
        if not request.json.get("description"):
            problem = {"status": 400, "detail": "x", "errors": [{"field": "description", "detail": "Wajib diisi."}]}
            return problem, 400
        return complaint(id="c1", privacy=request.json.get("privacy"))

    @app.post("/v1/complaints/anonymous")
    def file_anonymous():
        seen()
        return complaint(id="c1", privacy="anonim", reporter_key=REPORTER_KEY)

    @app.get("/v1/complaints")
    def mine():
        seen()
        return {"complaints": [complaint(id="c1", privacy="biasa")]}

    @app.get("/v1/complaints/<code>")
    def get(code):
        seen()
        owner = request.headers.get("X-Reporter-Key") == REPORTER_KEY or request.headers.get("Authorization")
        if code != CODE:
            return {"status": 404, "title": "Not found"}, 404
        return complaint(id="c1" if owner else "", status=app.status)

    @app.get("/v1/complaints/<code>/updates")
    def updates(code):
        seen()
        return {
            "updates": [
                {"kind": "update", "note": "Tim sudah meninjau.", "created_at": "2026-12-06T03:00:00Z"},
                {"kind": "question", "note": "Di sisi jalan yang mana?", "created_at": "2026-12-06T04:00:00Z"},
            ]
        }

    @app.post("/v1/complaints/<path:action>")
    def act(action):
        seen()
        return complaint(id="c1", status="closed")

    @app.get("/v1/complaints/<code>/photos/<photo_id>")
    def photo(code, photo_id):
        seen()
        return app.response_class(PNG, mimetype="image/png")

    return app


@pytest.fixture
def web(http_server, redis_client, namespace):
    gateway = stand_in_gateway()
    settings = WebSettings(
        gateway_url=http_server(gateway), secret_key="test-secret", session_namespace=namespace, redis_url=REDIS_URL
    )
    return create_app(settings, redis_client=redis_client), gateway


def form_of(page: str) -> dict:
    return {
        "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),
        "idempotency_key": re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1),
    }


def log_in(client):
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/masuk").text).group(1)
    client.post("/masuk", data={"username": "7571010101900001", "password": "benar", "csrf_token": token})


def calls(gateway, method, path):
    return [c for c in gateway.calls if c["method"] == method and c["path"] == path]


def test_the_form_is_an_offline_draft_with_its_key_and_works_as_plain_selects(web):
    app, _ = web
    client = app.test_client()
    page = client.get("/pengaduan").text
    form = re.search(r"<form[^>]*complaint-form[^>]*>", page).group(0)
    assert "data-offline-draft" in form and 'enctype="multipart/form-data"' in form
    assert re.search(r'<input type="hidden" name="idempotency_key" value="[0-9a-f-]{36}">', page)
    assert 'value="75.71"' in page and "Kota Gorontalo" in page  # the regencies, from servicekit's data
    assert 'name="kecamatan"' in page and "Kota Selatan" not in page  # districts once a regency is chosen
    assert 'name="contact_phone"' in page and 'name="photo"' not in page  # not signed in: anonymous
    # Without JavaScript the next list comes by posting the form's own step.
    step = client.post("/pengaduan", data={**form_of(page), "action": "region", "kabupaten": "75.71", "title": "X"})
    assert step.status_code == 200
    assert "Kota Selatan" in step.text and 'value="X"' in step.text
    step = client.post(
        "/pengaduan", data={**form_of(page), "action": "region", "kabupaten": "75.71", "kecamatan": "75.71.02"}
    )
    village = re.search(r'<select id="desa".*?</select>', step.text, flags=re.S).group(0)
    assert village.count("<option") > 2
    # A district outside the chosen regency is not taken.
    mixed = client.post(
        "/pengaduan", data={**form_of(page), "action": "region", "kabupaten": "75.04", "kecamatan": "75.71.02"}
    )
    assert '<option value="75.71.02" selected>' not in mixed.text


def test_region_lists_for_the_script(web):
    app, _ = web
    answer = app.test_client().get("/pengaduan/wilayah?induk=75.71")
    names = {item["name"] for item in answer.json}
    assert "Kota Selatan" in names and all(item["code"].startswith("75.71.") for item in answer.json)
    assert "public" in answer.headers["Cache-Control"]
    assert app.test_client().get("/pengaduan/wilayah?induk=99").json == []


def test_signed_in_filing_uploads_the_photo_then_files_with_the_forms_key(web):
    app, gateway = web
    client = app.test_client()
    log_in(client)
    page = client.get("/pengaduan").text
    assert 'name="photo"' in page and 'name="privacy"' in page
    fields = form_of(page)
    data = {
        **fields,
        "kabupaten": "75.71",
        "kecamatan": "75.71.02",
        "category": "jalan_rusak",
        "title": "Jalan berlubang",
        "description": "Lubang besar.",
        "privacy": "rahasia",
        "latitude": "0,5436",
        "longitude": "123.0568",
        "photo": (io.BytesIO(PNG), "lubang.png"),
    }
    answer = client.post("/pengaduan", data=data, content_type="multipart/form-data")
    assert answer.status_code == 303 and answer.headers["Location"] == f"/lacak/{CODE}?baru=1"
    [upload] = calls(gateway, "POST", "/v1/complaints/photos")
    assert upload["data"] == PNG and upload["headers"]["Content-Type"] == "image/png"
    assert upload["headers"]["Idempotency-Key"].startswith(fields["idempotency_key"] + ":photo:")
    # The photo goes to the instance of the complaint's region, where the filing will look for it.
    assert upload["args"] == {"region_code": "75.71.02"}
    [filed] = calls(gateway, "POST", "/v1/complaints")
    assert filed["headers"]["Idempotency-Key"] == fields["idempotency_key"]
    assert filed["headers"]["Authorization"] == "Bearer access-1"
    body = filed["json"]
    assert body["photo_ids"] == ["ph-new"] and body["privacy"] == "rahasia" and body["region_code"] == "75.71.02"
    assert (body["latitude"], body["longitude"]) == (0.5436, 123.0568)
    shown = client.get(answer.headers["Location"]).text
    assert CODE in shown and "Pengaduan Anda terkirim" in shown


def test_similar_open_complaints_are_offered_before_a_duplicate_is_filed(web):
    app, gateway = web
    gateway.nearby = [{"complaint": complaint(tracking_code="GTO-AAAA-22", support_count=4), "distance_meters": 41.7}]
    client = app.test_client()
    log_in(client)
    fields = form_of(client.get("/pengaduan").text)
    data = {
        **fields,
        "category": "jalan_rusak",
        "title": "T",
        "description": "D",
        "latitude": "0.5436",
        "longitude": "123.0568",
    }
    first = client.post("/pengaduan", data=data)
    assert first.status_code == 200 and not calls(gateway, "POST", "/v1/complaints")
    assert calls(gateway, "GET", "/v1/complaints/nearby")[0]["args"]["category"] == "jalan_rusak"
    assert "/pengaduan/GTO-AAAA-22/dukung" in first.text and "42 m" in first.text
    assert 'name="confirm_new" value="1"' in first.text
    assert f'name="idempotency_key" value="{fields["idempotency_key"]}"' in first.text  # the same filing
    # Supporting one instead of filing again
    support_form = re.search(r'action="/pengaduan/GTO-AAAA-22/dukung">(.*?)</form>', first.text, flags=re.S).group(1)
    support_key = re.search(r'name="idempotency_key" value="([^"]+)"', support_form).group(1)
    supported = client.post(
        "/pengaduan/GTO-AAAA-22/dukung", data={**form_of(first.text), "idempotency_key": support_key}
    )
    assert supported.status_code == 303 and supported.headers["Location"] == "/lacak/GTO-AAAA-22"
    [call] = calls(gateway, "POST", "/v1/complaints/GTO-AAAA-22:support")
    assert call["headers"]["Idempotency-Key"] == support_key
    # ... or filing anyway
    again = client.post("/pengaduan", data={**data, "confirm_new": "1"})
    assert again.status_code == 303 and len(calls(gateway, "POST", "/v1/complaints")) == 1


def test_the_platforms_field_errors_are_shown_next_to_the_inputs(web):
    app, gateway = web
    client = app.test_client()
    log_in(client)
    fields = form_of(client.get("/pengaduan").text)
    answer = client.post(
        "/pengaduan",
        data={**fields, "title": "T", "description": "", "photo": (io.BytesIO(b"GIF89a"), "x.gif")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 400
    assert 'id="photo-error"' in answer.text and "Bukan JPEG atau PNG." in answer.text
    assert f'value="{fields["idempotency_key"]}"' in answer.text and 'value="T"' in answer.text


def test_anonymous_filing_shows_the_reporter_key_once_and_acts_as_the_reporter(web):
    app, gateway = web
    client = app.test_client()
    fields = form_of(client.get("/pengaduan").text)
    data = {
        **fields,
        "kabupaten": "75.71",
        "title": "Lampu mati",
        "description": "Gelap",
        "contact_phone": "081234567890",
    }
    answer = client.post("/pengaduan", data=data, headers={"Idempotency-Key": "ignored-when-the-form-has-one"})
    assert answer.status_code == 303
    [filed] = calls(gateway, "POST", "/v1/complaints/anonymous")
    assert filed["headers"]["Idempotency-Key"] == fields["idempotency_key"]
    assert filed["json"]["privacy"] == "anonim" and filed["json"]["contact_phone"] == "081234567890"
    assert "081234567890" not in answer.headers["Location"] and REPORTER_KEY not in answer.headers["Location"]
    first = client.get(answer.headers["Location"]).text
    assert REPORTER_KEY in first and "Pengaduan Anda terkirim" in first
    assert REPORTER_KEY in client.get(answer.headers["Location"]).text  # the script fetches, then opens it
    second = client.get(f"/lacak/{CODE}").text
    assert REPORTER_KEY not in second  # only on the page right after filing
    assert calls(gateway, "GET", f"/v1/complaints/{CODE}")[-1]["headers"]["X-Reporter-Key"] == REPORTER_KEY
    stranger = app.test_client().get(answer.headers["Location"]).text
    assert REPORTER_KEY not in stranger and "Pengaduan Anda terkirim" not in stranger
    assert "/lacak/GTO-7K3Q-95/jawab" in second  # the agency asked a question
    replied = client.post(f"/lacak/{CODE}/jawab", data={**form_of(second), "note": "Sisi utara."})
    assert replied.status_code == 303
    [call] = calls(gateway, "POST", f"/v1/complaints/{CODE}:answer")
    assert call["json"] == {"note": "Sisi utara."} and call["headers"]["X-Reporter-Key"] == REPORTER_KEY
    assert call["headers"]["Idempotency-Key"] == form_of(second)["idempotency_key"]


def test_an_offline_draft_resent_with_only_the_header_keeps_its_key(web):
    app, gateway = web
    client = app.test_client()
    fields = form_of(client.get("/pengaduan").text)
    client.post(
        "/pengaduan",
        data={"csrf_token": fields["csrf_token"], "title": "T", "description": "D", "contact_email": "a@b.id"},
        headers={"Idempotency-Key": "draft-123"},
    )
    assert calls(gateway, "POST", "/v1/complaints/anonymous")[0]["headers"]["Idempotency-Key"] == "draft-123"


def test_anyone_follows_a_complaint_by_code_and_the_owner_rates_or_reopens(web):
    app, gateway = web
    stranger = app.test_client()
    assert stranger.get("/lacak?kode=gto 7k3q 95").headers["Location"] == f"/lacak/{CODE}"
    assert stranger.get("/lacak/gto7k3q95").headers["Location"] == f"/lacak/{CODE}"
    page = stranger.get(f"/lacak/{CODE}")
    assert page.status_code == 200 and "Dinas PUPR Kota Gorontalo" in page.text and "Tim sudah meninjau." in page.text
    assert "Kota Selatan" in page.text and "6 Des 2026 09.00 WITA" in page.text
    assert "/jawab" not in page.text and "/nilai" not in page.text  # not the reporter
    assert "Authorization" not in calls(gateway, "GET", f"/v1/complaints/{CODE}")[-1]["headers"]
    photo = stranger.get(f"/lacak/{CODE}/foto/ph1")
    assert photo.status_code == 200 and photo.mimetype == "image/png" and photo.data == PNG
    assert stranger.get("/lacak/GTO-ZZZZ-99").status_code == 404

    gateway.status = "resolved"
    owner = app.test_client()
    log_in(owner)
    page = owner.get(f"/lacak/{CODE}").text
    assert "/lacak/GTO-7K3Q-95/nilai" in page and "/lacak/GTO-7K3Q-95/buka" in page
    rated = owner.post(f"/lacak/{CODE}/nilai", data={**form_of(page), "rating": "4", "comment": "Baik"})
    assert rated.status_code == 303
    assert calls(gateway, "POST", f"/v1/complaints/{CODE}:rate")[0]["json"] == {"rating": 4, "comment": "Baik"}
    owner.post(f"/lacak/{CODE}/buka", data={**form_of(page), "reason": "Masih berlubang"})
    assert calls(gateway, "POST", f"/v1/complaints/{CODE}:reopen")[0]["json"] == {"reason": "Masih berlubang"}


def test_my_complaints_need_login(web):
    app, _ = web
    client = app.test_client()
    assert client.get("/pengaduan/saya").headers["Location"] == "/masuk"
    log_in(client)
    page = client.get("/pengaduan/saya")
    assert page.status_code == 200 and CODE in page.text and page.headers["Cache-Control"] == "no-store"
