"""/wisata through Flask's test client against a stand-in gateway on a real socket: search and nearby,
a destination page with its JSON-LD, alerts, facts and reviews, events and their calendar, businesses with
the "berizin" badge, guides and open data passed through, visitor sign-up, reviews and reports, and a
visitor refused from residents' pages."""

from __future__ import annotations

import gzip
import json
import re

from .tourism_stand_in import JPEG, calls, namespace, web  # noqa: F401  (fixtures)

# A page's HTML, gzipped as it goes out, stays a small part of issue 15's 60 KB first load.
PAGE_BUDGET = 12 * 1024


def csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_search_by_words_kind_and_regency_without_javascript_or_an_account(web):
    app, gateway = web
    client = app.test_client()
    page = client.get("/wisata?q=olele&jenis=bawah_laut&kabupaten=75.03")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    [call] = calls(gateway, "GET", "/v1/tourism/destinations")
    assert call["args"] == {"q": "olele", "kind": "bawah_laut", "region": "75.03", "page_size": "20"}
    assert 'href="/wisata/d-olele"' in page.text and "Benteng Otanaha" not in page.text
    assert "Bawah laut / selam" in page.text and "Bone Bolango" in page.text
    assert "★ 4,5 (2 ulasan)" in page.text
    assert '<option value="75.03" selected>' in page.text
    # Nonsense in the query is dropped, not sent on.
    client.get("/wisata?jenis=kasino&kabupaten=31.71")
    assert calls(gateway, "GET", "/v1/tourism/destinations")[-1]["args"] == {"page_size": "20"}
    assert "style=" not in page.text and "<style" not in page.text
    assert all(tag.endswith(" defer>") for tag in re.findall(r"<script[^>]*>", page.text))
    assert 'href="/wisata/data/destinasi.geojson"' in page.text and 'href="/wisata/data/destinasi.csv"' in page.text


def test_near_me_is_a_form_of_coordinates_the_phone_may_fill(web):
    app, gateway = web
    client = app.test_client()
    form = client.get("/wisata").text
    assert 'id="lat" name="lat"' in form and 'id="lon" name="lon"' in form
    assert re.search(r"<button[^>]*data-geolocate[^>]*hidden>", form, re.S)  # shown only by the script
    page = client.get("/wisata?q=pantai&lat=0,5435&lon=123.0568&radius=30")
    args = calls(gateway, "GET", "/v1/tourism/destinations")[-1]["args"]
    assert args == {"q": "pantai", "latitude": "0.5435", "longitude": "123.0568", "radius_km": "30", "page_size": "20"}
    assert "Destinasi terdekat" in page.text
    # A point outside the province is the platform's words at the form.
    refused = client.get("/wisata?lat=-6.2&lon=106.8")
    assert refused.status_code == 200 and "Di luar Provinsi Gorontalo" in refused.text


def test_a_destination_page_has_its_json_ld_alert_facts_and_photo(web):
    app, _ = web
    client = app.test_client()
    page = client.get("/wisata/d-olele")
    assert page.status_code == 200
    html = page.text
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(ld)["@type"] == "TouristAttraction"
    assert "</script><b>" not in ld and json.loads(ld)["name"] == "Olele </script><b>"  # cannot close the element
    # The Siaga alert comes before the description, prominently.
    assert html.index("Banjir rob di pesisir Kabila Bone") < html.index("Taman laut dengan karang")
    assert "Jauhi pantai." in html
    assert "&lt;b&gt;indah&lt;/b&gt;" in html  # markup in a description is shown as typed
    assert "koordinat perkiraan" in html and "Rp 15.000" in html and "Sabtu 08:00–17:00 WITA" in html
    assert 'src="/wisata/foto/p-1"' in html and 'alt="Foto Taman Laut Olele"' in html
    assert 'href="/wisata/panduan/75.03.pdf"' in html
    photo = client.get("/wisata/foto/p-1")
    assert photo.status_code == 200 and photo.data == JPEG and photo.headers["Content-Type"] == "image/jpeg"
    assert photo.headers["Cache-Control"].startswith("public")
    english = client.get("/wisata/d-olele?lang=en").text
    assert "Marine park with fine corals." in english and "Coastal flooding in Kabila Bone" in english
    assert "approximate coordinates" in english and "Siaga alerts for this area" in english
    assert len(gzip.compress(page.data)) < PAGE_BUDGET


def test_unknown_merged_and_unchecked_places(web):
    app, _ = web
    client = app.test_client()
    assert client.get("/wisata/nope").status_code == 404
    assert client.get("/wisata/bad%20id").status_code == 404
    merged = client.get("/wisata/d-dup")
    assert merged.status_code == 301 and merged.headers["Location"] == "/wisata/d-olele"
    unchecked = client.get("/wisata/d-otanaha").text
    assert "Peringatan bencana belum dapat diperiksa" in unchecked and "Belum diketahui" in unchecked


