"""Who chose a complaint's category travels with its events: only a person's word confirms a flood (issue 12).

A drain the model alone labelled `banjir` became a Siaga flood report; now complaint.filed says
`category_source` (filer, classifier or none) and a dispatcher's decision, also a review of what the
model routed alone, emits complaint.category_confirmed (source dispatcher).
"""

import pytest

from gorontalo_complaints.service_layer import follow_up
from servicekit.errors import FailedPrecondition

from .test_follow_up import DISPATCHER, StubClassifier, events, file

FILED = "gorontalo.complaints.complaint.filed"
CONFIRMED = "gorontalo.complaints.complaint.category_confirmed"
DRAIN = dict(
    title="Got tersumbat di depan rumah",
    description="Selokan penuh sampah, air menggenang di jalan.",
    latitude=0.5412,
    longitude=123.0595,
)


def filed_data(app, tracking_code):
    return next(e["data"] for e in events(app, FILED) if e["data"]["tracking_code"] == tracking_code)


def test_the_filers_own_category_is_the_filers_word(make_app, database_url):
    app = make_app(database_url, classifier=StubClassifier("sampah", 0.9))
    filed = file(app, category="banjir", **DRAIN)
    assert filed.category == "banjir" and filed_data(app, filed.tracking_code)["category_source"] == "filer"


def test_a_flood_the_model_alone_routed_says_so_until_a_dispatcher_confirms_it(make_app, database_url):
    app = make_app(database_url, classifier=StubClassifier("banjir", 0.9))
    filed = file(app, **DRAIN)
    assert (filed.status, filed.category, filed.agency_code) == ("dispositioned", "banjir", "bpbd-7571")
    assert filed_data(app, filed.tracking_code)["category_source"] == "classifier"
    assert events(app, CONFIRMED) == []

    confirmed = follow_up.dispatch(
        app.uow(), app.clock, app.router, app.staff, DISPATCHER, tracking_code=filed.tracking_code, category="banjir"
    )
    assert (confirmed.status, confirmed.agency_code) == ("dispositioned", "bpbd-7571")
    [event] = events(app, CONFIRMED)
    assert event["data"]["category_source"] == "dispatcher" and event["data"]["category"] == "banjir"
    assert event["data"]["latitude"] == DRAIN["latitude"] and event["data"]["complaint_id"]
    with pytest.raises(FailedPrecondition):  # confirmed by a person: no second review
        follow_up.dispatch(
            app.uow(),
            app.clock,
            app.router,
            app.staff,
            DISPATCHER,
            tracking_code=filed.tracking_code,
            category="sampah",
        )


def test_a_dispatcher_corrects_the_models_flood_to_the_drain_it_is(make_app, database_url):
    app = make_app(database_url, classifier=StubClassifier("banjir", 0.9))
    filed = file(app, **DRAIN)
    corrected = follow_up.dispatch(
        app.uow(), app.clock, app.router, app.staff, DISPATCHER, tracking_code=filed.tracking_code, category="sampah"
    )
    assert (corrected.category, corrected.agency_code) == ("sampah", "dlh-7571")
    assert [e["data"]["category"] for e in events(app, CONFIRMED)] == ["sampah"]
    with pytest.raises(FailedPrecondition):  # no longer the model's alone: the review is done
        follow_up.dispatch(
            app.uow(),
            app.clock,
            app.router,
            app.staff,
            DISPATCHER,
            tracking_code=filed.tracking_code,
            category="banjir",
        )


def test_a_waiting_complaint_dispatched_as_a_flood_is_confirmed(make_app, database_url):
    app = make_app(database_url, classifier=StubClassifier("banjir", 0.3))
    filed = file(app, **DRAIN)
    assert filed.status == "received" and filed_data(app, filed.tracking_code)["category_source"] == ""
    follow_up.dispatch(
        app.uow(), app.clock, app.router, app.staff, DISPATCHER, tracking_code=filed.tracking_code, category="banjir"
    )
    assert [e["data"]["category_source"] for e in events(app, CONFIRMED)] == ["dispatcher"]


def test_what_the_filer_categorised_is_not_reviewed_again(make_app, database_url):
    app = make_app(database_url, classifier=StubClassifier("banjir", 0.9))
    filed = file(app, category="sampah", **DRAIN)
    with pytest.raises(FailedPrecondition):
        follow_up.dispatch(
            app.uow(),
            app.clock,
            app.router,
            app.staff,
            DISPATCHER,
            tracking_code=filed.tracking_code,
            category="banjir",
        )
