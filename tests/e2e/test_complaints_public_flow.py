"""Go-Gorontalo as a new user tries it, through the gateway: photo + model routing + follow-up + rating
+ SiPakai listing and stats; anonim and rahasia seen by the agency and the public; filing without an
account; nearby and support; a deadline breach made by moving the clock, escalated; another agency sees
nothing."""

import datetime as dt
import io
import json
import uuid

from PIL import Image

from tests.e2e.conftest import login, sign_up, unique, wait_for_event

KOTA_VILLAGE = "75.71.01.1001"
KOTA_LAT, KOTA_LON = 0.5435, 123.0595
PUPR = "dinas-pupr-7571"


def _staff(stack, http, username):
    return login(stack, http, username, stack.demo_credentials()[username])


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (120, 80), (90, 90, 90))
    exif = Image.Exif()
    exif[0x010F] = "KameraWarga"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (0.0, 32.0, 36.6), "E", (123.0, 3.0, 34.2)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 160, 20)).save(out, format="PNG")
    return out.getvalue()


def _public_codes(stack, http, **params):
    response = http.get(stack.url + "/v1/public/complaints", params={"page_size": 100, **params})
    assert response.status_code == 200, response.text
    return {c["tracking_code"]: c for c in response.json().get("complaints", [])}


def _inbox(stack, http, headers):
    response = http.get(stack.url + "/v1/complaints/agency/inbox", headers=headers, params={"page_size": 100})
    assert response.status_code == 200, response.text
    return response


