"""Destinations over real gRPC (mutual TLS): the starting set, search in both languages, nearby,
detail in JSON-LD, alerts at a place, and the officer's edits with their bad input."""

import json

import grpc
import pytest
import sqlalchemy as sa
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from gorontalo.disaster.v1 import disaster_pb2
from gorontalo.tourism.v1 import tourism_pb2 as pb
from servicekit.messaging import outbox

KOTA = (0.5435, 123.0568)


def failure(call, request, **kwargs) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as error:
        call(request, **kwargs)
    return error.value


def violations(error) -> list:
    found = []
    for detail in rpc_status.from_call(error).details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            request = error_details_pb2.BadRequest()
            detail.Unpack(request)
            found += request.field_violations
    return found


def field_reasons(error) -> dict[str, str]:
    return {v.field: v.reason.lower() for v in violations(error)}


def draft(**fields):
    values = dict(
        name="Pantai Botutonuo",
        kind="pantai",
        region_code="75.03.08",
        latitude=0.4445,
        longitude=123.1500,
        coordinates_approximate=True,
        description=pb.LocalizedText(id="Pantai berpasir di Kabila Bone.", en="Sandy beach in Kabila Bone."),
        prices=[pb.TicketPrice(label=pb.LocalizedText(id="Dewasa", en="Adult"), amount_idr=10_000)],
        opening_hours=[pb.OpeningPeriod(day_of_week=6, opens="08:00", closes="18:00")],
        source="Kantor Dinas Pariwisata Bone Bolango",
    )
    values.update(fields)
    return pb.DestinationDraft(**values)


def test_the_starting_set_is_searchable_in_both_languages(seeded, stub):
    everything = stub.ListDestinations(pb.ListDestinationsRequest(page_size=100)).destinations
    assert {d.key for d in everything} >= {"taman-laut-olele", "benteng-otanaha", "pulau-cinta", "pantai-bolihutuo"}
    assert all(d.coordinates_approximate and d.source and not d.prices and not d.opening_hours for d in everything)
    by_word = stub.ListDestinations(pb.ListDestinationsRequest(q="whale sharks")).destinations
    assert [d.key for d in by_word] == ["hiu-paus-botubarani"]
    in_bone_bolango = stub.ListDestinations(pb.ListDestinationsRequest(region="7503", page_size=100)).destinations
    assert {d.key for d in in_bone_bolango} == {"taman-laut-olele", "hiu-paus-botubarani", "air-terjun-lombongo"}
    lakes = stub.ListDestinations(pb.ListDestinationsRequest(kind="danau")).destinations
    assert [d.name for d in lakes] == ["Danau Limboto"]


def test_nearby_lists_the_closest_first_with_distances(seeded, stub):
    near = stub.ListDestinations(
        pb.ListDestinationsRequest(q="pantai", latitude=KOTA[0], longitude=KOTA[1], radius_km=30)
    ).destinations
    assert [d.key for d in near] == ["hiu-paus-botubarani", "taman-laut-olele"]
    assert 0 < near[0].distance_km < near[1].distance_km <= 30
    # Boalemo's beaches are about a hundred kilometres away.
    assert "pantai-bolihutuo" not in [d.key for d in near]


def test_bad_search_input_names_each_field(seeded, stub):
    error = failure(
        stub.ListDestinations,
        pb.ListDestinationsRequest(kind="kasino", region="99.99", latitude=3.5, longitude=123.0, radius_km=500),
    )
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field_reasons(error) == {
        "kind": "not_one_of",
        "region": "region_unknown",
        "latitude": "coordinates_outside_gorontalo",
        "radius_km": "out_of_range",
    }


def test_detail_and_json_ld_keep_markup_as_text(app, stub, as_):
    officer = as_("officer", "o-bb", ["75.03"])
    hostile = "Indah</script><script>alert(1)</script> & <b>murah</b>"
    created = stub.CreateDestination(
        pb.CreateDestinationRequest(destination=draft(description=pb.LocalizedText(id=hostile, en="Beach"))),
        metadata=officer,
    )
    assert stub.GetDestination(pb.GetDestinationRequest(id=created.id)).description.id == hostile  # stored as typed
    body = stub.GetDestinationJsonLd(pb.GetDestinationRequest(id=created.id))
    assert body.content_type == "application/ld+json"
    assert b"<" not in body.data and b">" not in body.data and b"&" not in body.data
    document = json.loads(body.data)
    assert document["@type"] == "TouristAttraction" and document["name"] == "Pantai Botutonuo"
    assert {"@language": "id", "@value": hostile} in document["description"]
    assert document["url"] == f"https://gorontaloprov.go.id/wisata/{created.id}"
    assert document["geo"] == {"@type": "GeoCoordinates", "latitude": 0.4445, "longitude": 123.15}
    assert document["openingHoursSpecification"][0]["dayOfWeek"] == "Saturday"


def test_alerts_at_a_place_come_from_siaga(seeded, stub, alerts):
    [olele] = stub.ListDestinations(pb.ListDestinationsRequest(q="Olele")).destinations
    alerts.alerts = [
        disaster_pb2.Alert(
            id="a-1",
            hazard="banjir",
            severity="Severe",
            headline=disaster_pb2.LocalizedText(id="Banjir di Kabila Bone", en="Flood in Kabila Bone"),
            active=True,
        )
    ]
    answer = stub.ListDestinationAlerts(pb.ListDestinationAlertsRequest(id=olele.id))
    assert [(a.alert_id, a.hazard, a.headline.en) for a in answer.alerts] == [("a-1", "banjir", "Flood in Kabila Bone")]
    assert alerts.asked[-1] == (olele.latitude, olele.longitude)
    alerts.down = True
    answer = stub.ListDestinationAlerts(pb.ListDestinationAlertsRequest(id=olele.id))
    assert answer.alerts_unavailable and not answer.alerts


