"""/petugas/wisata through Flask's test client against a stand-in gateway on a real socket: only tourism
officers; create with the duplicate warning and "another place"; edit and merge (ticked); the import of a
file, all or nothing with each problem listed; events; businesses awaiting confirmation; reported reviews
(the real stack's journey is tests/e2e/browser/test_tourism_staff.py)."""

from __future__ import annotations

import io
import json
import os
import re
import uuid

import pytest
from flask import Flask, request
from gorontalo_web import create_app
from gorontalo_web.config import WebSettings
from gorontalo_web.staff import tourism_forms

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
ACCOUNTS = {
    "dispar.prov": {"role": "officer", "agency": "dispar-75", "jurisdiction": ["75"]},
    "bapenda.kota": {"role": "officer", "agency": "bapenda-7571", "jurisdiction": ["75.71"]},
    "dispar.bb": {"role": "officer", "agency": "dispar-7503", "jurisdiction": ["75.03"]},
}
OLELE_ID = "0b9c6f3e-1111-4222-8333-944455556666"


def problem(status, errors=(), detail="Data yang dikirim tidak valid."):
    return {"status": status, "title": "Tidak valid", "detail": detail, "errors": list(errors)}, status


def stand_in_gateway() -> Flask:
    app = Flask("stand-in-gateway")
    app.starting_set_imported = False
    app.sent, app.places = [], {OLELE_ID: {"id": OLELE_ID, "name": "Taman Laut Olele", "kind": "bawah_laut"}}

    def who() -> str:
        return request.headers.get("Authorization", "").removeprefix("Bearer access-")

    def sent(name):
        app.sent.append((name, request.get_json(silent=True), request.headers.get("Idempotency-Key")))

    @app.post("/v1/identity/token")
    def login():
        body = request.json
        if not body.get("otp"):
            return problem(400, [{"field": "otp", "reason": "OTP_REQUIRED", "detail": "Masukkan kode."}])
        return {"access_token": f"access-{body['username']}", "refresh_token": "r", "expires_in": 900, "acr": 2}

    @app.get("/v1/me")
    def me():
        return {"full_name": "Petugas", **ACCOUNTS[who()]}

    @app.get("/v1/tourism/destinations")
    def destinations():
        return {"destinations": list(app.places.values())}

    @app.post("/v1/tourism/destinations")
    def create():
        sent("create")
        draft = request.json["destination"]
        if draft["latitude"] < 0.15:
            return problem(
                400, [{"field": "destination.latitude", "reason": "OUT_OF_RANGE", "detail": "Di luar provinsi."}]
            )
        if draft["name"].lower().startswith("olele") and not request.json.get("not_a_duplicate"):
            detail = f"Mungkin sudah ada: Taman Laut Olele ({OLELE_ID}) dengan nama serupa dalam radius 1 km."
            error = {"field": "destination.name", "reason": "destination_possible_duplicate", "detail": detail}
            return problem(409, [error], detail=detail)
        place = {"id": f"new-{len(app.places)}", **draft}
        app.places[place["id"]] = place
        return place

    @app.get("/v1/tourism/destinations/<place_id>")
    def get(place_id):
        return app.places.get(place_id) or problem(404)

    @app.post("/v1/tourism/destinations/<place_id>:update")
    def update(place_id):
        sent("update")
        app.places[place_id] |= request.json["destination"]
        return app.places[place_id]

    @app.post("/v1/tourism/destinations/<place_id>:merge")
    def merge(place_id):
        sent("merge")
        return app.places[request.json["into_id"]]

    @app.post("/v1/tourism/destinations:import")
    def import_():
        document = json.loads(request.get_data())
        app.sent.append(("import", document, request.content_type))
        bad = [i for i, d in enumerate(document["destinations"]) if not d.get("region_code", "").startswith("75")]
        if bad:
            errors = [
                {
                    "field": f"destinations[{i}].region_code",
                    "reason": "region_unknown",
                    "detail": "Wilayah tidak dikenal.",
                }
                for i in bad
            ]
            return problem(400, errors)
        return {"created": len(document["destinations"]), "updated": 0}

    @app.post("/v1/tourism/destinations:import-starting-set")
    def import_starting_set():
        sent("starting-set")
        if who() != "dispar.prov":
            return problem(403, detail="Hanya Dinas Pariwisata Provinsi atau admin yang dapat mengimpor data awal.")
        created = 0 if app.starting_set_imported else 8
        app.starting_set_imported = True
        return {"created": created, "unchanged": 8 - created}

    @app.get("/v1/tourism/events")
    def events():
        return {"events": []}

    @app.post("/v1/tourism/events")
    def create_event():
        sent("event")
        if not request.json.get("start_date"):
            return problem(400, [{"field": "start_date", "reason": "REQUIRED", "detail": "Wajib diisi."}])
        return {"id": "e-1"}

    @app.get("/v1/tourism/businesses:pending")
    def pending():
        return {
            "businesses": [{"id": "b-1", "name": "Homestay Dembe", "kind": "homestay", "permit_number": "7571/X/1"}]
        }

    @app.post("/v1/tourism/businesses/<business_id>:confirm-permit")
    def confirm(business_id):
        sent("confirm")
        return {"id": business_id, "name": "Homestay Dembe", "licensed": request.json["confirm"]}

    @app.get("/v1/tourism/reviews:reported")
    def reported():
        return {"reviews": [{"id": "r-1", "display_name": "Ayu", "rating": 1, "text": "Buruk", "report_count": 2}]}

    @app.post("/v1/tourism/reviews/<review_id>:moderate")
    def moderate(review_id):
        sent("moderate")
        return {"id": review_id, "status": "visible"}

    return app


