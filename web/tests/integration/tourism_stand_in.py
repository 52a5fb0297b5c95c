"""svc-tourism's and the visitor accounts' REST routes as the gateway answers them, for the /wisata pages'
tests (the journeys against the real stack are tests/e2e/browser/test_tourism*.py)."""

from __future__ import annotations

import base64
import json
import os
import uuid

import pytest
from flask import Flask, Response, request
from gorontalo_web import create_app
from gorontalo_web.config import WebSettings

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def token_for(role: str, subject: str = "acc-1") -> str:
    """An access token shaped as the platform's (header.claims.signature): the app reads only `role`."""
    claims = base64.urlsafe_b64encode(json.dumps({"sub": subject, "role": role}).encode()).rstrip(b"=").decode()
    return f"eyJhbGciOiJFZERTQSJ9.{claims}.c2ln"


OLELE = {
    "id": "d-olele",
    "key": "taman-laut-olele",
    "name": "Taman Laut Olele",
    "kind": "bawah_laut",
    "region_code": "75.03.08",
    "latitude": 0.4069,
    "longitude": 123.1517,
    "coordinates_approximate": True,
    "description": {"id": "Taman laut dengan karang <b>indah</b>.", "en": "Marine park with fine corals."},
    "prices": [{"label": {"id": "Dewasa", "en": "Adult"}, "amount_idr": "15000"}],
    "opening_hours": [{"day_of_week": 6, "opens": "08:00", "closes": "17:00"}],
    "photo_ids": ["p-1"],
    "source": "Dinas Pariwisata Bone Bolango",
    "rating_average": 4.5,
    "review_count": 2,
}
OTANAHA = {
    "id": "d-otanaha",
    "name": "Benteng Otanaha",
    "kind": "budaya_sejarah",
    "region_code": "75.71.03",
    "latitude": 0.55,
    "longitude": 123.03,
}


