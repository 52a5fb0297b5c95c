"""Open data (GeoJSON, CSV), the offline guide (PDF with map sketch and QR codes, compact JSON), the
events calendar (iCalendar read back with the same library) and the all-or-nothing import."""

import csv
import datetime as dt
import io
import json

import grpc
import icalendar
import pypdf
import pytest
from gorontalo_tourism.bootstrap import seed_path

from gorontalo.tourism.v1 import tourism_pb2 as pb

from .test_destinations_grpc import failure, field_reasons


def test_geojson_and_csv_hold_every_place_and_no_formula(seeded, stub, as_):
    stub.CreateDestination(
        pb.CreateDestinationRequest(
            destination=pb.DestinationDraft(
                name='=HYPERLINK("http://x")',
                kind="kuliner",
                region_code="75.71",
                latitude=0.54,
                longitude=123.06,
                source="Kantor",
            )
        ),
        metadata=as_("officer", "o", ["75"]),
    )
    geo = stub.ExportDestinationsGeoJson(pb.ExportDestinationsRequest())
    assert geo.content_type == "application/geo+json"
    features = json.loads(geo.data)["features"]
    assert len(features) == 9
    otanaha = next(f for f in features if f["properties"]["name"] == "Benteng Otanaha")
    assert otanaha["geometry"] == {"type": "Point", "coordinates": [123.031, 0.547]}  # longitude first
    assert otanaha["properties"]["region_name"] == "Dembe I" and otanaha["properties"]["coordinates_approximate"]
    rows = list(csv.DictReader(io.StringIO(stub.ExportDestinationsCsv(pb.ExportDestinationsRequest()).data.decode())))
    assert len(rows) == 9 and {r["name"] for r in rows} >= {"Pulau Cinta", "Danau Limboto"}
    assert next(r for r in rows if "HYPERLINK" in r["name"])["name"].startswith("'=")
    lakes = json.loads(stub.ExportDestinationsGeoJson(pb.ExportDestinationsRequest(kind="danau")).data)
    assert [f["properties"]["name"] for f in lakes["features"]] == ["Danau Limboto"]


def _qr_payloads(pdf: bytes) -> list[str]:
    zxingcpp = pytest.importorskip("zxingcpp")
    found = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for image in page.images:
            found += [code.text for code in zxingcpp.read_barcodes(image.image)]
    return found


def test_the_bone_bolango_guide_has_its_places_and_their_qr_codes(seeded, stub):
    with_metadata = stub.GetGuidePdf.with_call(pb.GetGuideRequest(regency_code="7503", lang="en"))
    body, call = with_metadata
    assert body.content_type == "application/pdf" and body.data.startswith(b"%PDF")
    assert ("content-disposition", 'attachment; filename="panduan-wisata-7503-en.pdf"') in call.initial_metadata()
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(body.data)).pages)
    assert "Travel Guide Kabupaten Bone Bolango" in text and "Map sketch" in text
    for name in ("Taman Laut Olele", "Hiu Paus Botubarani", "Air Terjun Lombongo"):
        assert name in text
    assert "Benteng Otanaha" not in text  # Kota Gorontalo's
    places = {d.name: d.id for d in stub.ListDestinations(pb.ListDestinationsRequest(region="75.03")).destinations}
    assert sorted(_qr_payloads(body.data)) == sorted(f"https://gorontaloprov.go.id/wisata/{i}" for i in places.values())
    compact = json.loads(stub.GetGuideJson(pb.GetGuideRequest(regency_code="75.03")).data)
    assert compact["rn"] == "Kabupaten Bone Bolango" and {d["n"] for d in compact["d"]} == set(places)
    for code in ("75.03.08", "7599", "x"):
        error = failure(stub.GetGuidePdf, pb.GetGuideRequest(regency_code=code))
        assert field_reasons(error) == {"regency_code": "regency_unknown"}