@pytest.fixture
def setup(http_server, redis_client):
    namespace = f"test-staff-tourism-{uuid.uuid4().hex[:8]}"
    gateway = stand_in_gateway()
    settings = WebSettings(
        gateway_url=http_server(gateway), secret_key="test-secret", session_namespace=namespace, redis_url=REDIS_URL
    )
    app = create_app(settings)
    yield app.test_client(), gateway
    for key in redis_client.scan_iter(f"{namespace}:*"):
        redis_client.delete(key)


def csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def sign_in(client, username="dispar.prov"):
    token = csrf(client.get("/petugas/masuk").text)
    client.post("/petugas/masuk", data={"csrf_token": token, "step": "password", "username": username, "password": "x"})
    token = csrf(client.get("/petugas/masuk").text)
    done = client.post("/petugas/masuk", data={"csrf_token": token, "step": "code", "otp": "123456"})
    assert done.headers["Location"].endswith("/petugas"), done.text


def place_form(token, **changes):
    form = {
        "csrf_token": token,
        "idempotency_key": "form-key-1",
        "name": "Pantai Baru",
        "kind": "pantai",
        "region_code": "75.03.08",
        "latitude": "0,41",
        "longitude": "123.15",
        "coordinates_approximate": "1",
        "description_id": "Pantai pasir putih.",
        "hours": "6 08:00-17:00\n7 08:00-17:00",
        "prices": "Dewasa | Adult | 10.000",
        "facilities": "toilet, parkir",
        "source": "Kantor Dispar",
    }
    return form | changes


@pytest.mark.parametrize(("username", "allowed"), [("dispar.prov", True), ("bapenda.kota", False)])
def test_only_tourism_officers(setup, username, allowed):
    client, _ = setup
    assert client.get("/petugas/wisata").headers["Location"].endswith("/petugas/masuk")
    sign_in(client, username)
    for path in ("/petugas/wisata", "/petugas/wisata/baru", "/petugas/wisata/acara", "/petugas/wisata/ulasan"):
        assert client.get(path).status_code == (200 if allowed else 403), path
    home = client.get("/petugas").text
    assert ('href="/petugas/wisata"' in home) is allowed and ('href="/petugas/wisata/usaha"' in home) is allowed


def test_create_warns_of_a_duplicate_and_saves_it_as_another_place_when_ticked(setup):
    client, gateway = setup
    sign_in(client)
    token = csrf(client.get("/petugas/wisata/baru").text)
    warned = client.post("/petugas/wisata/baru", data=place_form(token, name="Olele"))
    assert warned.status_code == 409
    assert f'href="/petugas/wisata/{OLELE_ID}/ubah"' in warned.text and 'name="not_a_duplicate"' in warned.text
    assert '<p id="name-error" class="field-error" role="alert">Mungkin sudah ada' in warned.text
    _, body, key = gateway.sent[-1]
    assert key == "form-key-1" and body["not_a_duplicate"] is False
    assert body["destination"]["opening_hours"][1] == {"day_of_week": 7, "opens": "08:00", "closes": "17:00"}
    assert body["destination"]["prices"] == [{"label": {"id": "Dewasa", "en": "Adult"}, "amount_idr": 10000}]
    assert body["destination"]["latitude"] == 0.41 and body["destination"]["facilities"] == ["toilet", "parkir"]
    saved = client.post("/petugas/wisata/baru", data=place_form(token, name="Olele", not_a_duplicate="1"))
    assert saved.status_code == 303 and saved.headers["Location"].endswith("/ubah?disimpan=1")
    assert gateway.sent[-1][1]["not_a_duplicate"] is True


