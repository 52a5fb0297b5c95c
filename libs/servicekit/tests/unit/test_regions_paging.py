"""Plain units of servicekit: region codes and page tokens."""

from __future__ import annotations

import base64
import random

import pytest

from servicekit import paging, regions
from servicekit.errors import InvalidArgument

# -- regions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("75", "75"),
        ("7571", "75.71"),
        ("75.71", "75.71"),
        (" 75.71 ", "75.71"),
        ("757101", "75.71.01"),
        ("75.71.01.1001", "75.71.01.1001"),
        ("7571011001", "75.71.01.1001"),
        ("75 71 01", "75.71.01"),
        ("", None),
        (None, None),
        ("7", None),
        ("757", None),
        ("75.7", None),
        ("75.71.01.100", None),
        ("75-71", None),
        ("abcd", None),
        ("75.71.01.10011", None),
    ],
)
def test_normalise(raw, expected):
    assert regions.normalise(raw) == expected


def test_lookup():
    city = regions.lookup("7571")
    assert (city.code, city.name, city.level, city.parent_code) == ("75.71", "Kota Gorontalo", "regency", "75")
    village = regions.lookup("75.71.01.1001")
    assert (village.level, village.parent_code) == ("village", "75.71.01")
    assert regions.lookup("75").level == "province"
    assert regions.lookup("71.71").name == "Kota Manado"  # other provinces: down to regencies
    assert regions.lookup("75.99") is None
    assert regions.lookup("nonsense") is None


def test_in_gorontalo():
    assert regions.in_gorontalo("75.71")
    assert regions.in_gorontalo("75.04.01")
    assert regions.in_gorontalo("7571011001")
    assert not regions.in_gorontalo("75.99")  # code-shaped but unknown
    assert not regions.in_gorontalo("71.71")  # Manado
    assert not regions.in_gorontalo("garbage")


def test_regency_of():
    assert regions.regency_of("75.71.01.1001") == "75.71"
    assert regions.regency_of("757101") == "75.71"
    assert regions.regency_of("75.04") == "75.04"
    assert regions.regency_of("75") is None
    assert regions.regency_of("x") is None


@pytest.mark.parametrize(
    "code,jurisdiction,expected",
    [
        ("75.71.01.1001", ["75.71"], True),
        ("75.71", ["75.71"], True),
        ("75.71.01", ["7571"], True),
        ("75.04.01", ["75.71"], False),
        ("75.04.01", ["75.71", "75.04"], True),
        ("75.71", ["75.71.01"], False),  # a wider area than the scope
        ("75.01.01", ["75.0"], False),
        ("75.71.01", ["75"], True),
        ("75.71.01", [], False),
        ("75.71.01", ["", "junk"], False),
        ("junk", ["75"], False),
    ],
)
def test_within(code, jurisdiction, expected):
    assert regions.within(code, jurisdiction) is expected


def test_regencies_of_gorontalo():
    assert sorted(r.code for r in regions.regencies()) == ["75.01", "75.02", "75.03", "75.04", "75.05", "75.71"]


@pytest.mark.parametrize(
    "lat,lon,inside",
    [
        (0.5431, 123.0568, True),  # Kota Gorontalo
        (0.4890, 121.9670, True),  # Marisa, Pohuwato
        (1.4748, 124.8421, False),  # Manado
        (-6.2, 106.8, False),  # Jakarta
    ],
)
def test_coordinates_in_gorontalo(lat, lon, inside):
    assert regions.coordinates_in_gorontalo(lat, lon) is inside


# -- paging ------------------------------------------------------------------------------------


@pytest.mark.parametrize("offset", [0, 1, 20, 99, 12345])
def test_page_token_round_trip(offset):
    token = paging.encode(offset)
    assert "=" not in token
    assert paging.decode(token) == offset


def test_empty_page_token_is_the_first_page():
    assert paging.decode("") == 0


