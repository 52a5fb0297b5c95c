"""Use cases and the complaint handler against in-memory fakes: fast, no database."""

import datetime as dt

import pytest
from prometheus_client import REGISTRY

from gorontalo.complaints.v1 import events_pb2 as complaint_events
from gorontalo_disaster.service_layer import events, handlers, services
from servicekit import event_messages
from servicekit.auth import Principal
from servicekit.errors import InvalidArgument, NotFound

KOTA = (0.5435, 123.0568)
CITIZEN = Principal(subject="citizen-42", role="citizen")


def reports_metric(hazard, source):
    samples = [
        s
        for m in REGISTRY.collect()
        if m.name == "gorontalo_disaster_reports"
        for s in m.samples
        if s.name.endswith("_total") and s.labels["hazard"] == hazard and s.labels["channel"] == source
    ]
    return sum(s.value for s in samples)


def reasons(error):
    return {(v.field, v.reason) for v in error.value.violations}


def submit(uow, clock, principal=None, **fields):
    values = {"hazard": "banjir", "latitude": KOTA[0], "longitude": KOTA[1], "description": ""}
    values.update(fields)
    return services.submit_report(uow, clock, principal, **values)


def test_anonymous_report_is_accepted_unverified(fake_uow, clock):
    before = reports_metric("banjir", "api")
    report = submit(fake_uow, clock, description="  Air setinggi lutut di Kel. Limba B  ")
    assert report.verified_reporter is False and report.reporter_id is None
    assert report.source == "api"
    assert report.description == "Air setinggi lutut di Kel. Limba B"
    assert report.observed_at == report.received_at == clock.now
    assert fake_uow.reports.get(report.id) is report
    assert fake_uow.commits == 1
    assert fake_uow.events == [
        {
            "type": "gorontalo.disaster.report.submitted",
            "subject": report.id,
            "data": {
                "report_id": report.id,
                "hazard": "banjir",
                "latitude": KOTA[0],
                "longitude": KOTA[1],
                "source": "api",
                "region_code": report.region_code,
                "reporter_account_id": "",
                "incident_id": "",
            },
        }
    ]
    assert reports_metric("banjir", "api") == before + 1


def test_signed_in_reporter_is_remembered_and_named_in_the_event_by_account_id_only(fake_uow, clock):
    report = submit(fake_uow, clock, CITIZEN, hazard="Gempa_Bumi", observed_at=clock.now - dt.timedelta(hours=3))
    assert report.verified_reporter is True and report.reporter_id == "citizen-42"
    assert report.hazard == "gempa_bumi"
    assert report.observed_at == clock.now - dt.timedelta(hours=3)
    # The account id (opaque) lets the reporter's inbox show it; nothing else about them is published.
    assert "citizen-42" in str(fake_uow.events)


def test_every_problem_is_reported_at_once(fake_uow, clock):
    with pytest.raises(InvalidArgument) as error:
        submit(
            fake_uow,
            clock,
            hazard="meteor",
            latitude=-6.2,
            longitude=106.8,
            description="x" * 2001,
            observed_at=clock.now + dt.timedelta(minutes=6),
        )
    assert reasons(error) == {
        ("hazard", "not_one_of"),
        ("latitude", "coordinates_outside_gorontalo"),
        ("longitude", "coordinates_outside_gorontalo"),
        ("description", "too_long"),
        ("observed_at", "observed_at_future"),
    }
    assert fake_uow.reports.rows == {} and fake_uow.events == [] and fake_uow.commits == 0


def test_missing_fields(fake_uow, clock):
    with pytest.raises(InvalidArgument) as error:
        submit(fake_uow, clock, hazard=" ", latitude=0.0, longitude=0.0, observed_at=clock.now - dt.timedelta(days=8))
    assert reasons(error) == {
        ("hazard", "required"),
        ("latitude", "required"),
        ("longitude", "required"),
        ("observed_at", "observed_at_too_old"),
    }


def test_get_report(fake_uow, clock):
    report = submit(fake_uow, clock)
    assert services.get_report(fake_uow, report.id) is report
    with pytest.raises(NotFound):
        services.get_report(fake_uow, "00000000-0000-0000-0000-000000000000")
    with pytest.raises(InvalidArgument) as error:
        services.get_report(fake_uow, "")
    assert reasons(error) == {("id", "required")}


def test_list_is_newest_first_filtered_and_paged(fake_uow, clock):
    made = []
    for hazard in ["banjir", "tanah_longsor", "banjir", "banjir", "erupsi"]:
        made.append(submit(fake_uow, clock, hazard=hazard))
        clock.advance(minutes=1)
    page, token = services.list_reports(fake_uow, hazard="banjir", page_size=2)
    assert [r.id for r in page] == [made[3].id, made[2].id]
    assert token
    page, token = services.list_reports(fake_uow, hazard="banjir", page_size=2, page_token=token)
    assert [r.id for r in page] == [made[0].id]
    assert token == ""
    everything, token = services.list_reports(fake_uow)
    assert [r.id for r in everything] == [r.id for r in reversed(made)] and token == ""


def test_exactly_full_last_page_has_no_next_token(fake_uow, clock):
    for _ in range(4):
        submit(fake_uow, clock)
        clock.advance(seconds=1)
    page, token = services.list_reports(fake_uow, page_size=2)
    page, token = services.list_reports(fake_uow, page_size=2, page_token=token)
    assert len(page) == 2 and token == ""


def test_list_collects_filter_and_paging_problems(fake_uow):
    with pytest.raises(InvalidArgument) as error:
        services.list_reports(fake_uow, hazard="meteor", page_size=-1, page_token="not-a-token")
    assert reasons(error) == {
        ("hazard", "not_one_of"),
        ("page_size", "out_of_range"),
        ("page_token", "invalid_page_token"),
    }