def test_field_errors_of_the_api_and_of_the_form_are_told_at_their_inputs(setup):
    client, gateway = setup
    sign_in(client)
    token = csrf(client.get("/petugas/wisata/baru").text)
    outside = client.post("/petugas/wisata/baru", data=place_form(token, latitude="-6.2"))
    assert (
        outside.status_code == 400 and '<p id="latitude-error" class="field-error" role="alert">Di luar' in outside.text
    )
    sent = len(gateway.sent)
    typo = client.post("/petugas/wisata/baru", data=place_form(token, hours="Sabtu pagi", latitude="utara"))
    assert typo.status_code == 400 and len(gateway.sent) == sent  # nothing sent
    assert 'id="hours-error"' in typo.text and 'id="latitude-error"' in typo.text
    assert "Sabtu pagi" in typo.text  # what was typed stays


def test_edit_and_merge_only_when_ticked(setup):
    client, gateway = setup
    sign_in(client)
    page = client.get(f"/petugas/wisata/{OLELE_ID}/ubah").text
    assert 'value="Taman Laut Olele"' in page and 'name="merge_confirm"' in page
    edited = client.post(f"/petugas/wisata/{OLELE_ID}/ubah", data=place_form(csrf(page), name="Taman Laut Olele"))
    assert edited.status_code == 303 and gateway.sent[-1][0] == "update"
    unticked = client.post(f"/petugas/wisata/{OLELE_ID}/gabung", data={"csrf_token": csrf(page), "into_id": "new-1"})
    assert unticked.status_code == 400 and gateway.sent[-1][0] == "update"
    gateway.places["keep-1"] = {"id": "keep-1", "name": "Olele", "kind": "bawah_laut"}
    merged = client.post(
        f"/petugas/wisata/{OLELE_ID}/gabung",
        data={"csrf_token": csrf(page), "into_id": "keep-1", "merge_confirm": "yes"},
    )
    assert merged.status_code == 303 and merged.headers["Location"] == "/petugas/wisata/keep-1/ubah?digabung=1"
    assert gateway.sent[-1][:2] == ("merge", {"into_id": "keep-1"})


def test_an_import_is_whole_or_refused_with_each_problem_listed(setup):
    client, gateway = setup
    sign_in(client)
    token = csrf(client.get("/petugas/wisata").text)
    bad = {"destinations": [{"key": "a", "region_code": "75.03"}, {"key": "b", "region_code": "31.71"}]}
    client.post(
        "/petugas/wisata/impor",
        data={"csrf_token": token, "document": (io.BytesIO(json.dumps(bad).encode()), "set.json")},
        content_type="multipart/form-data",
    )
    page = client.get("/petugas/wisata").text
    assert "ditolak seluruhnya" in page and "destinations[1].region_code: Wilayah tidak dikenal." in page
    assert gateway.sent[-1][2] == "application/json"
    good = {"destinations": [{"key": "a", "region_code": "75.03"}]}
    client.post(
        "/petugas/wisata/impor",
        data={"csrf_token": token, "document": (io.BytesIO(json.dumps(good).encode()), "set.json")},
        content_type="multipart/form-data",
    )
    assert "Impor selesai: 1 destinasi baru, 0 diperbarui." in client.get("/petugas/wisata").text