def test_events_calendar_and_its_ics(web):
    app, gateway = web
    client = app.test_client()
    page = client.get("/wisata/acara?dari=2027-01-01&kabupaten=75.71")
    assert page.status_code == 200 and "Festival Benteng Otanaha" in page.text and "9 Jan 2027" in page.text
    assert calls(gateway, "GET", "/v1/tourism/events")[-1]["args"]["from_date"] == "2027-01-01"
    assert 'href="/wisata/acara.ics?dari=2027-01-01&amp;kabupaten=75.71"' in page.text
    ics = client.get("/wisata/acara.ics?dari=2027-01-01&kabupaten=75.71")
    assert ics.status_code == 200 and ics.headers["Content-Type"].startswith("text/calendar")
    assert ics.headers["Content-Disposition"] == 'attachment; filename="acara-wisata-gorontalo.ics"'
    assert calls(gateway, "GET", "/v1/tourism/events.ics")[-1]["args"] == {"from_date": "2027-01-01", "region": "75.71"}
    detail = client.get("/wisata/acara/e-1?lang=en").text
    assert "Otanaha Fort Festival" in detail and 'href="/wisata/d-otanaha"' in detail and '"@type":"Event"' in detail
    assert client.get("/wisata/acara/e-9").status_code == 404


def test_businesses_show_the_berizin_badge_and_filter_on_it(web):
    app, gateway = web
    client = app.test_client()
    page = client.get("/wisata/usaha").text
    assert page.count('class="badge-berizin"') == 1 and "Warung Pantai" in page
    licensed = client.get("/wisata/usaha?berizin=1").text
    assert calls(gateway, "GET", "/v1/tourism/businesses")[-1]["args"]["licensed_only"] == "true"
    assert "Warung Pantai" not in licensed
    detail = client.get("/wisata/usaha/b-1").text
    assert "✓ Berizin" in detail and "7571/DPMPTSP/2026/000001" in detail and '"@type":"LodgingBusiness"' in detail
    assert "Tidak mencantumkan izin" in client.get("/wisata/usaha/b-2").text


def test_guides_and_open_data_download_from_this_origin(web):
    app, gateway = web
    client = app.test_client()
    page = client.get("/wisata/panduan").text
    assert 'href="/wisata/panduan/75.03.pdf"' in page and 'href="/wisata/panduan/75.03.json"' in page
    pdf = client.get("/wisata/panduan/75.03.pdf?lang=en")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF") and pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.headers["Content-Disposition"] == 'attachment; filename="panduan-wisata-7503-en.pdf"'
    assert calls(gateway, "GET", "/v1/tourism/guides/75.03.pdf")[-1]["args"] == {"lang": "en"}
    assert json.loads(client.get("/wisata/panduan/75.03.json").data) == {"r": "75.03", "p": []}
    assert client.get("/wisata/panduan/31.71.pdf").status_code == 404
    assert client.get("/wisata/panduan/75.03.exe").status_code == 404
    geojson = client.get("/wisata/data/destinasi.geojson")
    assert geojson.headers["Content-Type"] == "application/geo+json" and b"FeatureCollection" in geojson.data
    assert client.get("/wisata/data/destinasi.csv").data.startswith(b"id,name")


def sign_up_visitor(client, gateway, back="/wisata/d-olele"):
    page = client.get(f"/wisata/daftar?kembali={back}").text
    assert 'name="nik"' not in page  # a visitor has no NIK
    answer = client.post(
        "/wisata/daftar",
        data={
            "csrf_token": csrf(page),
            "display_name": "Ayu dari Bandung",
            "phone": "081234567890",
            "password": "x" * 12,
        },
    )
    assert answer.status_code == 303 and answer.headers["Location"] == "/wisata/daftar/kode"
    code_page = client.get("/wisata/daftar/kode").text
    wrong = client.post("/wisata/daftar/kode", data={"csrf_token": csrf(code_page), "code": "000000"})
    assert wrong.status_code == 400 and "Kode salah" in wrong.text
    done = client.post("/wisata/daftar/kode", data={"csrf_token": csrf(code_page), "code": "123456"})
    assert done.status_code == 303
    return done


