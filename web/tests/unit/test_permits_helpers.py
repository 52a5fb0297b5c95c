"""The permits pages' own logic: catalog search, the safe base name of an upload, WITA dates, regions."""

from __future__ import annotations

import pytest
from flask import Flask, g
from gorontalo_web import formatting, regions_picker, uploads
from gorontalo_web.blueprints import permits

TYPES = [
    {"kbli_code": "47112", "title": "Perdagangan Eceran ... Bukan di Minimarket (Tradisional)"},
    {"kbli_code": "56102", "title": "Rumah/Warung Makan"},
    {"kbli_code": "56103", "title": "Kedai Makanan"},
    {"kbli_code": "41011", "title": "Konstruksi Gedung Hunian"},
]


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("", ["47112", "56102", "56103", "41011"]),
        ("561", ["56102", "56103"]),
        ("56102", ["56102"]),
        ("warung", ["56102"]),
        ("WARUNG makan", ["56102"]),
        ("makan", ["56102", "56103"]),
        ("makan hotel", []),
        ("tradisional", ["47112"]),
        ("9", []),
    ],
)
def test_search_by_kbli_prefix_or_every_word(query, codes):
    assert [t["kbli_code"] for t in permits.search_types(TYPES, query)] == codes


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("ktp.png", "ktp.png"),
        ("../../../../probe.png", "probe.png"),
        ("C:\\Users\\ani\\npwp.pdf", "npwp.pdf"),
        (".htaccess", "htaccess"),
        ("surat\r\nSet-Cookie: x.pdf", "suratSet-Cookie_ x.pdf"),
        ("gambar\u202egnp.pdf", "gambargnp.pdf"),  # no right-to-left override
        ("a<b>|c?.png", "a_b__c_.png"),
        ("..", ""),
        ("Surat Ijin Usaha ", "Surat Ijin Usaha"),
    ],
)
def test_safe_base_name(raw, kept):
    assert uploads.safe_base_name(raw) == kept


def test_a_long_name_is_shortened_with_its_extension_kept():
    name = uploads.safe_base_name("x" * 300 + ".pdf")
    assert len(name) == 100 and name.endswith(".pdf")


@pytest.fixture
def in_request():
    app = Flask(__name__)
    with app.test_request_context():
        g.lang = "id"
        yield g


def test_instants_take_the_pages_language_from_the_request(in_request):
    assert formatting.wita("2026-12-06T16:30:00Z") == "7 Des 2026 00.30 WITA"  # UTC+8
    assert formatting.wita("2026-12-06T01:05:09.123456Z", with_time=False) == "6 Des 2026"
    assert formatting.wita("2026-12-31") == "31 Des 2026"  # an SLA due date is a WITA date already
    in_request.lang = "en"
    assert formatting.wita("2026-08-17T02:00:00+00:00") == "17 Aug 2026 10:00 WITA"
    assert formatting.wita("") == "" and formatting.wita("bukan tanggal") == "bukan tanggal"


def test_the_district_picker_covers_every_kecamatan_of_the_six_regencies():
    groups = regions_picker.district_groups()
    assert len(groups) == 6 and groups[-1][0] == "Kota Gorontalo"
    codes = [code for _, districts in groups for code, _ in districts]
    assert len(codes) == len(set(codes)) == 77
    assert all(code.count(".") == 2 and code.startswith("75.") for code in codes)


def test_region_name_names_the_district_and_its_regency():
    assert regions_picker.place_name("75.71.01", with_parents=True).endswith(", Kota Gorontalo")
    assert regions_picker.place_name("75.71.01") == regions_picker.name_of("75.71.01")
    assert regions_picker.place_name("99.99") == "99.99"