def test_photo_model_routing_follow_up_rating_and_public_figures(stack, http, citizen):
    raw = _jpeg_with_gps()
    uploaded = http.post(
        stack.url + "/v1/complaints/photos", headers={**citizen["headers"], "Content-Type": "image/jpeg"}, data=raw
    )
    assert uploaded.status_code == 200, uploaded.text
    photo = uploaded.json()
    too_big = http.post(
        stack.url + "/v1/complaints/photos",
        headers={**citizen["headers"], "Content-Type": "image/jpeg"},
        data=raw + b"\0" * (5 * 1024 * 1024),
    )
    assert too_big.status_code == 413, too_big.text
    not_an_image = http.post(
        stack.url + "/v1/complaints/photos",
        headers={**citizen["headers"], "Content-Type": "image/jpeg"},
        data=b"%PDF-1.4 bukan foto",
    )
    assert not_an_image.status_code == 400, not_an_image.text

    title = unique("Jalan berlubang besar di depan sekolah")
    filed = http.post(
        stack.url + "/v1/complaints",
        headers=citizen["headers"],
        json={
            "title": title,
            "description": "Aspal jalan rusak parah dan berlubang dalam, banyak pengendara motor "
            "terjatuh saat hujan. Hubungi saya 081298765432.",
            "region_code": KOTA_VILLAGE,
            "latitude": KOTA_LAT,
            "longitude": KOTA_LON,
            "photo_ids": [photo["id"]],
        },
    )
    assert filed.status_code == 200, filed.text
    complaint = filed.json()
    code = complaint["tracking_code"]
    # No category given: the model suggested one confidently and the routing table chose the agency.
    assert complaint["suggested_category"] == "jalan_rusak" and complaint["suggestion_confidence"] >= 0.6
    assert complaint["status"] == "dispositioned" and complaint["agency_code"] == PUPR, complaint
    assert [p["id"] for p in complaint["photos"]] == [photo["id"]]
    wait_for_event(
        stack.nats.url,
        "gorontalo.complaints.complaint.dispositioned",
        lambda e: e["data"].get("tracking_code") == code and e["data"].get("routed_by") == "model",
    )

    public_photo = http.get(stack.url + f"/v1/complaints/{code}/photos/{photo['id']}")
    assert public_photo.status_code == 200 and public_photo.headers["Content-Type"].startswith("image/jpeg")
    assert b"KameraWarga" not in public_photo.content and not Image.open(io.BytesIO(public_photo.content)).getexif()

    pupr, other = _staff(stack, http, "petugas.pupr.kota"), _staff(stack, http, "petugas.kota")
    assert code in [c["tracking_code"] for c in _inbox(stack, http, pupr).json()["complaints"]]
    base = stack.url + f"/v1/complaints/{code}"
    assert http.post(base + "/updates", headers=pupr, json={"note": "Tim survei dijadwalkan besok"}).status_code == 200
    question = http.post(
        base + "/updates", headers=pupr, json={"note": "Sebelah kiri atau kanan jalan?", "kind": "question"}
    )
    assert question.status_code == 200 and question.json()["kind"] == "question", question.text
    answer = http.post(base + ":answer", headers=citizen["headers"], json={"note": "Sebelah kiri dari arah pasar"})
    assert answer.status_code == 200, answer.text
    public_kinds = [u["kind"] for u in http.get(base + "/updates").json()["updates"]]
    reporter_kinds = [u["kind"] for u in http.get(base + "/updates", headers=citizen["headers"]).json()["updates"]]
    assert public_kinds == ["update"] and reporter_kinds == ["update", "question", "answer"]
    assert http.post(base + ":start", headers=pupr, json={"note": "Perbaikan dimulai"}).status_code == 200
    resolution = http.post(base + "/photos", headers={**pupr, "Content-Type": "image/png"}, data=_png())
    assert resolution.status_code == 200 and resolution.json()["kind"] == "resolution", resolution.text
    refused = http.post(base + "/photos", headers={**other, "Content-Type": "image/png"}, data=_png())
    assert refused.status_code == 403, refused.text
    resolved = http.post(base + ":resolve", headers=pupr, json={"note": "Lubang sudah ditambal dan dipadatkan"})
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved", resolved.text
    rated = http.post(base + ":rate", headers=citizen["headers"], json={"rating": 4, "comment": "Cukup cepat"})
    assert rated.status_code == 200 and rated.json()["status"] == "closed", rated.text
    wait_for_event(
        stack.nats.url,
        "gorontalo.complaints.complaint.rated",
        lambda e: e["data"].get("tracking_code") == code and e["data"].get("rating") == 4,
    )

    listed = _public_codes(stack, http, agency_code=PUPR, category="jalan_rusak", status="closed")
    assert code in listed, listed.keys()
    shown = listed[code]
    assert shown["rating"] == 4 and shown["agency_code"] == PUPR and len(shown["photos"]) == 2
    assert "081298765432" not in shown["description"] and "[disamarkan]" in shown["description"]
    assert citizen["nik"] not in json.dumps(listed) and shown["id"] == "" and shown["privacy"] == ""
    geo = http.get(stack.url + "/v1/public/complaints.geojson", params={"agency_code": PUPR, "page_size": 100})
    assert geo.status_code == 200 and geo.headers["Content-Type"].startswith("application/geo+json"), geo.text
    feature = next(f for f in geo.json()["features"] if f["id"] == code)
    assert feature["geometry"]["coordinates"] == [round(KOTA_LON, 3), round(KOTA_LAT, 3)]

    stats = http.get(stack.url + "/v1/public/complaints/stats").json()
    row = {r["key"]: r for r in stats["by_agency"]}[PUPR]
    # Counts of 1 to 4 are published withheld (-1, "<5" on SiPakai), figures of that few complaints too.
    assert row["resolved"] != 0 and row["ratings"] != 0 and row["median_first_response_seconds"] >= -1
    metrics = http.get(f"http://127.0.0.1:{stack.ports['complaints'][1]}/metrics").text
    assert f'gorontalo_complaints_rating_average{{agency="{PUPR}"}}' in metrics
    assert (
        "gorontalo_complaints_current{" in metrics and "gorontalo_complaints_first_response_seconds_bucket" in metrics
    )


def test_anonim_and_rahasia_from_the_agency_and_the_public(stack, http, citizen):
    pupr, other = _staff(stack, http, "petugas.pupr.kota"), _staff(stack, http, "petugas.kota")
    body = {
        "category": "jalan_rusak",
        "region_code": KOTA_VILLAGE,
        "latitude": KOTA_LAT,
        "longitude": KOTA_LON,
        "description": f"Jembatan kayu lapuk hampir roboh. NIK saya {citizen['nik']} bila perlu.",
    }
    anonim = http.post(
        stack.url + "/v1/complaints",
        headers=citizen["headers"],
        json={**body, "title": unique("Jembatan lapuk"), "privacy": "anonim"},
    ).json()
    rahasia = http.post(
        stack.url + "/v1/complaints",
        headers=citizen["headers"],
        json={**body, "title": unique("Jembatan hampir roboh"), "privacy": "rahasia"},
    ).json()
    assert anonim["privacy"] == "anonim" and rahasia["privacy"] == "rahasia"

    inbox = _inbox(stack, http, pupr)
    seen = {c["tracking_code"]: c for c in inbox.json()["complaints"]}
    assert {anonim["tracking_code"], rahasia["tracking_code"]} <= seen.keys()
    # The agency works on both, but nothing about the reporter reaches it.
    account = citizen["account"]
    for secret in (citizen["phone"], citizen["resident"]["full_name"].upper(), json.dumps(account.get("id", "-"))):
        assert secret not in inbox.text
    assert seen[rahasia["tracking_code"]]["description"] == rahasia["description"]
    assert rahasia["tracking_code"] not in [
        c["tracking_code"] for c in _inbox(stack, http, other).json().get("complaints", [])
    ]

    listed = _public_codes(stack, http, region_code="75.71", category="jalan_rusak")
    assert anonim["tracking_code"] in listed and rahasia["tracking_code"] not in listed
    assert citizen["nik"] not in json.dumps(listed[anonim["tracking_code"]])
    public_rahasia = http.get(stack.url + f"/v1/complaints/{rahasia['tracking_code']}").json()
    assert (
        public_rahasia["status"] == "dispositioned"
        and public_rahasia["title"] == ""
        and public_rahasia["description"] == ""
    )
    geo = http.get(stack.url + "/v1/public/complaints.geojson", params={"page_size": 100}).json()
    assert rahasia["tracking_code"] not in [f["id"] for f in geo["features"]]


