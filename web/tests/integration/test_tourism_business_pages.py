"""A resident lists their tourism business at /wisata/usaha/daftar (issue 21), through Flask's test client
against a stand-in gateway on a real socket: the region picker without JavaScript, the permit held by the
account ("berizin" at once) or by another ("menunggu konfirmasi petugas"), the API's words at the fields,
a resent form listing once, "Usaha saya", the owner's edit, and visitors and strangers kept out."""

from __future__ import annotations

import re

from .tourism_stand_in import calls, namespace, web  # noqa: F401  (fixtures)

KOTA, KOTA_BARAT, DEMBE = "75.71", "75.71.01", "75.71.01.1001"


def csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def sign_in(client, gateway, role="citizen", subject="acc-1"):
    gateway.role, gateway.subject = role, subject
    page = client.get("/masuk").text
    done = client.post("/masuk", data={"csrf_token": csrf(page), "username": "7571010101900001", "password": "x" * 12})
    assert done.status_code == 303


def filled(page: str, **changes) -> dict:
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page)
    form = {
        "csrf_token": csrf(page),
        **({"idempotency_key": key.group(1)} if key else {}),
        "name": "Homestay Dembe Asri",
        "kind": "homestay",
        "kabupaten": KOTA,
        "kecamatan": KOTA_BARAT,
        "desa": DEMBE,
        "address": "Jl. Nani Wartabone No. 10",
        "phone": "+62 811 4300 1234",
        "description_id": "Tiga kamar dekat Danau Limboto.",
        "permit_number": "7571-DPMPTSP-2026-000001",
    }
    form.update(changes)
    return form


def test_a_resident_lists_a_homestay_with_their_own_permit_and_sees_berizin(web):
    app, gateway = web
    client = app.test_client()
    assert client.get("/wisata/usaha/daftar").headers["Location"] == "/masuk"  # residents only
    sign_in(client, gateway)
    assert 'href="/wisata/usaha/daftar"' in client.get("/wisata/usaha").text
    page = client.get("/wisata/usaha/daftar").text
    assert 'action="/wisata/usaha/daftar"' in page and 'name="permit_number"' in page
    # Without JavaScript the picker is stepped: the kabupaten brings its kecamatan, nothing is sent.
    stepped = client.post("/wisata/usaha/daftar", data=filled(page, kecamatan="", desa="", action="region"))
    assert stepped.status_code == 200 and f'<option value="{KOTA_BARAT}">' in stepped.text
    assert 'value="Homestay Dembe Asri"' in stepped.text and not calls(gateway, "POST", "/v1/tourism/businesses")
    form = filled(page)
    listed = client.post("/wisata/usaha/daftar", data=form)
    again = client.post("/wisata/usaha/daftar", data=form)  # the answer was lost: sent again
    assert listed.status_code == again.status_code == 303
    assert listed.headers["Location"] == "/wisata/usaha/b-new-1?baru=1" == again.headers["Location"]
    [sent, _] = calls(gateway, "POST", "/v1/tourism/businesses")
    assert sent["headers"]["Idempotency-Key"] == form["idempotency_key"]
    assert sent["json"] == {
        "name": "Homestay Dembe Asri",
        "kind": "homestay",
        "region_code": DEMBE,
        "address": "Jl. Nani Wartabone No. 10",
        "contacts": {"phone": "+62 811 4300 1234", "email": "", "website": ""},
        "description": {"id": "Tiga kamar dekat Danau Limboto.", "en": ""},
        "permit_number": "7571-DPMPTSP-2026-000001",
    }
    shown = client.get(listed.headers["Location"]).text
    assert "Usaha Anda terdaftar." in shown and "✓ Berizin" in shown and "7571/DPMPTSP/2026/000001" in shown
    assert "Jl. Nani Wartabone No. 10" in shown and 'href="/wisata/usaha/b-new-1/ubah"' in shown
    english = client.get("/wisata/usaha/daftar?lang=en").text
    assert "List a tourism business" in english and "Business permit number (optional)" in english
    assert not re.search(r"\btourism_\w+", english + shown)  # every word has its text
    mine = client.get("/wisata/usaha/saya?lang=id").text  # the English asked above is remembered
    assert "Homestay Dembe Asri" in mine and "Berlaku" in mine and 'href="/wisata/usaha/b-new-1/ubah"' in mine


