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

from tests.e2e.conftest import login
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
    """The officer imports the shipped starting set through the command line (all or nothing)."""
    done = stack.cli("tourism", "import-destinations")
    assert done.returncode == 0, done.stderr
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
    assert http.get(stack.url + f"/v1/tourism/destinations/{otanaha['id']}/alerts").json().get("alerts", []) == []