def test_filing_without_an_account_is_anonim_with_a_contact_and_limited(stack, http):
    contact = "0813" + dt.datetime.now().strftime("%H%M%S%f")[:8]
    body = {
        "title": unique("Pungutan di loket puskesmas"),
        "category": "pungli",
        "region_code": KOTA_VILLAGE,
        "description": "Petugas loket meminta Rp20.000 tanpa kuitansi untuk kartu berobat.",
        "contact_phone": contact,
    }
    refused = http.post(stack.url + "/v1/complaints/anonymous", json={**body, "privacy": "biasa"})
    assert refused.status_code == 400, refused.text
    codes = []
    for _ in range(3):
        filed = http.post(stack.url + "/v1/complaints/anonymous", json=body)
        assert filed.status_code == 200, filed.text
        assert filed.json()["privacy"] == "anonim" and contact not in filed.text
        codes.append(filed.json()["tracking_code"])
    limited = http.post(stack.url + "/v1/complaints/anonymous", json=body)
    assert limited.status_code == 429, limited.text
    assert contact not in http.get(stack.url + f"/v1/complaints/{codes[0]}").text
    stack.personal_numbers.add(contact)  # checked against every log line at the end


def test_an_anonymous_filer_answers_and_rates_with_the_key_given_once(stack, http):
    filed = http.post(
        stack.url + "/v1/complaints/anonymous",
        json={
            "title": unique("Gorong-gorong tersumbat"),
            "category": "jalan_rusak",
            "region_code": KOTA_VILLAGE,
            "description": "Gorong-gorong tersumbat sampah, air meluap ke jalan saat hujan.",
            "contact_email": f"warga.{uuid.uuid4().hex[:8]}@example.org",
        },
    )
    assert filed.status_code == 200, filed.text
    code, key = filed.json()["tracking_code"], filed.json()["reporter_key"]
    stack.personal_numbers.add(key)  # a secret: checked against every log line at the end
    reporter = {"X-Reporter-Key": key}
    base = stack.url + f"/v1/complaints/{code}"
    pupr = _staff(stack, http, "petugas.pupr.kota")
    asked = http.post(base + "/updates", headers=pupr, json={"note": "Di gang yang mana?", "kind": "question"})
    assert asked.status_code == 200, asked.text

    assert http.post(base + ":answer", json={"note": "Gang Melati"}).status_code == 401
    stolen = http.post(base + ":answer", headers={"X-Reporter-Key": key[::-1]}, json={"note": "Gang Mawar"})
    assert stolen.status_code == 403, stolen.text
    answered = http.post(base + ":answer", headers=reporter, json={"note": "Gang Melati, dekat masjid"})
    assert answered.status_code == 200 and answered.json()["kind"] == "answer", answered.text
    seen_by_agency = http.get(base + "/updates", headers=pupr).json()["updates"]
    assert "Gang Melati, dekat masjid" in [u["note"] for u in seen_by_agency]
    assert "Gang Melati" not in http.get(base + "/updates").text  # the dialogue is not public
    assert http.get(base, headers=reporter).json()["privacy"] == "anonim"

    resolved = http.post(base + ":resolve", headers=pupr, json={"note": "Gorong-gorong sudah dibersihkan"})
    assert resolved.status_code == 200, resolved.text
    rated = http.post(base + ":rate", headers=reporter, json={"rating": 5, "comment": "Terima kasih"})
    assert rated.status_code == 200 and rated.json()["status"] == "closed", rated.text
    assert http.get(base).json()["rating"] == 5