def stand_in_gateway() -> Flask:
    app = Flask("stand-in-gateway")
    app.calls, app.reviews, app.pending = [], {}, {}
    app.role, app.subject = "citizen", "acc-1"

    def seen():
        app.calls.append(
            {
                "method": request.method,
                "path": request.path,
                "args": dict(request.args),
                "json": request.get_json(silent=True),
                "headers": dict(request.headers),
            }
        )

    def problem(status, field="", detail="Tidak valid.", reason="INVALID"):
        errors = [{"field": field, "reason": reason, "detail": detail}] if field else []
        return {"status": status, "title": "Problem", "detail": detail, "errors": errors}, status

    @app.post("/v1/identity/token")
    def login():
        seen()
        return {"access_token": token_for(app.role, app.subject), "refresh_token": "r", "expires_in": 900, "acr": 1}

    @app.post("/v1/identity/visitors")
    def register_visitor():
        seen()
        body = request.json
        if len(body.get("display_name", "")) < 2:
            return problem(400, "display_name", "Nama terlalu pendek.")
        account_id = f"visitor-{len(app.pending) + 1}"
        app.pending[account_id] = body
        return {"id": account_id, "role": "visitor", "status": "pending"}

    @app.post("/v1/identity/visitors:activate")
    def activate_visitor():
        seen()
        body = request.json
        if body.get("account_id") not in app.pending or body.get("code") != "123456":
            return problem(400, "code", "Kode salah atau kedaluwarsa.")
        return {"access_token": token_for("visitor", body["account_id"]), "refresh_token": "r", "expires_in": 900}

    @app.get("/v1/me/timeline")
    def timeline():
        seen()
        return problem(403, detail="Peran tidak diizinkan.")

    @app.get("/v1/tourism/destinations")
    def destinations():
        seen()
        if request.args.get("latitude") == "-6.2":
            return problem(400, "latitude", "Di luar Provinsi Gorontalo.")
        found = [OLELE, OTANAHA]
        q = request.args.get("q", "").lower()
        if q:
            found = [
                d
                for d in found
                if q in d["name"].lower() or q in json.dumps(d["description"] if "description" in d else "").lower()
            ]
        if request.args.get("kind"):
            found = [d for d in found if d["kind"] == request.args["kind"]]
        if request.args.get("region"):
            found = [d for d in found if d["region_code"].startswith(request.args["region"])]
        if request.args.get("latitude"):
            found = [dict(d, distance_km=12.34) for d in found]
        return {"destinations": found}

    @app.get("/v1/tourism/destinations/<place_id>")
    def destination(place_id):
        seen()
        if place_id == "d-dup":
            return {"id": "d-dup", "name": "Olele (lama)", "kind": "bawah_laut", "merged_into": "d-olele"}
        found = {"d-olele": OLELE, "d-otanaha": OTANAHA}.get(place_id)
        return found if found else problem(404)

    @app.get("/v1/tourism/destinations/<place_id>.jsonld")
    def destination_jsonld(place_id):
        document = {"@context": "https://schema.org", "@type": "TouristAttraction", "name": "Olele </script><b>"}
        return Response(json.dumps(document), content_type="application/ld+json")

    @app.get("/v1/tourism/destinations/<place_id>/alerts")
    def destination_alerts(place_id):
        seen()
        if place_id == "d-otanaha":
            return {"alerts_unavailable": True}
        alert = {
            "alert_id": "a-1",
            "hazard": "banjir",
            "severity": "Moderate",
            "headline": {"id": "Banjir rob di pesisir Kabila Bone", "en": "Coastal flooding in Kabila Bone"},
            "instruction": {"id": "Jauhi pantai.", "en": "Keep away from the shore."},
            "expires": "2026-12-06T12:00:00Z",
        }
        return {"alerts": [alert]}

    @app.get("/v1/tourism/photos/<photo_id>")
    def photo(photo_id):
        return Response(JPEG, content_type="image/jpeg")

    @app.get("/v1/tourism/guides/<regency>.pdf")
    def guide_pdf(regency):
        seen()
        return Response(b"%PDF-1.7 guide " + regency.encode(), content_type="application/pdf")

    @app.get("/v1/tourism/guides/<regency>.json")
    def guide_json(regency):
        return Response(json.dumps({"r": regency, "p": []}), content_type="application/json")

    @app.get("/v1/tourism/destinations.geojson")
    def geojson():
        return Response('{"type":"FeatureCollection","features":[]}', content_type="application/geo+json")

    @app.get("/v1/tourism/destinations.csv")
    def csv():
        return Response("id,name\r\nd-olele,Taman Laut Olele\r\n", content_type="text/csv; charset=utf-8")

    event = {
        "id": "e-1",
        "name": {"id": "Festival Benteng Otanaha", "en": "Otanaha Fort Festival"},
        "description": {"id": "Pertunjukan budaya.", "en": "Cultural performances."},
        "start_date": "2027-01-09",
        "end_date": "2027-01-10",
        "destination_id": "d-otanaha",
        "region_code": "75.71.03",
    }

    @app.get("/v1/tourism/events")
    def events():
        seen()
        return {"events": [event]}

    @app.get("/v1/tourism/events/<event_id>")
    def get_event(event_id):
        return event if event_id == "e-1" else problem(404)

    @app.get("/v1/tourism/events/<event_id>.jsonld")
    def event_jsonld(event_id):
        return Response(json.dumps({"@type": "Event"}), content_type="application/ld+json")

    @app.get("/v1/tourism/events.ics")
    def events_ics():
        seen()
        return Response(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", content_type="text/calendar; charset=utf-8")

    homestay = {
        "id": "b-1",
        "name": "Homestay Dembe",
        "kind": "homestay",
        "region_code": "75.71.01.1001",
        "permit_number": "7571/DPMPTSP/2026/000001",
        "permit_status": "licensed",
        "licensed": True,
    }
    warung = {
        "id": "b-2",
        "name": "Warung Pantai",
        "kind": "restoran",
        "region_code": "75.03.08",
        "permit_status": "none",
    }

    # Businesses residents list through the pages: by id; the permits the stand-in knows, by holder.
    app.listed, app.permit_holders = {}, {"7571/DPMPTSP/2026/000001": "acc-1", "7571/DPMPTSP/2026/000009": "acc-2"}

    def subject() -> str:
        claims = request.headers.get("Authorization", "").split(".")[1]
        return json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))["sub"]

    def checked(body: dict, owner: str) -> tuple[dict, tuple | None]:
        """(the business's fields, None) or (None, the problem): the API's rules the pages' tests need."""
        errors = []
        if not body.get("region_code"):
            errors.append({"field": "region_code", "reason": "REQUIRED", "detail": "Wajib diisi."})
        if body.get("contacts", {}).get("email") and "@" not in body["contacts"]["email"]:
            errors.append({"field": "contacts.email", "reason": "CONTACT_INVALID", "detail": "Kontak tidak valid."})
        number = body.get("permit_number", "").replace("-", "/")
        if number and number not in app.permit_holders:
            errors.append({"field": "permit_number", "reason": "PERMIT_NOT_FOUND", "detail": "Izin tidak ditemukan."})
        if errors:
            return None, ({"status": 400, "title": "Tidak valid", "detail": "Tidak valid.", "errors": errors}, 400)
        status = (
            "none" if not number else "licensed" if app.permit_holders[number] == owner else "awaiting_confirmation"
        )
        fields = {k: v for k, v in body.items() if k != "permit_number"}
        return fields | {"permit_number": number, "permit_status": status, "licensed": status == "licensed"}, None

    @app.post("/v1/tourism/businesses")
    def list_business():
        seen()
        key = request.headers.get("Idempotency-Key")
        if key in app.listed:
            return app.listed[key]
        fields, refused = checked(request.json, subject())
        if refused:
            return refused
        app.listed[key] = {"id": f"b-new-{len(app.listed) + 1}", "owner": subject(), **fields}
        return app.listed[key]

    def listed_by_id(business_id):
        return next((b for b in app.listed.values() if b["id"] == business_id), None)

    @app.get("/v1/tourism/businesses:mine")
    def my_businesses():
        seen()
        return {"businesses": [b for b in app.listed.values() if b["owner"] == subject()]}

    @app.post("/v1/tourism/businesses/<business_id>:update")
    def update_business(business_id):
        seen()
        found = listed_by_id(business_id)
        if found is None or found["owner"] != subject():
            return problem(403, detail="Hanya akun yang mendaftarkan usaha ini.")
        fields, refused = checked(request.json, found["owner"])
        if refused:
            return refused
        found.update(fields)
        return found

    @app.get("/v1/tourism/businesses")
    def businesses():
        seen()
        found = [homestay, warung]
        if request.args.get("licensed_only") == "true":
            found = [b for b in found if b.get("licensed")]
        return {"businesses": found}

    @app.get("/v1/tourism/businesses/<business_id>")
    def business(business_id):
        return {"b-1": homestay, "b-2": warung}.get(business_id) or listed_by_id(business_id) or problem(404)

    @app.get("/v1/tourism/businesses/<business_id>.jsonld")
    def business_jsonld(business_id):
        return Response(json.dumps({"@type": "LodgingBusiness"}), content_type="application/ld+json")

    @app.get("/v1/tourism/places/<place_id>/reviews")
    def reviews(place_id):
        shown = [r for r in app.reviews.values() if r["place_id"] == place_id and r["status"] == "visible"]
        return {"reviews": shown}

    @app.post("/v1/tourism/places/<place_id>/reviews")
    def write_review(place_id):
        seen()
        auth = request.headers.get("Authorization", "")
        if not auth:
            return problem(401)
        key = request.headers.get("Idempotency-Key")
        if key in app.reviews:
            return app.reviews[key]
        if any(r["place_id"] == place_id and r["author"] == auth for r in app.reviews.values()):
            return problem(409, detail="Sudah pernah mengulas.")
        body = request.json
        if len(body.get("text", "")) > 2000:
            return problem(400, "text", "Terlalu panjang.")
        app.reviews[key] = {
            "id": f"r-{len(app.reviews) + 1}",
            "place_id": place_id,
            "rating": body["rating"],
            "text": body.get("text", ""),
            "display_name": body["display_name"],
            "status": "visible",
            "created_at": "2026-12-06T02:00:00Z",
            "author": auth,
        }
        return app.reviews[key]

    @app.post("/v1/tourism/reviews/<review_id>:report")
    def report_review(review_id):
        seen()
        for review in app.reviews.values():
            if review["id"] == review_id:
                review["status"] = "hidden"
                return review
        return problem(404)

    return app


@pytest.fixture
def namespace(redis_client):
    name = f"test-web-{uuid.uuid4().hex[:8]}"
    yield name
    for key in redis_client.scan_iter(f"{name}:*"):
        redis_client.delete(key)


@pytest.fixture
def web(http_server, redis_client, namespace):
    gateway = stand_in_gateway()
    settings = WebSettings(
        gateway_url=http_server(gateway), secret_key="test-secret", session_namespace=namespace, redis_url=REDIS_URL
    )
    return create_app(settings, redis_client=redis_client), gateway


def calls(gateway, method: str, path: str) -> list[dict]:
    return [c for c in gateway.calls if c["method"] == method and c["path"] == path]
