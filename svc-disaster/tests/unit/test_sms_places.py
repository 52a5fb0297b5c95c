"""SIAGA SMS names the place as people know it: a kecamatan or desa by name, not only by code (issue 12)."""

import pytest

from gorontalo_disaster.domain import places, sms


@pytest.mark.parametrize(
    "text,code",
    [
        ("SIAGA BANJIR Tapa air setinggi lutut", "75.03.01"),  # the example: Kec. Tapa, Bone Bolango
        ("siaga banjir TAPA air", "75.03.01"),
        ("SIAGA BANJIR Kota Tengah air masuk rumah", "75.71.06"),  # two words
        ("SIAGA BANJIR kotatengah air", "75.71.06"),  # spacing does not matter
        ("SIAGA BANJIR Kota   Tengah, air", "75.71.06"),
        ("SIAGA LONGSOR Télaga Biru jalan tertutup", "75.01.10"),  # nor accents; the longest name wins
        ("SIAGA LONGSOR Telaga jalan tertutup", "75.01.02"),  # kecamatan Telaga over desa Telaga (Pohuwato)
        ("SIAGA BANJIR desa Telaga air", "75.04.01.2008"),  # "desa" asks for the village
        ("SIAGA BANJIR Kel. Tapa air", "75.71.07.1002"),  # the kelurahan Tapa in Sipatana, Kota Gorontalo
        ("SIAGA BANJIR kecamatan Dungingi air", "75.71.04"),
        ("SIAGA BANJIR 750302 air", "75.03.02"),  # codes as before
    ],
)
def test_a_region_is_found_by_name(text, code):
    parsed = sms.parse(text)
    assert parsed.problem is None, parsed.problem
    assert parsed.region_code == code


def test_the_description_is_what_follows_the_name():
    parsed = sms.parse("SIAGA BANJIR Kota Tengah air setinggi lutut, 12 rumah")
    assert parsed.text == "air setinggi lutut, 12 rumah" and parsed.casualties == {"houses_damaged": 12}


def test_an_ambiguous_name_lists_the_choices_with_their_codes():
    parsed = sms.parse("SIAGA BANJIR Tenilo air")  # four desa/kelurahan share the name, no kecamatan does
    key, params = parsed.problem
    assert key == "sms_region_ambiguous" and params["name"] == "Tenilo"
    for code in ("7501011008", "7502012014", "7502042018", "7571011005"):
        assert code in params["choices"]
    assert "Limboto" in params["choices"]  # each choice names its kecamatan


def test_an_unknown_name_says_so():
    parsed = sms.parse("SIAGA BANJIR Atlantis air")
    assert parsed.problem[0] == "sms_region_unknown"


@pytest.mark.parametrize("name", ["Kabupaten Gorontalo", "Gorontalo"])
def test_a_regency_is_too_coarse(name):
    assert sms.parse(f"SIAGA BANJIR {name} air").problem[0] in ("sms_region_unknown", "sms_region_ambiguous")


def test_labels_name_the_place_for_the_reply():
    assert places.label("75.03.01") == "Kec. Tapa, Kab. Bone Bolango"
    assert places.label("75.71.07.1002") == "Kel. Tapa, Kec. Sipatana, Kota Gorontalo"
    assert places.label("75.04.01.2008") == "Desa Telaga, Kec. Popayato, Kab. Pohuwato"
