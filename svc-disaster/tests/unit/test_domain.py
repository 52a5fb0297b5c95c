import datetime as dt
import math

import pytest

from gorontalo_disaster.domain import model

NOW = dt.datetime(2025, 1, 15, 3, 0, tzinfo=dt.UTC)


def test_the_eleven_hazards_of_the_contract():
    assert len(model.HAZARDS) == 11 == len(set(model.HAZARDS))
    assert {"banjir", "tanah_longsor", "gempa_bumi", "tsunami", "erupsi"} <= set(model.HAZARDS)


def test_hazard_names_are_normalised():
    assert model.normalise_hazard("  Banjir_Bandang ") == "banjir_bandang"
    assert model.normalise_hazard(None) == ""


@pytest.mark.parametrize(
    "lat,lon,inside",
    [
        (0.5435, 123.0568, True),  # Kota Gorontalo
        (0.5320, 121.5200, True),  # Pohuwato coast
        (0.9, 123.3, True),  # Sulawesi Sea, still Gorontalo's waters
        (-6.2, 106.8, False),  # Jakarta
        (1.4748, 124.8421, False),  # Manado
        (math.nan, 123.0, False),
        (0.5, math.inf, False),
    ],
)
def test_coordinates_inside_gorontalo(lat, lon, inside):
    assert model.coordinates_inside(lat, lon) is inside


def test_both_coordinates_zero_count_as_missing():
    assert model.coordinates_missing(0.0, 0.0)
    assert not model.coordinates_missing(0.0, 123.0)


@pytest.mark.parametrize(
    "offset,expected",
    [
        (dt.timedelta(0), None),
        (dt.timedelta(minutes=5), None),
        (dt.timedelta(minutes=5, seconds=1), "observed_at_future"),
        (-dt.timedelta(days=7), None),
        (-dt.timedelta(days=7, seconds=1), "observed_at_too_old"),
    ],
)
def test_observed_at_bounds(offset, expected):
    problem = model.observed_at_problem(NOW + offset, NOW)
    assert (problem[0] if problem else None) == expected


def test_observed_at_messages_carry_their_limits():
    assert model.observed_at_problem(NOW + dt.timedelta(hours=1), NOW) == ("observed_at_future", {"minutes": 5})
    assert model.observed_at_problem(NOW - dt.timedelta(days=8), NOW) == ("observed_at_too_old", {"days": 7})


@pytest.mark.parametrize(
    "category,hazard",
    [
        ("banjir", "banjir"),
        ("tanah_longsor", "tanah_longsor"),
        (" BANJIR ", "banjir"),
        ("jalan_rusak", None),
        ("sampah", None),
        ("", None),
        (None, None),
    ],
)
def test_only_floods_and_landslides_become_reports(category, hazard):
    assert model.hazard_for_complaint(category) == hazard


def test_confidential_complaint_titles_are_not_copied():
    assert model.description_from_complaint("Banjir di Jl. Agus Salim", "biasa") == "Banjir di Jl. Agus Salim"
    assert model.description_from_complaint("Banjir di rumah saya", "rahasia") == ""
    assert model.description_from_complaint(None, "biasa") == ""
    assert len(model.description_from_complaint("x" * 5000, "anonim")) == model.MAX_DESCRIPTION


def test_observation_time_from_an_event_is_never_in_the_future():
    earlier = NOW - dt.timedelta(hours=2)
    assert model.observed_at_from_event(earlier, NOW) == earlier
    assert model.observed_at_from_event(NOW + dt.timedelta(hours=1), NOW) == NOW
    assert model.observed_at_from_event(None, NOW) == NOW
