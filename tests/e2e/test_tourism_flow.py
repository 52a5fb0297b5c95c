"""GORINDO end to end through the gateway (issue 21's "Done when"): a tourism officer imports the
starting set and adds an event; a homestay lists itself with its permit and shows "berizin", and loses
it when the DPMPTSP revokes the permit; a visitor searches "pantai" near Kota Gorontalo, reads a page in
English, downloads the Bone Bolango guide PDF and sees a flood alert on a destination inside its area."""

from __future__ import annotations

import datetime as dt
import io
import json
import time
import uuid

import pypdf
import pytest

from tests.e2e.conftest import e164, login, random_phone
from tests.e2e.test_permits_flow import _permit_types, _staff, _submit, random_nib

KOTA = (0.5435, 123.0568)
SEED_KEYS = {
    "taman-laut-olele",
    "hiu-paus-botubarani",
    "benteng-otanaha",
    "danau-limboto",
    "pulau-saronde",
    "air-terjun-lombongo",
    "pulau-cinta",
    "pantai-bolihutuo",
}


def eventually(fetch, check, what, timeout=30.0):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = fetch()
        if check(last):
            return last
        time.sleep(0.3)
    raise AssertionError(f"{what} not reached; last: {last}")


@pytest.fixture(scope="module")
def admin(stack, http):
    return login(stack, http, "admin", stack.demo_credentials()["admin"])


def make_officer(stack, http, admin, code, name, region, jurisdiction):
    agency = http.post(
        stack.url + "/v1/identity/agencies", headers=admin, json={"code": code, "name": name, "region_code": region}
    )
    assert agency.status_code == 200, agency.text
    username, password = f"{code}.{uuid.uuid4().hex[:6]}", "kata-sandi-dispar-1"
    officer = http.post(
        stack.url + "/v1/identity/officers",
        headers=admin | {"Idempotency-Key": str(uuid.uuid4())},
        json={
            "agency_id": agency.json()["id"],
            "username": username,
            "full_name": f"Petugas {name}",
            "password": password,
            "jurisdiction": jurisdiction,
        },
    )
    assert officer.status_code == 200, officer.text
    return login(stack, http, username, password)


@pytest.fixture(scope="module")
def dispar(stack, http, admin):
    """An officer of the provincial Dinas Pariwisata (agency codes dispar-*)."""
    code = f"dispar-75-{uuid.uuid4().hex[:4]}"
    return make_officer(stack, http, admin, code, "Dinas Pariwisata Provinsi Gorontalo", "75", ["75"])


@pytest.fixture(scope="module")
def imported(stack, http, dispar):
    """The officer imports the shipped starting set in one click (the console's button calls this); another
    test may have imported it first, and importing again changes nothing."""
    first = http.post(stack.url + "/v1/tourism/destinations:import-starting-set", headers=dispar, json={})
    assert first.status_code == 200, first.text
    assert first.json()["created"] + first.json()["unchanged"] == len(SEED_KEYS), first.text
    again = http.post(stack.url + "/v1/tourism/destinations:import-starting-set", headers=dispar, json={})
    assert again.status_code == 200 and again.json() == {"created": 0, "unchanged": len(SEED_KEYS)}, again.text
    listed = http.get(stack.url + "/v1/tourism/destinations", params={"page_size": 100}).json()["destinations"]
    assert {d["key"] for d in listed} >= SEED_KEYS
    return {d["key"]: d for d in listed}


