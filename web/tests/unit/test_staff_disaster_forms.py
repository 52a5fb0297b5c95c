"""The BPBD composer's form handling without Flask: WITA times, typed polygons and region codes, the API's
field names (CAP schema paths included) placed on the composer's inputs."""

from __future__ import annotations

import pytest
from gorontalo_web.staff import disaster_forms as forms


@pytest.mark.parametrize(
    "typed,sent",
    [
        ("2026-12-06T14:30", "2026-12-06T06:30:00Z"),
        ("2026-12-06 14.30", "2026-12-06T06:30:00Z"),
        ("2026-12-07T03:05", "2026-12-06T19:05:00Z"),  # early morning WITA is the day before in UTC
        ("", ""),
    ],
)
def test_times_are_typed_in_wita(typed, sent):
    assert forms.from_wita(typed) == sent


@pytest.mark.parametrize("typed", ["besok pagi", "2026-13-01T10:00", "06/12/2026 14:30"])
def test_what_is_not_a_time_is_said_so(typed):
    assert forms.from_wita(typed) is None


def test_an_issued_time_comes_back_into_the_form_in_wita():
    assert forms.wita_input("2026-12-06T10:30:00Z") == "2026-12-06T18:30"
    assert forms.wita_input("2026-12-06T18:30:00+08:00") == "2026-12-06T18:30"
    assert forms.wita_input("") == ""


def test_polygons_and_codes_are_read_as_typed():
    assert forms.polygon_points("0.52,123.12\n 0.56 123.12\n\n0.52, 123.12") == [
        (0.52, 123.12),
        (0.56, 123.12),
        (0.52, 123.12),
    ]
    assert forms.polygon_points("0.52;123.12") is None
    assert forms.polygon_points("utara,selatan") is None
    assert forms.region_codes("750301, 75.03.02 75.03.02;7503") == ["75.03.01", "75.03.02", "75.03"]


def test_the_body_is_the_issue_request_and_local_problems_stop_it():
    values = {
        "hazard": "banjir",
        "headline_id": " Siaga ",
        "region_codes": "75.03.01",
        "expires": "2026-12-06T18:30",
        "polygon": "",
    }
    body, problems = forms.alert_body(values, incident_id="inc-1")
    assert problems == {}
    assert body["headline"] == {"id": "Siaga", "en": ""} and body["incident_id"] == "inc-1"
    assert body["areas"] == [{"description": "Tapa", "region_codes": ["75.03.01"]}]
    assert body["expires"] == "2026-12-06T10:30:00Z" and "effective" not in body
    _, problems = forms.alert_body(values | {"polygon": "x", "effective": "nanti"})
    assert problems == {"polygon": "staff_disaster_polygon_invalid", "effective": "staff_disaster_time_invalid"}
    # Without any area the incident's own circle and places are the default (the API decides).
    body, _ = forms.alert_body({"hazard": "banjir"}, incident_id="inc-1")
    assert "areas" not in body


@pytest.mark.parametrize(
    "api_field,field",
    [
        ("headline.en", "headline_en"),
        ("description.id", "description_id"),
        ("areas[0].region_codes", "region_codes"),
        ("areas[0].polygons[1]", "polygon"),
        ("areas[0].description", "area_description"),
        ("areas", "region_codes"),
        ("expires", "expires"),
        ("document.info[0].urgency", "urgency"),
        ("document.info[1].headline", "headline_en"),
        ("document.info[0].responseType", "response_type"),
        ("document.info[1].area[0].polygon[0]", "polygon"),
        ("document.info[0].area[0].geocode[1].value", "region_codes"),
        ("document.sent", None),
        ("incident_id", None),
    ],
)
def test_api_fields_land_on_the_composers_inputs(api_field, field):
    assert forms.form_field(api_field) == field


def test_problems_are_placed_first_per_input_and_all_listed():
    by_field, listed = forms.place_problems(
        [
            {"field": "document.info[0].urgency", "reason": "CAP_SCHEMA_INVALID", "detail": "skema"},
            {"field": "urgency", "reason": "NOT_ONE_OF", "detail": "pilih"},
            {"field": "document.sent", "reason": "CAP_SCHEMA_INVALID", "detail": "waktu"},
        ]
    )
    assert by_field == {"urgency": "skema"}
    assert [p["input"] for p in listed] == ["urgency", "urgency", None]


def test_an_alert_prefills_its_update():
    values = forms.values_of_alert(
        {
            "hazard": "banjir",
            "status": "Actual",
            "headline": {"id": "Siaga", "en": "Watch"},
            "areas": [
                {
                    "description": "Tapa",
                    "region_codes": ["75.03.01"],
                    "polygons": [{"points": [{"latitude": 0.5, "longitude": 123.1}, {"latitude": 0.6}]}],
                }
            ],
            "expires": "2026-12-06T10:30:00Z",
        }
    )
    assert values["headline_id"] == "Siaga" and values["region_codes"] == "75.03.01"
    assert values["polygon"] == "0.5,123.1\n0.6,0" and values["expires"] == "2026-12-06T18:30"
    assert values["effective"] == ""  # an update takes effect when issued unless said otherwise


def test_fingerprints_follow_the_content_and_what_it_updates():
    body = {"hazard": "banjir"}
    assert forms.fingerprint(body) == forms.fingerprint({"hazard": "banjir"})
    assert forms.fingerprint(body) != forms.fingerprint({"hazard": "tsunami"})
    assert forms.fingerprint(body) != forms.fingerprint(body, "alert-1")


def test_jurisdiction_rules():
    assert forms.jurisdiction({"jurisdiction": []}) == ["75"]
    assert forms.covers(["75.03"], "75.03.01.2001") and not forms.covers(["75.03"], "75.031")
    assert forms.touches(["75.03.01"], ["75.03"]) and not forms.touches(["75.03"], ["75.71"])
    assert forms.is_bpbd({"role": "officer", "agency": "BPBD Kabupaten Bone Bolango"})
    assert not forms.is_bpbd({"role": "admin", "agency": "BPBD Provinsi Gorontalo"})