def test_officers_outside_the_tourism_office_or_region_cannot_edit(app, stub, as_):
    request = pb.CreateDestinationRequest(destination=draft())
    for metadata in (
        as_("officer", "o-kota", ["75.71"]),  # Kota Gorontalo's tourism office: not Bone Bolango
        as_("officer", "o-pupr", ["75.03"], agency="dinas-pupr-7503"),  # not a tourism office
    ):
        assert failure(stub.CreateDestination, request, metadata=metadata).code() == grpc.StatusCode.PERMISSION_DENIED
    assert failure(stub.CreateDestination, request, metadata=as_("citizen", "c-1")).code() == (
        grpc.StatusCode.PERMISSION_DENIED
    )
    assert failure(stub.CreateDestination, request).code() == grpc.StatusCode.UNAUTHENTICATED


def test_bad_input_is_refused_whole_and_named_field_by_field(app, stub, as_):
    bad = draft(
        latitude=-6.2,  # Jakarta
        longitude=106.8,
        region_code="75.99",
        prices=[pb.TicketPrice(label=pb.LocalizedText(id="Dewasa"), amount_idr=250_000_000)],
        opening_hours=[pb.OpeningPeriod(day_of_week=8, opens="18:00", closes="08:00")],
        contacts=pb.Contacts(website="javascript:alert(1)"),
    )
    error = failure(
        stub.CreateDestination, pb.CreateDestinationRequest(destination=bad), metadata=as_("officer", "o", ["75"])
    )
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field_reasons(error) == {
        "destination.region_code": "region_unknown",
        "destination.latitude": "coordinates_outside_gorontalo",
        "destination.prices[0].amount_idr": "price_out_of_range",
        "destination.opening_hours[0].day_of_week": "out_of_range",
        "destination.opening_hours[0].closes": "closes_before_opens",
        "destination.contacts.website": "contact_invalid",
    }
    descriptions = {v.field: v.description for v in violations(error)}  # Indonesian unless asked otherwise
    assert descriptions["destination.prices[0].amount_idr"] == "Harga harus antara Rp0 dan Rp10000000."
    assert not stub.ListDestinations(pb.ListDestinationsRequest()).destinations  # nothing written


def test_a_possible_duplicate_is_warned_and_merged(seeded, stub, as_):
    officer = as_("officer", "o-bb", ["75.03"], language="en")
    [olele] = stub.ListDestinations(pb.ListDestinationsRequest(q="Olele")).destinations
    again = draft(name="Olele", kind="bawah_laut", region_code="75.03.08.2004", latitude=0.4070, longitude=123.1600)
    error = failure(stub.CreateDestination, pb.CreateDestinationRequest(destination=again), metadata=officer)
    assert error.code() == grpc.StatusCode.ALREADY_EXISTS
    assert field_reasons(error) == {"destination.name": "destination_possible_duplicate"}
    assert olele.id in error.details() and "Merge" in error.details()
    duplicate = stub.CreateDestination(
        pb.CreateDestinationRequest(destination=again, not_a_duplicate=True), metadata=officer
    )
    merged = stub.MergeDestination(pb.MergeDestinationRequest(id=duplicate.id, into_id=olele.id), metadata=officer)
    assert merged.merged_into == olele.id
    listed = [d.id for d in stub.ListDestinations(pb.ListDestinationsRequest(q="Olele")).destinations]
    assert listed == [olele.id]


def test_the_office_fills_in_prices_and_hours_and_the_change_is_an_event(seeded, stub, as_):
    [otanaha] = stub.ListDestinations(pb.ListDestinationsRequest(q="Otanaha")).destinations
    form = draft(
        name=otanaha.name,
        kind=otanaha.kind,
        region_code=otanaha.region_code,
        latitude=0.5468,
        longitude=123.0307,
        coordinates_approximate=False,
        description=otanaha.description,
        source=otanaha.source,
        facilities=["Parkir", "Toilet"],
        contacts=pb.Contacts(phone="0435 123456", website="https://dispar.gorontaloprov.go.id"),
    )
    outsider = as_("officer", "o-bb", ["75.03"])
    denied = failure(
        stub.UpdateDestination, pb.UpdateDestinationRequest(id=otanaha.id, destination=form), metadata=outsider
    )
    assert denied.code() == grpc.StatusCode.PERMISSION_DENIED
    updated = stub.UpdateDestination(
        pb.UpdateDestinationRequest(id=otanaha.id, destination=form), metadata=as_("officer", "o-kota", ["75.71"])
    )
    assert (updated.coordinates_approximate, list(updated.facilities), updated.prices[0].amount_idr) == (
        False,
        ["Parkir", "Toilet"],
        10_000,
    )
    assert updated.key == "benteng-otanaha"  # a later import of the set still matches it
    document = json.loads(stub.GetDestinationJsonLd(pb.GetDestinationRequest(id=otanaha.id)).data)
    assert document["isAccessibleForFree"] is False and document["telephone"] == "0435 123456"
    with seeded.session_factory() as session:
        types = [row.subject for row in session.execute(sa.select(outbox).order_by(outbox.c.seq))]
    assert types.count("gorontalo.tourism.destination.created") == 8
    assert types[-1] == "gorontalo.tourism.destination.updated"
