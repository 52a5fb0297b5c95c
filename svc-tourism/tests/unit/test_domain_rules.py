"""The domain's rules without a database: what a destination must be, search words, duplicates,
JSON-LD that stays text inside HTML, and CSV cells a spreadsheet will not run."""

import json

from gorontalo_tourism.adapters import jsonld, opendata
from gorontalo_tourism.adapters.links import Links, web_public_url
from gorontalo_tourism.domain import rules, search
from gorontalo_tourism.domain.model import Destination, DestinationDraft
from gorontalo_tourism.service_layer import businesses

LINKS = Links("https://gorontaloprov.go.id")


def place(**fields):
    values = dict(
        id="d-1",
        name="Taman Laut Olele",
        kind="bawah_laut",
        region_code="75.03.08.2004",
        latitude=0.405,
        longitude=123.158,
    )
    values.update(fields)
    return Destination(**values)


def reasons(draft):
    return {v.field: v.reason for v in rules.destination_problems(draft)}


def test_the_province_box_has_a_margin_but_refuses_elsewhere():
    assert rules.inside_province(0.94, 122.87)  # Saronde, off the north coast
    assert rules.inside_province(0.16, 121.11)  # the margin's corner
    assert not rules.inside_province(1.47, 124.84)  # Manado
    assert not rules.inside_province(-0.9, 119.87)  # Palu


def test_prices_must_be_whole_rupiah_within_reason():
    draft = DestinationDraft(
        name="X",
        kind="pantai",
        region_code="75.71",
        latitude=0.5,
        longitude=123.0,
        prices=[
            {"label": {"id": "Dewasa", "en": ""}, "amount_idr": -5},
            {"label": {"id": "Anak", "en": ""}, "amount_idr": 10_000_001},
            {"label": {"id": "", "en": ""}, "amount_idr": 5000},
            {"label": {"id": "Mobil", "en": ""}, "amount_idr": 10_000_000},
        ],
    )
    assert reasons(draft) == {
        "prices[0].amount_idr": "price_out_of_range",
        "prices[1].amount_idr": "price_out_of_range",
        "prices[2].label.id": "required",
    }


def test_control_characters_and_overlong_texts_are_named():
    draft = DestinationDraft(
        name="Pantai\x00",
        kind="pantai",
        region_code="75.71",
        latitude=0.5,
        longitude=123.0,
        description={"id": "x" * 4001, "en": ""},
    )
    assert reasons(draft) == {"name": "control_characters", "description.id": "too_long"}


def test_search_matches_words_in_either_language_without_accents():
    olele = place(description={"id": "Taman laut di lepas pantai", "en": "Marine park off the coast"})
    assert search.matches(olele, "pantai") and search.matches(olele, "MARINE park")
    assert search.matches(place(name="Pantai Bolihutu'o"), "bolihutu")
    assert not search.matches(olele, "danau")


def test_duplicates_are_the_same_distinctive_name_within_a_kilometre():
    olele = place()
    assert search.same_place("Olele", 0.407, 123.160, olele)
    assert search.same_place("Taman Laut Olele", 0.405, 123.158, olele)
    assert not search.same_place("Olele", 0.45, 123.16, olele)  # 5 km away
    assert not search.same_place("Pantai Botutonuo", 0.405, 123.158, olele)


def test_json_ld_cannot_close_the_script_element_it_is_embedded_in():
    hostile = place(description={"id": "</script><script>alert('x')</script>", "en": "a & b"})
    data = jsonld.destination(hostile, LINKS)
    assert b"</script>" not in data and b"<" not in data and b"&" not in data
    assert json.loads(data)["description"][0]["@value"] == "</script><script>alert('x')</script>"


def test_csv_cells_starting_a_formula_are_quoted_but_coordinates_stay_numbers():
    text = opendata.csv_document([place(name="=cmd|' /C calc'!A0", longitude=123.1)], LINKS).decode()
    assert "'=cmd" in text and ",123.1," in text


def test_permit_numbers_in_either_form():
    assert businesses.normalise_permit_number("7571-DPMPTSP-2026-000123") == "7571/DPMPTSP/2026/000123"
    assert businesses.normalise_permit_number(" 7571/DPMPTSP/2026/000123 ") == "7571/DPMPTSP/2026/000123"
    assert businesses.normalise_permit_number("7571/DPMPTSP/26/1") is None


def test_pages_link_to_the_web_app_and_photos_to_the_api(monkeypatch):
    links = Links("https://satu.gorontaloprov.go.id", "https://api.gorontaloprov.go.id")
    assert links.destination_page("d1") == "https://satu.gorontaloprov.go.id/wisata/d1"
    assert links.event_page("e1") == "https://satu.gorontaloprov.go.id/wisata/acara/e1"
    assert links.business_page("b1") == "https://satu.gorontaloprov.go.id/wisata/usaha/b1"
    assert links.photo("p1") == "https://api.gorontaloprov.go.id/v1/tourism/photos/p1"
    monkeypatch.setenv("WEB_PUBLIC_URL", "https://satu.example/")
    assert web_public_url() == "https://satu.example"
    monkeypatch.delenv("WEB_PUBLIC_URL")
    monkeypatch.setenv("WEB_BIND", "127.0.0.1:9999")
    assert web_public_url() == "http://127.0.0.1:9999"