def test_the_officer_imports_the_starting_set_and_adds_an_event(stack, http, dispar, imported):
    otanaha = imported["benteng-otanaha"]
    assert otanaha["coordinates_approximate"] is True and otanaha["source"] and not otanaha.get("prices")
    start = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    event = http.post(
        stack.url + "/v1/tourism/events",
        headers=dispar | {"Idempotency-Key": str(uuid.uuid4())},
        json={
            "name": {"id": "Festival Benteng Otanaha", "en": "Otanaha Fort Festival"},
            "description": {"id": "Pertunjukan budaya di benteng.", "en": "Cultural performances at the fort."},
            "start_date": start,
            "destination_id": otanaha["id"],
        },
    )
    assert event.status_code == 200, event.text
    listed = http.get(stack.url + "/v1/tourism/events", params={"from_date": start}).json()["events"]
    assert event.json()["id"] in [e["id"] for e in listed]
    calendar = http.get(stack.url + "/v1/tourism/events.ics", headers={"Accept-Language": "en"})
    assert calendar.status_code == 200 and calendar.headers["Content-Type"].startswith("text/calendar")
    assert b"SUMMARY:Otanaha Fort Festival" in calendar.content
    # Bad input is one clear problem+json, Indonesian first, naming the field; nothing is written.
    refused = http.post(
        stack.url + "/v1/tourism/destinations",
        headers=dispar,
        json={
            "destination": {
                "name": "Pantai Jauh",
                "kind": "pantai",
                "region_code": "75.71",
                "latitude": -6.2,
                "longitude": 106.8,
                "prices": [{"label": {"id": "Dewasa"}, "amount_idr": 99999999}],
            }
        },
    )
    assert refused.status_code == 400 and refused.headers["Content-Type"].startswith("application/problem+json")
    fields = {e["field"] for e in refused.json()["errors"]}
    assert {"destination.latitude", "destination.prices[0].amount_idr"} <= fields, refused.text


def test_a_homestay_is_berizin_until_the_dpmptsp_revokes_its_permit(stack, http, citizen, imported):
    permit_type = next(t for t in _permit_types(stack, http) if t["risk_level"] == "rendah")
    application = _submit(stack, http, citizen, permit_type["kbli_code"], "Homestay Dembe", nib=random_nib())
    number = application["permit_number"]
    listed = http.post(
        stack.url + "/v1/tourism/businesses",
        headers=citizen["headers"] | {"Idempotency-Key": str(uuid.uuid4())},
        json={
            "name": "Homestay Dembe",
            "kind": "homestay",
            "region_code": "75.71.01.1001",
            "latitude": 0.5460,
            "longitude": 123.0330,
            "permit_number": number.replace("/", "-"),
        },
    )
    assert listed.status_code == 200, listed.text
    business = listed.json()
    assert business["licensed"] is True and business["permit_status"] == "licensed"
    page = stack.url + f"/v1/tourism/businesses/{business['id']}"
    assert json.loads(http.get(page + ".jsonld").content)["@type"] == "LodgingBusiness"

    revoked = http.post(
        stack.url + f"/v1/permits/permits/{number.replace('/', '-')}:revoke",
        headers=_staff(stack, http, "petugas.kota"),
        json={"reason": "Usaha tidak beroperasi sesuai izin"},
    )
    assert revoked.status_code == 200, revoked.text
    gone = eventually(lambda: http.get(page).json(), lambda b: b.get("licensed") is not True, "the badge goes")
    assert gone["permit_status"] == "revoked"


def test_a_visitor_finds_beaches_reads_in_english_takes_the_guide_and_sees_an_alert(stack, http, admin, imported):
    near = http.get(
        stack.url + "/v1/tourism/destinations",
        params={"q": "pantai", "latitude": KOTA[0], "longitude": KOTA[1], "radius_km": 30},
    )
    assert near.status_code == 200, near.text
    found = near.json()["destinations"]
    assert [d["key"] for d in found][:2] == ["hiu-paus-botubarani", "taman-laut-olele"]
    assert all(d["distance_km"] <= 30 for d in found)

    olele = imported["taman-laut-olele"]
    english = http.get(stack.url + f"/v1/tourism/destinations/{olele['id']}", headers={"Accept-Language": "en"})
    assert english.status_code == 200 and english.json()["description"]["en"].startswith("Marine park")
    jsonld = http.get(stack.url + f"/v1/tourism/destinations/{olele['id']}.jsonld")
    assert jsonld.status_code == 200 and jsonld.headers["Content-Type"].startswith("application/ld+json")
    assert json.loads(jsonld.content)["@type"] == "TouristAttraction"

    guide = http.get(stack.url + "/v1/tourism/guides/75.03.pdf", params={"lang": "en"})
    assert guide.status_code == 200 and guide.headers["Content-Type"].startswith("application/pdf")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(guide.content)).pages)
    assert "Kabupaten Bone Bolango" in text and "Taman Laut Olele" in text and "Benteng Otanaha" not in text

    bpbd_code = f"bpbd-75-{uuid.uuid4().hex[:4]}"
    bpbd = make_officer(stack, http, admin, bpbd_code, "BPBD Provinsi Gorontalo", "75", ["75"])
    now = dt.datetime.now(dt.UTC)
    alert = http.post(
        stack.url + "/v1/disaster/alerts",
        headers=bpbd | {"Idempotency-Key": str(uuid.uuid4())},
        json={
            "hazard": "banjir",
            "urgency": "Expected",
            "severity": "Moderate",
            "certainty": "Likely",
            "response_type": "Prepare",
            "headline": {"id": "Banjir rob di pesisir Kabila Bone", "en": "Coastal flooding in Kabila Bone"},
            "description": {"id": "Air laut pasang tinggi.", "en": "High tides."},
            "instruction": {"id": "Jauhi pantai.", "en": "Keep away from the shore."},
            "areas": [
                {
                    "description": "Pesisir Kabila Bone",
                    "region_codes": ["75.03.08"],
                    "circles": [{"latitude": olele["latitude"], "longitude": olele["longitude"], "radius_km": 3}],
                }
            ],
            "expires": (now + dt.timedelta(hours=12)).isoformat().replace("+00:00", "Z"),
        },
    )
    assert alert.status_code == 200, alert.text
    at_olele = http.get(stack.url + f"/v1/tourism/destinations/{olele['id']}/alerts").json()
    assert [a["alert_id"] for a in at_olele.get("alerts", [])] == [alert.json()["id"]]
    assert at_olele["alerts"][0]["headline"]["en"] == "Coastal flooding in Kabila Bone"
    otanaha = imported["benteng-otanaha"]  # Kota Gorontalo, outside the circle
    at_otanaha = http.get(stack.url + f"/v1/tourism/destinations/{otanaha['id']}/alerts").json().get("alerts", [])
    # Other tests of the shared stack may have alerts for Kota itself; this coastal one must not be there.
    assert alert.json()["id"] not in [a["alert_id"] for a in at_otanaha]