def test_the_starting_set_in_one_click_for_the_provincial_office(setup):
    client, gateway = setup
    sign_in(client)
    page = client.get("/petugas/wisata").text
    assert 'action="/petugas/wisata/impor-set-awal"' in page and "Impor set awal" in page
    assert client.post("/petugas/wisata/impor-set-awal", data={}).status_code == 400  # no CSRF token, no import
    assert not [s for s in gateway.sent if s[0] == "starting-set"]
    done = client.post("/petugas/wisata/impor-set-awal", data={"csrf_token": csrf(page)})
    assert done.status_code == 303 and done.headers["Location"] == "/petugas/wisata"
    assert "Set awal diimpor: 8 destinasi baru, 0 sudah ada (tidak diubah)." in client.get("/petugas/wisata").text
    client.post("/petugas/wisata/impor-set-awal", data={"csrf_token": csrf(page)})
    assert "Set awal diimpor: 0 destinasi baru, 8 sudah ada (tidak diubah)." in client.get("/petugas/wisata").text
    assert [s[1] for s in gateway.sent if s[0] == "starting-set"] == [{}, {}]


def test_a_kabupaten_office_is_not_offered_the_starting_set_and_the_api_refusal_is_told(setup):
    client, _ = setup
    sign_in(client, "dispar.bb")
    page = client.get("/petugas/wisata").text
    assert page.count("Impor set awal") == 0 and "Impor berkas destinasi" in page
    client.post("/petugas/wisata/impor-set-awal", data={"csrf_token": csrf(page)})  # a form kept from elsewhere
    assert "Hanya Dinas Pariwisata Provinsi atau admin" in client.get("/petugas/wisata").text


def test_events_businesses_and_reviews_desk(setup):
    client, gateway = setup
    sign_in(client)
    page = client.get("/petugas/wisata/acara").text
    assert f'<option value="{OLELE_ID}">Taman Laut Olele</option>' in page
    form = {
        "csrf_token": csrf(page),
        "idempotency_key": "event-key",
        "name_id": "Festival Olele",
        "name_en": "Olele Festival",
        "start_date": "2027-01-09",
        "destination_id": OLELE_ID,
    }
    assert client.post("/petugas/wisata/acara", data=form).status_code == 303
    name, body, key = gateway.sent[-1]
    assert (name, key) == ("event", "event-key") and body["name"] == {"id": "Festival Olele", "en": "Olele Festival"}
    refused = client.post("/petugas/wisata/acara", data=form | {"start_date": ""})
    assert refused.status_code == 400 and 'id="start_date-error"' in refused.text

    page = client.get("/petugas/wisata/usaha").text
    assert "Homestay Dembe" in page and "7571/X/1" in page
    client.post("/petugas/wisata/usaha/b-1", data={"csrf_token": csrf(page), "decision": "refuse"})
    assert gateway.sent[-1][0] == "event"  # a refusal not ticked is not sent
    client.post("/petugas/wisata/usaha/b-1", data={"csrf_token": csrf(page), "decision": "confirm"})
    assert gateway.sent[-1][:2] == ("confirm", {"confirm": True})
    assert "Homestay Dembe kini berizin." in client.get("/petugas/wisata/usaha").text

    page = client.get("/petugas/wisata/ulasan").text
    assert "Buruk" in page and "2 laporan" in page
    client.post("/petugas/wisata/ulasan/r-1", data={"csrf_token": csrf(page), "decision": "remove"})
    assert gateway.sent[-1][0] == "confirm"  # removal needs the tick
    client.post("/petugas/wisata/ulasan/r-1", data={"csrf_token": csrf(page), "decision": "restore"})
    assert gateway.sent[-1][:2] == ("moderate", {"decision": "restore"})
    assert "Ulasan tampil lagi." in client.get("/petugas/wisata/ulasan").text


def test_the_form_round_trips_a_destination_and_names_api_fields():
    place = {
        "name": "X",
        "opening_hours": [{"day_of_week": 1, "opens": "08:00", "closes": "16:00"}],
        "prices": [{"label": {"id": "Anak", "en": "Child"}, "amount_idr": "5000"}],
        "latitude": 0.5,
        "longitude": 123.0,
    }
    draft, problems = tourism_forms.draft_from_form(tourism_forms.form_from_destination(place))
    assert problems == {} and draft["opening_hours"] == place["opening_hours"]
    assert draft["prices"] == [{"label": {"id": "Anak", "en": "Child"}, "amount_idr": 5000}]
    assert tourism_forms.form_field("destination.prices[0].amount_idr") == "prices"
    assert tourism_forms.form_field("destination.description.en") == "description_en"
    assert tourism_forms.form_field("destination.safety_notes.id") == "safety_id"
    assert tourism_forms.form_field("destination.contacts.email") == "contact_email"
    assert tourism_forms.form_field("destination.opening_hours[2].closes") == "hours"