# -- the Go-Gorontalo complaint handler ------------------------------------------------------------

COMPLAINT_FILED = "gorontalo.complaints.complaint.filed"
COMPLAINT_CATEGORY_CONFIRMED = "gorontalo.complaints.complaint.category_confirmed"
COMPLAINT_MESSAGES = {
    COMPLAINT_FILED: complaint_events.ComplaintFiled,
    COMPLAINT_CATEGORY_CONFIRMED: complaint_events.CategoryConfirmed,
}


def handle(uow, clock, envelope):
    """As the bus does: the payload parsed into the message of its type, then the handler."""
    message = event_messages.parse(COMPLAINT_MESSAGES[envelope["type"]], envelope.get("data"))
    return handlers.complaint_filed(uow, clock, message, envelope)


def complaint(**data):
    payload = {
        "complaint_id": "c-1",
        "tracking_code": "GTO-ABC",
        "category": "banjir",
        "region_code": "75.71.01",
        "latitude": KOTA[0],
        "longitude": KOTA[1],
        "title": "Banjir di Jl. Agus Salim",
        "privacy": "biasa",
        "category_source": "filer",
    }
    payload.update(data)
    return {
        "specversion": "1.0",
        "id": "evt-1",
        "type": COMPLAINT_FILED,
        "source": "/gorontalo/complaints",
        "time": "2025-01-15T02:30:00.000Z",
        "data": payload,
    }


def test_flood_complaint_becomes_a_verified_report(consumer_uow, clock):
    before = reports_metric("banjir", "go_gorontalo")
    report = handle(consumer_uow, clock, complaint())
    assert (report.hazard, report.source, report.source_ref) == ("banjir", "go_gorontalo", "c-1")
    assert report.verified_reporter is True and report.reporter_id is None
    assert report.description == "Banjir di Jl. Agus Salim"
    assert report.observed_at == dt.datetime(2025, 1, 15, 2, 30, tzinfo=dt.UTC)
    assert report.received_at == clock.now
    assert consumer_uow.events == [
        {
            "type": "gorontalo.disaster.report.submitted",
            "subject": report.id,
            "data": event_messages.to_data(events.report_submitted(report)),
        }
    ]
    assert reports_metric("banjir", "go_gorontalo") == before  # counted only once committed
    consumer_uow.commit()
    assert reports_metric("banjir", "go_gorontalo") == before + 1


def test_landslide_complaint_marked_confidential_keeps_its_title_private(consumer_uow, clock):
    secret = complaint(category="tanah_longsor", privacy="rahasia")
    del secret["data"]["title"]  # complaints never publishes a rahasia title
    report = handle(consumer_uow, clock, secret)
    assert report.hazard == "tanah_longsor" and report.description == ""


@pytest.mark.parametrize(
    "data",
    [
        {"category": "jalan_rusak"},
        {"category": "lainnya"},
        {"latitude": 0.0, "longitude": 0.0},  # located by region code only
        {"latitude": -6.2, "longitude": 106.8},  # outside Gorontalo
        {"latitude": None},
    ],
)
def test_other_complaints_are_ignored(consumer_uow, clock, data):
    assert handle(consumer_uow, clock, complaint(**data)) is None
    assert consumer_uow.reports.rows == {} and consumer_uow.events == []


@pytest.mark.parametrize("source", ["classifier", "", None, "model"])
def test_a_flood_only_the_model_saw_is_no_report(consumer_uow, clock, source):
    """Clogged drains the classifier labelled banjir formed a flood incident; only a person's word counts."""
    event = complaint(category_source=source)
    if source is None:
        del event["data"]["category_source"]  # published before complaints said who chose the category
    assert handle(consumer_uow, clock, event) is None
    assert consumer_uow.reports.rows == {} and consumer_uow.events == []


def test_a_dispatchers_confirmation_makes_the_report_once(consumer_uow, clock):
    unconfirmed = complaint(category_source="classifier")
    assert handle(consumer_uow, clock, unconfirmed) is None
    confirmed = complaint(category_source="dispatcher")
    confirmed.update(id="evt-2", type=COMPLAINT_CATEGORY_CONFIRMED)
    report = handle(consumer_uow, clock, confirmed)
    assert (report.hazard, report.source_ref, report.verified_reporter) == ("banjir", "c-1", True)
    again = dict(confirmed, id="evt-3")  # confirmed twice (or filed as banjir and confirmed): one report
    assert handle(consumer_uow, clock, again) is None
    assert list(consumer_uow.reports.rows) == [report.id]


def test_the_same_complaint_never_makes_two_reports(consumer_uow, clock):
    first = handle(consumer_uow, clock, complaint())
    again = complaint()
    again["id"] = "evt-2"  # republished under a new event id: the inbox cannot catch it
    assert handle(consumer_uow, clock, again) is None
    assert list(consumer_uow.reports.rows) == [first.id] and len(consumer_uow.events) == 1


@pytest.mark.parametrize(
    "envelope",
    [
        {"id": "evt-9", "type": COMPLAINT_FILED},  # no data
        {"id": "evt-9", "type": COMPLAINT_FILED, "data": "banjir"},
        complaint(complaint_id=""),
        complaint(latitude="north"),
        complaint(category_source=1),  # not the message's type: no retry can make it fit
    ],
)
def test_malformed_events_raise(consumer_uow, clock, envelope):
    with pytest.raises(event_messages.MalformedEvent):
        handle(consumer_uow, clock, envelope)
    assert consumer_uow.reports.rows == {}