def test_a_visitor_without_a_nik_reviews_once_and_a_report_hides_it_until_moderated(
    stack, http, dev_phone, dispar, imported
):
    phone = random_phone()
    stack.personal_numbers.update({phone, e164(phone)})
    pending = http.post(
        stack.url + "/v1/identity/visitors",
        json={"display_name": "Ayu dari Bandung", "phone": phone, "password": "kata-sandi-turis-1"},
    )
    assert pending.status_code == 200, pending.text
    assert pending.json()["role"] == "visitor" and not pending.json().get("nik")
    code = dev_phone.code(e164(phone))
    token = http.post(
        stack.url + "/v1/identity/visitors:activate", json={"account_id": pending.json()["id"], "code": code}
    )
    assert token.status_code == 200, token.text
    assert token.json()["acr"] == 0
    visitor = {"Authorization": f"Bearer {token.json()['access_token']}"}

    olele = imported["taman-laut-olele"]
    reviews = stack.url + f"/v1/tourism/places/{olele['id']}/reviews"
    written = http.post(reviews, headers=visitor, json={"rating": 5, "text": "Karangnya indah.", "display_name": "Ayu"})
    assert written.status_code == 200, written.text
    assert written.json()["display_name"] == "Ayu" and pending.json()["id"] not in written.text
    again = http.post(reviews, headers=visitor, json={"rating": 1, "display_name": "Ayu"})
    assert again.status_code == 409, again.text
    assert http.post(reviews, json={"rating": 5, "display_name": "Anon"}).status_code == 401
    # The visitor role reaches nothing else: no resident's timeline, no complaint, no permit application.
    assert http.get(stack.url + "/v1/me/timeline", headers=visitor).status_code == 403
    filed = http.post(stack.url + "/v1/complaints", headers=visitor, json={"category": "jalan", "title": "Jalan"})
    assert filed.status_code == 403, filed.text

    reported = http.post(stack.url + f"/v1/tourism/reviews/{written.json()['id']}:report", headers=visitor, json={})
    assert reported.status_code == 200 and reported.json()["status"] == "hidden"
    assert http.get(reviews).json().get("reviews", []) == []
    waiting = http.get(stack.url + "/v1/tourism/reviews:reported", headers=dispar).json()["reviews"]
    assert written.json()["id"] in [r["id"] for r in waiting]
    restored = http.post(
        stack.url + f"/v1/tourism/reviews/{written.json()['id']}:moderate", headers=dispar, json={"decision": "restore"}
    )
    assert restored.status_code == 200 and restored.json()["status"] == "visible"
    assert [r["id"] for r in http.get(reviews).json()["reviews"]] == [written.json()["id"]]
