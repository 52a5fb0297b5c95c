import datetime as dt

import pytest

from gorontalo_complaints.domain import model
from servicekit.errors import InvalidArgument

FILED_AT = dt.datetime(2025, 3, 10, 8, 30, tzinfo=dt.UTC)


def request(**overrides):
    fields = dict(
        category="jalan_rusak",
        title="Jalan berlubang di depan SDN 1",
        description="Lubang besar sejak dua minggu, membahayakan pengendara motor.",
        latitude=0.5435,
        longitude=123.0568,
        region_code="",
        privacy="",
        channel="",
    )
    fields.update(overrides)
    return fields


def violations(**overrides):
    with pytest.raises(InvalidArgument) as caught:
        model.validate_filing(**request(**overrides))
    return {(v.field, v.reason) for v in caught.value.violations}


def complaint(**overrides):
    fields = dict(
        id="c-1",
        tracking_code="GTO-7K3Q-95",
        reporter_id="citizen-a",
        category="pungli",
        title="Pungutan liar di kantor desa",
        description="Diminta membayar untuk surat pengantar.",
        latitude=0.5435,
        longitude=123.0568,
        region_code="75.71.01.1001",
        privacy="biasa",
        channel="app",
        status="received",
        filed_at=FILED_AT,
    )
    fields.update(overrides)
    return model.Complaint(**fields)


def test_defaults_and_normalisation():
    filing = model.validate_filing(**request(title="  Jalan   berlubang  parah ", region_code="7571011001"))
    assert filing.privacy == "biasa" and filing.channel == "web"
    assert filing.title == "Jalan berlubang parah"
    assert filing.region_code == "75.71.01.1001"


def test_region_alone_is_enough_and_coordinates_are_then_absent():
    filing = model.validate_filing(**request(latitude=0, longitude=0, region_code="75.04.01"))
    assert filing.latitude is None and filing.longitude is None
    assert filing.region_code == "75.04.01"


def test_every_problem_is_reported_at_once():
    assert violations(
        category="jalan", title="abc", description="pendek", privacy="publik", channel="fax", latitude=0, longitude=0
    ) == {
        ("category", "not_one_of"),
        ("title", "too_short"),
        ("description", "too_short"),
        ("privacy", "not_one_of"),
        ("channel", "not_one_of"),
        ("region_code", "required"),
    }


def test_lengths_at_the_edges():
    model.validate_filing(**request(title="x" * 5, description="y" * 10))
    model.validate_filing(**request(title="x" * 150, description="y" * 4000))
    assert violations(title="x" * 151, description="y" * 4001) == {("title", "too_long"), ("description", "too_long")}
    assert violations(title="   ", description="") == {("title", "required"), ("description", "required")}


@pytest.mark.parametrize(
    "latitude,longitude,expected",
    [
        (-6.2, 106.8, {("latitude", "coordinates_outside_gorontalo"), ("longitude", "coordinates_outside_gorontalo")}),
        (0.55, 0.0, {("longitude", "coordinates_outside_gorontalo")}),
        (5.0, 123.0, {("latitude", "coordinates_outside_gorontalo")}),
        (float("nan"), 123.0, {("latitude", "coordinates_outside_gorontalo")}),
    ],
)
def test_coordinates_must_be_in_gorontalo(latitude, longitude, expected):
    assert violations(latitude=latitude, longitude=longitude) == expected


@pytest.mark.parametrize(
    "code,reason",
    [
        ("75", "region_not_district_or_village"),
        ("75.71", "region_not_district_or_village"),
        ("73.71", "region_outside_gorontalo"),
        ("73.71.01", "region_outside_gorontalo"),
        ("75.71.99", "region_unknown"),
        ("kota", "region_unknown"),
    ],
)
def test_region_must_be_a_gorontalo_district_or_village(code, reason):
    assert violations(region_code=code) == {("region_code", reason)}


def test_reporter_sees_everything():
    view = model.view_of(complaint(privacy="rahasia"), "citizen-a")
    assert (view.id, view.title, view.latitude, view.privacy, view.channel) == (
        "c-1",
        "Pungutan liar di kantor desa",
        0.5435,
        "rahasia",
        "app",
    )


@pytest.mark.parametrize("viewer", [None, "citizen-b", ""])
def test_others_see_the_public_part(viewer):
    view = model.view_of(complaint(privacy="anonim"), viewer)
    assert view.title and view.description and view.category == "pungli"
    assert view.region_code == "75.71.01.1001" and view.filed_at == FILED_AT and view.status == "received"
    assert (view.id, view.latitude, view.longitude, view.privacy, view.channel) == ("", 0.0, 0.0, "", "")


def test_others_see_only_the_status_of_a_confidential_complaint():
    view = model.view_of(complaint(privacy="rahasia"), "citizen-b")
    assert view == model.ComplaintView(tracking_code="GTO-7K3Q-95", status="received")