def test_a_visitor_signs_up_without_a_nik_lands_on_the_place_and_reviews_it_once(web):
    app, gateway = web
    client = app.test_client()
    before = client.get("/wisata/d-olele").text
    assert 'href="/wisata/daftar?kembali=/wisata/d-olele"' in before and 'name="rating"' not in before
    done = sign_up_visitor(client, gateway)
    assert done.headers["Location"] == "/wisata/d-olele#ulasan"
    [registered] = calls(gateway, "POST", "/v1/identity/visitors")
    assert registered["json"] == {"display_name": "Ayu dari Bandung", "phone": "081234567890", "password": "x" * 12}
    page = client.get("/wisata/d-olele").text
    assert 'name="rating"' in page and 'value="Ayu dari Bandung"' in page  # the name shown, filled in
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    form = {
        "csrf_token": csrf(page),
        "idempotency_key": key,
        "rating": "5",
        "text": "Karangnya indah.",
        "display_name": "Ayu",
    }
    first = client.post("/wisata/ulasan/destinasi/d-olele", data=form)
    again = client.post("/wisata/ulasan/destinasi/d-olele", data=form)  # the answer was lost: sent again
    assert first.status_code == again.status_code == 303
    assert first.headers["Location"] == "/wisata/d-olele#ulasan"
    assert len(gateway.reviews) == 1
    written = calls(gateway, "POST", "/v1/tourism/places/d-olele/reviews")[0]
    assert written["headers"]["Idempotency-Key"] == key and written["json"]["rating"] == 5
    shown = client.get("/wisata/d-olele").text
    assert "Terima kasih, ulasan Anda tampil." in shown and "Karangnya indah." in shown
    assert '<strong class="wisata-reviewer">Ayu</strong>' in shown
    # A second review of the same place (a new form) is the platform's refusal, told on the page.
    form2 = dict(form, idempotency_key="another-form-key", rating="1")
    client.post("/wisata/ulasan/destinasi/d-olele", data=form2)
    assert "Anda sudah menulis ulasan untuk tempat ini." in client.get("/wisata/d-olele").text
    # No rating: told next to the stars, nothing sent.
    client.post("/wisata/ulasan/destinasi/d-olele", data=dict(form, rating="", idempotency_key="k3"))
    refused = client.get("/wisata/d-olele").text
    assert 'id="rating-error"' in refused and "Pilih nilai 1 sampai 5." in refused
    assert len(calls(gateway, "POST", "/v1/tourism/places/d-olele/reviews")) == 3


def test_a_reported_review_is_hidden_and_the_reporter_told(web):
    app, gateway = web
    client = app.test_client()
    sign_up_visitor(client, gateway)
    page = client.get("/wisata/d-olele").text
    form = {"csrf_token": csrf(page), "idempotency_key": "k1", "rating": "4", "display_name": "Ayu"}
    client.post("/wisata/ulasan/destinasi/d-olele", data=form)
    page = client.get("/wisata/d-olele").text
    action = re.search(r'action="(/wisata/ulasan/destinasi/d-olele/laporkan/[^"]+)"', page).group(1)
    reported = client.post(action, data={"csrf_token": csrf(page), "reason": "Bukan ulasan tempat ini"})
    assert reported.status_code == 303
    assert calls(gateway, "POST", "/v1/tourism/reviews/r-1:report")[0]["json"] == {"reason": "Bukan ulasan tempat ini"}
    after = client.get("/wisata/d-olele").text
    assert "disembunyikan sampai diperiksa" in after and "Belum ada ulasan." in after


def test_writing_without_an_account_leads_to_the_visitor_sign_up(web):
    app, gateway = web
    client = app.test_client()
    page = client.get("/wisata/usaha/b-1").text
    assert 'href="/wisata/daftar?kembali=/wisata/usaha/b-1"' in page
    page = client.get("/masuk").text  # a form posted from a page kept open after the session ended
    answer = client.post("/wisata/ulasan/usaha/b-1", data={"csrf_token": csrf(page), "rating": "5"})
    assert answer.status_code == 303 and answer.headers["Location"] == "/wisata/daftar"
    assert not calls(gateway, "POST", "/v1/tourism/places/b-1/reviews")
    assert client.post("/wisata/ulasan/kasino/b-1", data={"csrf_token": csrf(page)}).status_code == 404


def test_a_visitor_is_refused_residents_pages_gracefully_and_files_complaints_as_the_public(web):
    app, gateway = web
    client = app.test_client()
    sign_up_visitor(client, gateway)
    for path in ("/saya", "/saya/identitas", "/izin/saya", "/pajak"):
        refused = client.get(path)
        assert refused.status_code == 403, path
        assert "Khusus penduduk" in refused.text and 'href="/wisata"' in refused.text
    assert not calls(gateway, "GET", "/v1/me/timeline")  # the page did not even try
    nav = client.get("/wisata").text
    assert "Wisata Gorontalo</a>" in nav and "Linimasa saya" not in nav


def test_a_visitor_logging_in_at_masuk_lands_on_wisata(web):
    app, gateway = web
    gateway.role = "visitor"
    client = app.test_client()
    page = client.get("/masuk").text
    answer = client.post("/masuk", data={"csrf_token": csrf(page), "username": "081234567890", "password": "x" * 12})
    assert answer.status_code == 303 and answer.headers["Location"] == "/wisata"
    assert client.get("/masuk").headers["Location"] == "/wisata"