def test_events_by_date_range_and_as_icalendar(seeded, stub, as_, clock):
    [otanaha] = stub.ListDestinations(pb.ListDestinationsRequest(q="Otanaha")).destinations
    kota = as_("officer", "o-kota", ["75.71"])
    festival = stub.CreateEvent(
        pb.CreateEventRequest(
            name=pb.LocalizedText(id="Festival Benteng Otanaha", en="Otanaha Fort Festival"),
            description=pb.LocalizedText(id="Pertunjukan budaya.", en="Cultural performances."),
            start_date="2026-08-14",
            end_date="2026-08-16",
            destination_id=otanaha.id,
        ),
        metadata=kota,
    )
    assert (festival.region_code, festival.latitude) == (otanaha.region_code, otanaha.latitude)
    listed = stub.ListEvents(pb.ListEventsRequest(from_date="2026-08-16", to_date="2026-08-31")).events
    assert [e.id for e in listed] == [festival.id]  # still on on its last day
    assert stub.ListEvents(pb.ListEventsRequest(from_date="2026-08-17")).events == []
    assert [e.id for e in stub.ListEvents(pb.ListEventsRequest()).events] == [festival.id]  # from today
    ics = stub.ExportEventsIcs(pb.ListEventsRequest(), metadata=[("accept-language", "en")])
    assert ics.content_type.startswith("text/calendar")
    [entry] = icalendar.Calendar.from_ical(ics.data).walk("VEVENT")
    assert str(entry["summary"]) == "Otanaha Fort Festival" and str(entry["location"]) == "Benteng Otanaha"
    assert entry.decoded("dtstart") == dt.date(2026, 8, 14) and entry.decoded("dtend") == dt.date(2026, 8, 17)
    document = json.loads(stub.GetEventJsonLd(pb.GetEventRequest(id=festival.id)).data)
    assert document["@type"] == "Event" and document["startDate"] == "2026-08-14"
    assert document["location"]["name"] == "Benteng Otanaha"
    bad = pb.CreateEventRequest(
        name=pb.LocalizedText(), start_date="2026-08-20", end_date="2026-08-01", region_code="75.71"
    )
    assert field_reasons(failure(stub.CreateEvent, bad, metadata=kota)) == {
        "name.id": "required",
        "end_date": "end_before_start",
    }
    elsewhere = pb.CreateEventRequest(name=pb.LocalizedText(id="Pesta"), start_date="2026-08-20", region_code="75.03")
    assert failure(stub.CreateEvent, elsewhere, metadata=kota).code() == grpc.StatusCode.PERMISSION_DENIED


def test_the_import_takes_the_whole_file_or_nothing(app, stub, as_):
    officer = as_("officer", "o", ["75"])
    seed = json.loads(seed_path().read_bytes())
    broken = json.loads(json.dumps(seed))
    broken["destinations"][2]["region_code"] = "75.99"
    broken["destinations"][5]["latitude"] = 5.0
    broken["destinations"][6]["source"] = ""
    error = failure(
        stub.ImportDestinations,
        pb.ImportDestinationsRequest(
            document={"content_type": "application/json", "data": json.dumps(broken).encode()}
        ),
        metadata=officer,
    )
    assert field_reasons(error) == {
        "destinations[2].region_code": "region_unknown",
        "destinations[5].latitude": "coordinates_outside_gorontalo",
        "destinations[6].source": "required",
    }
    assert stub.ListDestinations(pb.ListDestinationsRequest()).destinations == []
    document = {"content_type": "application/json", "data": json.dumps(seed).encode()}
    first = stub.ImportDestinations(pb.ImportDestinationsRequest(document=document), metadata=officer)
    assert (first.created, first.updated) == (8, 0)
    again = stub.ImportDestinations(pb.ImportDestinationsRequest(document=document), metadata=officer)
    assert (again.created, again.updated) == (0, 8)  # keys match: the same places, updated
    not_json = {"content_type": "application/json", "data": b"{nope"}
    assert field_reasons(
        failure(stub.ImportDestinations, pb.ImportDestinationsRequest(document=not_json), metadata=officer)
    ) == {"document": "import_not_json"}
    kota_only = as_("officer", "o-kota", ["75.71"])
    error = failure(stub.ImportDestinations, pb.ImportDestinationsRequest(document=document), metadata=kota_only)
    assert set(field_reasons(error).values()) == {"outside_jurisdiction"}