def test_nearby_then_support_instead_of_filing_again(stack, http, residents, citizen):
    lat, lon = 0.5520, 123.0700
    first = http.post(
        stack.url + "/v1/complaints",
        headers=citizen["headers"],
        json={
            "category": "lampu_jalan",
            "title": unique("Lampu jalan mati"),
            "region_code": "75.71.02",
            "description": "Tiga lampu penerangan jalan mati sejak minggu lalu.",
            "latitude": lat,
            "longitude": lon,
        },
    )
    assert first.status_code == 200, first.text
    neighbour = sign_up(stack, http, residents.take())
    nearby = http.get(
        stack.url + "/v1/complaints/nearby", params={"lat": lat + 0.001, "lon": lon, "category": "lampu_jalan"}
    )
    assert nearby.status_code == 200, nearby.text
    found = {n["complaint"]["tracking_code"]: n for n in nearby.json()["complaints"]}
    code = first.json()["tracking_code"]
    assert code in found and 100 <= found[code]["distance_meters"] <= 120
    far = http.get(
        stack.url + "/v1/complaints/nearby", params={"lat": lat + 0.01, "lon": lon, "category": "lampu_jalan"}
    ).json()
    assert code not in [n["complaint"]["tracking_code"] for n in far.get("complaints", [])]
    supported = http.post(stack.url + f"/v1/complaints/{code}:support", headers=neighbour["headers"], json={})
    assert supported.status_code == 200 and supported.json()["support_count"] == 1, supported.text
    again = http.post(stack.url + f"/v1/complaints/{code}:support", headers=neighbour["headers"], json={})
    assert again.status_code == 409, again.text
    assert http.get(stack.url + f"/v1/complaints/{code}").json()["support_count"] == 1


def test_breach_by_moving_the_clock_is_escalated(stack, http, citizen):
    routed = http.post(
        stack.url + "/v1/complaints",
        headers=citizen["headers"],
        json={
            "category": "jalan_rusak",
            "title": unique("Drainase jalan ambrol"),
            "region_code": KOTA_VILLAGE,
            "description": "Saluran di tepi jalan ambrol sehingga badan jalan ikut retak.",
        },
    ).json()
    waiting = http.post(
        stack.url + "/v1/complaints",
        headers=citizen["headers"],
        json={
            "category": "lainnya",
            "title": unique("Trotoar dipakai berjualan"),
            "region_code": KOTA_VILLAGE,
            "description": "Trotoar penuh lapak sehingga pejalan kaki turun ke jalan.",
        },
    ).json()
    assert routed["status"] == "dispositioned" and waiting["status"] == "received"

    later = (dt.datetime.now(dt.UTC) + dt.timedelta(days=21)).isoformat()
    swept = stack.cli("complaints", "check-deadlines", "--now", later)
    assert swept.returncode == 0, swept.stderr
    assert f"breached first_response: {routed['tracking_code']}" in swept.stdout
    assert f"breached disposition: {waiting['tracking_code']}" in swept.stdout
    wait_for_event(
        stack.nats.url,
        "gorontalo.complaints.complaint.deadline_breached",
        lambda e: (
            e["data"].get("tracking_code") == routed["tracking_code"]
            and e["data"].get("escalated_to") == ["agency_head", "province_dispatcher"]
        ),
    )

    def escalations(username, expected_status=200):
        response = http.get(
            stack.url + "/v1/complaints/escalations", headers=_staff(stack, http, username), params={"page_size": 100}
        )
        assert response.status_code == expected_status, response.text
        return {(e["tracking_code"], e["deadline"]) for e in response.json().get("escalations", [])}

    dispatcher = escalations("dispatcher")
    assert {(routed["tracking_code"], "first_response"), (waiting["tracking_code"], "disposition")} <= dispatcher
    # the breach goes up to the head of Dinas PUPR (kepala OPD in identity), only for the complaint
    # routed to that agency; the officers below the head see it on the complaint, not as escalations
    head = {c for c, _ in escalations("kepala.pupr.kota")}
    assert routed["tracking_code"] in head and waiting["tracking_code"] not in head
    for officer in ("petugas.pupr.kota", "petugas.kota"):
        escalations(officer, expected_status=403)
    shown = http.get(stack.url + f"/v1/complaints/{routed['tracking_code']}").json()
    assert shown["escalated"] is True and shown["breached_deadlines"] == ["first_response"]
    metrics = http.get(f"http://127.0.0.1:{stack.ports['complaints'][1]}/metrics").text
    assert f'gorontalo_complaints_deadline_breaches_total{{agency="{PUPR}",deadline="first_response"}}' in metrics
    citizen_refused = http.get(stack.url + "/v1/complaints/escalations", headers=citizen["headers"])
    assert citizen_refused.status_code == 403