def raw_token(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "token",
    [
        "!!!",
        "a",
        "abc",
        "not-base64-at-all",
        raw_token("not json"),
        raw_token("[1]"),
        raw_token('"x"'),
        raw_token("{}"),
        raw_token('{"o": -1}'),
        raw_token('{"o": null}'),
        raw_token('{"o": "x"}'),
        raw_token('{"o": NaN}'),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    ],
)
def test_bad_page_tokens(token):
    with pytest.raises(InvalidArgument) as caught:
        paging.decode(token)
    (violation,) = caught.value.violations
    assert (violation.field, violation.reason) == ("page_token", "invalid_page_token")


@pytest.mark.parametrize("payload", ['{"o": 1e999}', '{"o": Infinity}'])
def test_page_token_with_an_infinite_offset_is_invalid_argument(payload):
    with pytest.raises(InvalidArgument):
        paging.decode(raw_token(payload))


def test_page_size_bounds():
    assert paging.page_size(0) == paging.DEFAULT_PAGE_SIZE
    assert paging.page_size(5) == 5
    assert paging.page_size(100) == 100
    assert paging.page_size(10_000) == paging.MAX_PAGE_SIZE
    with pytest.raises(InvalidArgument) as caught:
        paging.page_size(-1)
    (violation,) = caught.value.violations
    assert (violation.field, violation.reason, violation.params) == (
        "page_size",
        "out_of_range",
        {"min": 0, "max": 100},
    )


def test_next_token():
    assert paging.decode(paging.next_token(40, 20, 20)) == 60
    assert paging.next_token(40, 7, 20) == ""


def test_distance_km_is_haversine():
    assert regions.distance_km(0.5435, 123.0595, 0.5435, 123.0595) == 0
    # One degree of latitude is about 111.2 km on the mean Earth.
    assert abs(regions.distance_km(0.0, 123.0, 1.0, 123.0) - 111.19) < 0.05


def test_every_district_has_a_seat_inside_the_province():
    districts = [r.code for r in regions.all_regions() if r.level == "district"]
    assert sorted(regions.district_centroids()) == sorted(districts)
    for latitude, longitude in regions.district_centroids().values():
        assert regions.coordinates_in_gorontalo(latitude, longitude)


def test_nearest_district_and_centroids():
    for code, (latitude, longitude) in regions.district_centroids().items():
        assert regions.nearest_district(latitude, longitude) == code
    kota = regions.centroid_of("75.71")
    assert regions.nearest_district(*kota).startswith("75.71.")
    assert regions.centroid_of("75.71.01.1001") == regions.district_centroids()["75.71.01"]
    assert regions.centroid_of("99") is None


def test_nearest_district_is_the_seat_at_the_smallest_haversine_distance():
    """The fast loop against the definition, on 20,000 points in and around the province (and points
    exactly half-way between two seats, where the first seat in the table wins as min() chose)."""
    seats = regions.district_centroids()
    rng = random.Random(20)
    points = [(rng.uniform(0.2, 1.2), rng.uniform(121.0, 123.6)) for _ in range(20_000)]
    (_, a), (_, b) = list(seats.items())[:2]
    points.append(((a[0] + b[0]) / 2, (a[1] + b[1]) / 2))
    for latitude, longitude in points:
        expected = min(seats.items(), key=lambda item: regions.distance_km(latitude, longitude, *item[1]))[0]
        assert regions.nearest_district(latitude, longitude) == expected


def test_window_reports_a_bad_size_and_a_bad_token_together():
    assert paging.window(0, "") == (0, paging.DEFAULT_PAGE_SIZE)
    assert paging.window(500, paging.encode(40)) == (40, paging.MAX_PAGE_SIZE)
    with pytest.raises(InvalidArgument) as error:
        paging.window(-1, "not-a-token")
    assert [v.field for v in error.value.violations] == ["page_size", "page_token"]
