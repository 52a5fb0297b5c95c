"""Siaga Gorontalo through the gateway: reports (API and SMS) form incidents, BPBD verifies and alerts in CAP 1.2."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import uuid

import pytest
from lxml import etree

from tests.e2e.conftest import SHARED, login, random_phone, wait_for_event

CAP_XSD = SHARED / "schemas" / "CAP-v1.2.xsd"
BMKG_SAMPLE = SHARED / "schemas" / "cap-example-bmkg.xml"
CAP_NS = "{urn:oasis:names:tc:emergency:cap:1.2}"
# Two places far apart (Kota Gorontalo, Pohuwato) so their floods are two incidents.
KOTA = (0.5400, 123.0600)
POHUWATO = (0.4700, 121.9400)


@pytest.fixture(scope="module")
def admin(stack, http):
    return login(stack, http, "admin", stack.demo_credentials()["admin"])


def make_officer(stack, http, admin, code, name, region, jurisdiction):
    agency = http.post(
        stack.url + "/v1/identity/agencies", headers=admin, json={"code": code, "name": name, "region_code": region}
    )
    assert agency.status_code == 200, agency.text
    username, password = f"{code}.{uuid.uuid4().hex[:6]}", "kata-sandi-bpbd-1"
    officer = http.post(
        stack.url + "/v1/identity/officers",
        headers=admin,
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
def bpbd(stack, http, admin):
    return make_officer(stack, http, admin, f"bpbd-75-{uuid.uuid4().hex[:4]}", "BPBD Provinsi Gorontalo", "75", ["75"])


@pytest.fixture(scope="module")
def bpbd_pohuwato(stack, http, admin):
    return make_officer(
        stack, http, admin, f"bpbd-7504-{uuid.uuid4().hex[:4]}", "BPBD Kabupaten Pohuwato", "75.04", ["75.04"]
    )


@pytest.fixture(scope="module")
def sms_secret(stack):
    return (stack.workdir / "var" / "disaster-sms-secret").read_text().strip()


def send_sms(stack, http, secret, phone, text):
    stack.personal_numbers.add(phone)  # test_logs_hold_no_personal_numbers checks that no log line carries it
    return http.post(
        stack.url + "/v1/disaster/sms-inbound", data={"from": phone, "text": text}, headers={"X-Siaga-Secret": secret}
    )


def eventually(fetch, check, what, timeout=30.0):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = fetch()
        if check(last):
            return last
        time.sleep(0.3)
    raise AssertionError(f"{what} not reached; last: {last}")


def incidents_of(stack, http, incident_ids):
    return [http.get(f"{stack.url}/v1/disaster/incidents/{i}").json() for i in incident_ids]


def test_burst_of_api_and_sms_reports_forms_the_right_incidents(stack, http, sms_secret):
    hazard = "banjir_bandang"  # this test's own hazard: incidents of other tests do not mix in
    api_ids, sms_ids = [], []
    for i in range(30):
        base = KOTA if i % 2 == 0 else POHUWATO
        response = http.post(
            stack.url + "/v1/disaster/reports",
            json={
                "hazard": hazard,
                "latitude": base[0] + (i % 5) * 0.001,
                "longitude": base[1] + (i % 3) * 0.001,
                "description": f"Air bah {i}",
                "casualties": {"houses_damaged": i, "injured": 1},
                **({"phone": phone} if (phone := (random_phone() if i < 3 else "")) else {}),
            },
        )
        if phone:
            stack.personal_numbers.add(phone)
        assert response.status_code == 200, response.text
        api_ids.append(response.json()["id"])
    for i in range(20):
        district = "757106" if i % 2 == 0 else "75.04.04"  # Kota Tengah, Marisa: same two places
        reply = send_sms(stack, http, sms_secret, random_phone(), f"siaga  bandang {district} air bah, {i} rumah")
        assert reply.status_code == 200, reply.text
        body = reply.json()
        assert body["accepted"] is True and body["report_code"] in body["reply"], body
        sms_ids.append(body["report_id"])

    def clustered():
        return [http.get(f"{stack.url}/v1/disaster/reports/{r}").json().get("incident_id") for r in api_ids + sms_ids]

    incident_ids = eventually(clustered, lambda ids: all(ids), "every report clustered")
    assert len(set(incident_ids)) == 2, set(incident_ids)
    incidents = {i["regency_codes"][0]: i for i in incidents_of(stack, http, set(incident_ids))}
    assert set(incidents) == {"75.71", "75.04"}
    kota = incidents["75.71"]
    assert kota["report_count"] == 25 and kota["status"] == "reported"
    # Counts are the largest of any one report, never the sum of overlapping reports.
    assert kota["casualties"]["houses_damaged"] == 28 and kota["casualties"]["injured"] == 1
    assert "75.71.06" in kota["district_codes"]
    nearby = http.get(stack.url + "/v1/disaster/incidents/nearby", params={"lat": KOTA[0], "lon": KOTA[1]}).json()
    assert kota["id"] in [i["id"] for i in nearby["incidents"]]
    assert incidents["75.04"]["id"] not in [i["id"] for i in nearby["incidents"]]


def test_bpbd_verifies_and_issues_a_bilingual_cap_alert(stack, http, bpbd, bpbd_pohuwato, citizen):
    report = http.post(
        stack.url + "/v1/disaster/reports",
        headers=citizen["headers"],
        json={
            "hazard": "tanah_longsor",
            "latitude": 0.5600,
            "longitude": 123.1500,
            "description": "Longsor menutup jalan Trans-Sulawesi",
        },
    ).json()
    assert report["verified_reporter"] is True
    incident_id = eventually(
        lambda: http.get(f"{stack.url}/v1/disaster/reports/{report['id']}").json(),
        lambda r: r.get("incident_id"),
        "clustering",
    )["incident_id"]
    url = f"{stack.url}/v1/disaster/incidents/{incident_id}"

    # Citizens and officers of another regency cannot verify; a BPBD officer of the province can.
    assert http.post(url + ":verify", headers=citizen["headers"], json={"severity": "severe"}).status_code == 403
    outside = http.post(url + ":verify", headers=bpbd_pohuwato, json={"severity": "severe"})
    assert outside.status_code == 403, outside.text
    premature = http.post(f"{stack.url}/v1/disaster/alerts", headers=bpbd, json={"incident_id": incident_id})
    assert premature.status_code == 409, premature.text
    verified = http.post(url + ":verify", headers=bpbd, json={"severity": "severe", "note": "Tim TRC di lokasi"})
    assert verified.status_code == 200, verified.text
    assert verified.json()["status"] == "verified" and verified.json()["notes"][0]["text"] == "Tim TRC di lokasi"
    backwards = http.post(url + ":update", headers=bpbd, json={"status": "reported"})
    assert backwards.status_code == 409
    assert http.post(url + ":update", headers=bpbd, json={"status": "responding"}).json()["status"] == "responding"

    now = dt.datetime.now(dt.UTC)
    alert = http.post(
        f"{stack.url}/v1/disaster/alerts",
        headers=bpbd,
        json={
            "incident_id": incident_id,
            "urgency": "Immediate",
            "severity": "Severe",
            "certainty": "Observed",
            "response_type": "Evacuate",
            "headline": {
                "id": "Longsor di Tilongkabila, segera mengungsi",
                "en": "Landslide in Tilongkabila, evacuate",
            },
            "description": {"id": "Longsor menutup jalan.", "en": "A landslide closed the road."},
            "instruction": {"id": "Jauhi lereng.", "en": "Stay away from slopes."},
            "expires": (now + dt.timedelta(hours=6)).isoformat().replace("+00:00", "Z"),
        },
    )
    assert alert.status_code == 200, alert.text
    alert = alert.json()
    assert alert["msg_type"] == "Alert" and alert["active"] is True and "75.03.06" in alert["region_codes"]

    event = wait_for_event(
        stack.nats.url, "gorontalo.disaster.alert.issued", lambda e: e["data"]["alert_id"] == alert["id"]
    )["event"]["data"]
    assert event["sent"].endswith("+08:00") and event["cap_url"] == f"/v1/disaster/alerts/{alert['id']}.cap.xml"
    assert event["headline"]["en"] == "Landslide in Tilongkabila, evacuate" and event["source"] == "bpbd"

    cap = http.get(stack.url + event["cap_url"])
    assert cap.status_code == 200 and "xml" in cap.headers["Content-Type"]
    document = etree.fromstring(cap.content)
    etree.XMLSchema(etree.parse(str(CAP_XSD))).assertValid(document)
    assert [i.findtext(CAP_NS + "language") for i in document.findall(CAP_NS + "info")] == ["id-ID", "en-US"]
    assert document.findtext(CAP_NS + "sent").endswith("+08:00")

    region_feed = http.get(stack.url + "/v1/disaster/alerts", params={"region": "75.03"}).json()
    assert alert["id"] in [a["id"] for a in region_feed["alerts"]]
    elsewhere = http.get(stack.url + "/v1/disaster/alerts", params={"region": "75.04"}).json()
    assert alert["id"] not in [a["id"] for a in elsewhere.get("alerts", [])]
    atom = http.get(stack.url + "/v1/disaster/alerts.atom")
    assert atom.status_code == 200 and event["cap_url"].encode() in atom.content

    update = http.post(
        f"{stack.url}/v1/disaster/alerts/{alert['id']}:update",
        headers=bpbd,
        json={
            "alert": {
                "hazard": "tanah_longsor",
                "urgency": "Expected",
                "severity": "Moderate",
                "certainty": "Likely",
                "response_type": "Monitor",
                "headline": {"id": "Longsor susulan mungkin", "en": "More landslides possible"},
                "description": {"id": "Pantau.", "en": "Monitor."},
                "areas": [
                    {
                        "description": "Tilongkabila",
                        "region_codes": ["75.03.06"],
                        "polygons": [
                            {
                                "points": [
                                    {"latitude": 0.55, "longitude": 123.14},
                                    {"latitude": 0.57, "longitude": 123.14},
                                    {"latitude": 0.57, "longitude": 123.16},
                                    {"latitude": 0.55, "longitude": 123.14},
                                ]
                            }
                        ],
                    }
                ],
                "expires": (now + dt.timedelta(hours=12)).isoformat().replace("+00:00", "Z"),
            }
        },
    )
    assert update.status_code == 200, update.text
    update = update.json()
    assert update["msg_type"] == "Update" and update["references"][0].startswith(
        f"{alert['sender']},{alert['identifier']},"
    )
    cancel = http.post(
        f"{stack.url}/v1/disaster/alerts/{update['id']}:cancel",
        headers=bpbd,
        json={"reason": {"id": "Situasi aman", "en": "All clear"}},
    )
    assert cancel.status_code == 200 and cancel.json()["msg_type"] == "Cancel"
    for message in (update, cancel.json()):
        etree.XMLSchema(etree.parse(str(CAP_XSD))).assertValid(
            etree.fromstring(http.get(stack.url + message["cap_url"]).content)
        )
    wait_for_event(
        stack.nats.url, "gorontalo.disaster.alert.cancelled", lambda e: e["data"]["alert_id"] == cancel.json()["id"]
    )
    assert update["id"] not in [a["id"] for a in http.get(stack.url + "/v1/disaster/alerts").json().get("alerts", [])]


def test_bmkg_sample_imports_and_appears_in_the_feed(stack, http, bpbd):
    # The sample is BMKG's alert for Banten: skipped and reported, never stored (issue 11).
    banten = http.post(
        stack.url + "/v1/disaster/alerts:import",
        headers={**bpbd, "Content-Type": "application/cap+xml"},
        data=BMKG_SAMPLE.read_bytes(),
    )
    assert banten.status_code == 400 and banten.json()["errors"][0]["reason"] == "CAP_AREA_OUTSIDE_GORONTALO"
    # The same alert drawn over Kota Gorontalo is imported, under an identifier of its own (the Banten
    # identifier must stay unknown: test_disaster_interop checks that skipped alerts are never stored).
    original = re.sub(
        rb"<area>.*</area>",
        b"<area><areaDesc>Kota Gorontalo</areaDesc><geocode><valueName>KEMENDAGRI"
        b"</valueName><value>75.71</value></geocode></area>",
        BMKG_SAMPLE.read_bytes(),
        flags=re.S,
    )
    original = re.sub(
        rb"<identifier>([^<]*)</identifier>", rb"<identifier>\1.gorontalo</identifier>", original, count=1
    )
    imported = http.post(
        stack.url + "/v1/disaster/alerts:import", headers={**bpbd, "Content-Type": "application/cap+xml"}, data=original
    )
    assert imported.status_code == 200, imported.text
    alert = imported.json()
    assert alert["source"] == "bmkg" and alert["sender"] == "cuaca.ekstrem@bmkg.go.id" and alert["hazard"] == "banjir"
    again = http.post(
        stack.url + "/v1/disaster/alerts:import", headers={**bpbd, "Content-Type": "application/cap+xml"}, data=original
    )
    assert again.json()["id"] == alert["id"]  # importing twice changes nothing
    everything = http.get(stack.url + "/v1/disaster/alerts", params={"include_inactive": "true"}).json()["alerts"]
    assert alert["id"] in [a["id"] for a in everything]
    assert http.get(stack.url + alert["cap_url"]).content == original

    # The sample expired in February 2026; the same document with current times is an active alert.
    now = dt.datetime.now(dt.timezone(dt.timedelta(hours=7)))
    fresh = original.decode()
    for old, new in (
        ("2026-02-16T22:50:00+07:00", now),
        ("2026-02-16T23:00:00+07:00", now),
        ("2026-02-17T02:00:00+07:00", now + dt.timedelta(hours=3)),
    ):
        fresh = fresh.replace(old, new.replace(microsecond=0).isoformat())
    fresh = fresh.replace("2.49.0.1.360.0.2026.02.16.16.36.004", f"2.49.0.1.360.0.e2e.{uuid.uuid4().int % 10**9}")
    current = http.post(stack.url + "/v1/disaster/alerts:import", headers=bpbd, data=fresh.encode()).json()
    assert current["active"] is True
    assert current["id"] in [a["id"] for a in http.get(stack.url + "/v1/disaster/alerts").json()["alerts"]]
    assert (
        f"/v1/disaster/alerts/{current['id']}.cap.xml".encode()
        in http.get(stack.url + "/v1/disaster/alerts.atom").content
    )


def test_bad_input_is_refused_clearly_and_nothing_is_written(stack, http, sms_secret, bpbd):
    before = http.get(stack.url + "/v1/disaster/reports", params={"page_size": 1}).json().get("total_size", 0)
    bad = http.post(
        stack.url + "/v1/disaster/reports",
        json={
            "hazard": "meteor",
            "latitude": -6.2,
            "longitude": 106.8,
            "casualties": {"dead": -1, "displaced": 9999999},
        },
    )
    assert bad.status_code == 400
    reasons = {(e["field"], e["reason"].lower()) for e in bad.json()["errors"]}
    assert {
        ("hazard", "not_one_of"),
        ("latitude", "coordinates_outside_gorontalo"),
        ("casualties.dead", "count_negative"),
        ("casualties.displaced", "count_absurd"),
    } <= reasons
    for text in (
        "TOLONG banjir",
        "SIAGA METEOR 750302 x",
        "SIAGA BANJIR 999999 x",
        "SIAGA BANJIR",
        "SIAGA BANJIR 750302 air, 900000 rumah",
    ):
        reply = send_sms(stack, http, sms_secret, random_phone(), text)
        assert reply.status_code == 200 and reply.json()["accepted"] is False, reply.text
        assert "SIAGA" in reply.json()["reply"]  # the right format is in the answer
    assert send_sms(stack, http, "wrong-secret", random_phone(), "SIAGA BANJIR 750302 x").status_code == 403
    after = http.get(stack.url + "/v1/disaster/reports", params={"page_size": 1}).json().get("total_size", 0)
    assert after == before

    phone = random_phone()
    replies = [
        send_sms(stack, http, sms_secret, phone, "SIAGA KEKERINGAN 750404 sumur kering").json() for _ in range(11)
    ]
    assert [r["accepted"] for r in replies] == [True] * 10 + [False]  # 10 per hour per phone

    not_cap = http.post(stack.url + "/v1/disaster/alerts:import", headers=bpbd, data=b"<alert>nope</alert>")
    assert not_cap.status_code == 400
    open_polygon = http.post(
        f"{stack.url}/v1/disaster/alerts",
        headers=bpbd,
        json={
            "hazard": "banjir",
            "urgency": "Immediate",
            "severity": "Severe",
            "certainty": "Likely",
            "response_type": "Prepare",
            "headline": {"id": "Banjir", "en": "Flood"},
            "description": {"id": "d", "en": "d"},
            "areas": [
                {
                    "description": "Kota",
                    "region_codes": ["75.71"],
                    "polygons": [
                        {
                            "points": [
                                {"latitude": 0.5, "longitude": 123.0},
                                {"latitude": 0.6, "longitude": 123.0},
                                {"latitude": 0.6, "longitude": 123.1},
                                {"latitude": 0.5, "longitude": 123.1},
                            ]
                        }
                    ],
                }
            ],
            "expires": "2020-01-01T00:00:00Z",
        },
    )
    assert open_polygon.status_code == 400
    reasons = {e["reason"].lower() for e in open_polygon.json()["errors"]}
    assert {"polygon_not_closed", "alert_expires_past"} <= reasons


def test_photo_upload_strips_location(stack, http):
    from PIL import Image

    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "KameraWarga"  # Make
    exif[0x8825] = {2: (0.0, 32.0, 0.0)}  # GPS IFD
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    uploaded = http.post(
        stack.url + "/v1/disaster/photos", data=buffer.getvalue(), headers={"Content-Type": "image/jpeg"}
    )
    assert uploaded.status_code == 200, uploaded.text
    public = http.get(stack.url + uploaded.json()["url"])
    assert public.status_code == 200 and public.headers["Content-Type"].startswith("image/jpeg")
    assert not Image.open(io.BytesIO(public.content)).getexif()
    assert (
        http.post(
            stack.url + "/v1/disaster/photos", data=b"not an image", headers={"Content-Type": "image/jpeg"}
        ).status_code
        == 400
    )
    oversize = http.post(
        stack.url + "/v1/disaster/photos",
        data=b"\xff\xd8" + b"\0" * (6 * 1024 * 1024),
        headers={"Content-Type": "image/jpeg"},
    )
    assert oversize.status_code == 413
    report = http.post(
        stack.url + "/v1/disaster/reports",
        json={
            "hazard": "kebakaran_permukiman",
            "latitude": 0.55,
            "longitude": 123.06,
            "photo_ids": [uploaded.json()["id"]],
        },
    )
    assert report.status_code == 200 and report.json()["photo_urls"] == [uploaded.json()["url"]]


def test_operators_see_the_disaster_metrics(stack, http, sms_secret):
    phone = random_phone()
    for _ in range(11):
        send_sms(stack, http, sms_secret, phone, "SIAGA ABRASI 750508 pantai terkikis")
    send_sms(stack, http, sms_secret, random_phone(), "SIAGA")
    text = http.get(f"http://127.0.0.1:{stack.ports['disaster'][1]}/metrics").text
    samples = {}
    for line in text.splitlines():
        if line.startswith("gorontalo_disaster_") and " " in line:
            name, value = line.rsplit(" ", 1)
            samples[name] = float(value)
    assert samples['gorontalo_disaster_report_submissions_total{channel="sms",outcome="rate_limited"}'] >= 1
    assert samples['gorontalo_disaster_report_submissions_total{channel="sms",outcome="rejected"}'] >= 1
    assert (
        samples['gorontalo_disaster_reports_total{channel="sms",hazard="gelombang_pasang_abrasi",regency="75.05"}']
        >= 10
    )
    assert 'gorontalo_disaster_incidents{status="reported"}' in samples
    assert 'gorontalo_disaster_alerts_active{source="bpbd"}' in samples
    assert any(name.startswith("gorontalo_disaster_report_to_incident_seconds_count") for name in samples)