def test_another_accounts_permit_waits_for_an_officer_and_the_apis_words_sit_at_their_fields(web):
    app, gateway = web
    client = app.test_client()
    sign_in(client, gateway)
    page = client.get("/wisata/usaha/daftar").text
    refused = client.post(
        "/wisata/usaha/daftar",
        data=filled(page, kabupaten="", kecamatan="", desa="", email="bukan-email", permit_number="7571/X/1"),
    )
    assert refused.status_code == 400
    assert 'id="kabupaten-error"' in refused.text and 'id="email-error"' in refused.text
    assert "Izin tidak ditemukan." in refused.text and 'value="bukan-email"' in refused.text
    bad_point = client.post("/wisata/usaha/daftar", data=filled(page, latitude="utara", longitude="123,05"))
    assert bad_point.status_code == 400 and "Tulis angka" in bad_point.text
    assert len(calls(gateway, "POST", "/v1/tourism/businesses")) == 1  # the form's own check sent nothing
    claimed = client.post("/wisata/usaha/daftar", data=filled(page, permit_number="7571/DPMPTSP/2026/000009"))
    shown = client.get(claimed.headers["Location"]).text
    assert "Menunggu konfirmasi petugas" in shown and "✓ Berizin" not in shown
    english = client.get(claimed.headers["Location"] + "&lang=en").text
    assert "Awaiting confirmation by a tourism officer" in english


def test_the_owner_edits_and_cites_the_permit_later(web):
    app, gateway = web
    client = app.test_client()
    sign_in(client, gateway)
    page = client.get("/wisata/usaha/daftar").text
    client.post("/wisata/usaha/daftar", data=filled(page, permit_number=""))
    assert "Tidak mencantumkan izin" in client.get("/wisata/usaha/b-new-1").text
    edit = client.get("/wisata/usaha/b-new-1/ubah").text
    assert 'value="Homestay Dembe Asri"' in edit and f'<option value="{DEMBE}" selected>' in edit
    assert 'name="idempotency_key"' not in edit  # an edit replaces: sending it twice is the same
    form = filled(edit, name="Homestay Dembe Indah", permit_number="7571/DPMPTSP/2026/000001")
    saved = client.post("/wisata/usaha/b-new-1/ubah", data=form)
    assert saved.status_code == 303 and saved.headers["Location"] == "/wisata/usaha/b-new-1?disimpan=1"
    [update] = calls(gateway, "POST", "/v1/tourism/businesses/b-new-1:update")
    assert update["json"]["name"] == "Homestay Dembe Indah" and update["json"]["region_code"] == DEMBE
    shown = client.get(saved.headers["Location"]).text
    assert "Perubahan tersimpan." in shown and "✓ Berizin" in shown and "Homestay Dembe Indah" in shown
    refused = client.post("/wisata/usaha/b-new-1/ubah", data=dict(form, email="x"))
    assert refused.status_code == 400 and 'id="email-error"' in refused.text


def test_strangers_and_visitors_cannot_edit_or_list(web):
    app, gateway = web
    owner = app.test_client()
    sign_in(owner, gateway)
    page = owner.get("/wisata/usaha/daftar").text
    owner.post("/wisata/usaha/daftar", data=filled(page))
    stranger = app.test_client()
    sign_in(stranger, gateway, subject="acc-2")
    assert stranger.get("/wisata/usaha/b-new-1/ubah").status_code == 404
    token = csrf(stranger.get("/wisata/usaha/saya").text)
    assert stranger.post("/wisata/usaha/b-new-1/ubah", data={"csrf_token": token, "name": "X"}).status_code == 404
    assert not calls(gateway, "POST", "/v1/tourism/businesses/b-new-1:update")
    public = stranger.get("/wisata/usaha/b-new-1").text
    assert "Homestay Dembe Asri" in public and "/ubah" not in public
    assert "Anda belum mendaftarkan usaha." in stranger.get("/wisata/usaha/saya").text
    visitor = app.test_client()
    sign_in(visitor, gateway, role="visitor", subject="visitor-1")
    refused = visitor.get("/wisata/usaha/daftar")
    assert refused.status_code == 403 and "Khusus penduduk" in refused.text
    assert visitor.get("/wisata/usaha/saya").status_code == 403
    assert "/ubah" not in visitor.get("/wisata/usaha/b-new-1").text
