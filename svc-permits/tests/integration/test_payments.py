"""The fee payment event (gorontalo.tax.payment.received) on real databases, then over a real nats-server."""

import asyncio
import json
import uuid

import nats
import pytest
import sqlalchemy as sa

from gorontalo.tax.v1.events_pb2 import PaymentReceived
from gorontalo_permits.service_layer import applications, payments, workflow
from gorontalo_permits.service_layer.unit_of_work import ConsumerUnitOfWork
from servicekit import event_messages
from servicekit.messaging import make_cloudevent, outbox

from ..conftest import seed_documents
from .test_events_nats import wait_until

NIB = "9120001234567"


def approved_hotel(app, catalog, clock, citizen, kota_officer, submission, fee_bills, **extra):
    application = applications.submit_application(
        app.uow(), catalog, clock, citizen, **submission(kbli_code="55110", **extra)
    )
    applications.start_review(app.uow(), clock, kota_officer, application_id=application.id)
    return workflow.approve(app.uow(), clock, kota_officer, application_id=application.id, fee_bills=fee_bills)


def payment_event(application_id, bill_id, *, caller="permits", amount=1_000_000, requested_by=""):
    return make_cloudevent(
        source="/gorontalo/tax",
        type_="gorontalo.tax.payment.received",
        subject=bill_id,
        data={
            "bill_id": bill_id,
            "caller": caller,
            "caller_reference": application_id,
            "amount": amount,
            "channel": "bank_sulutgo",
            "paid_at": "2025-03-05T02:00:00Z",
            "receipt_number": "NTPD-7571-0001",
            "tax_type": "retribusi",
            "requested_by": requested_by,
        },
    )


def deliver(app, clock, envelope) -> str:
    """What the bus does with one event: the payload parsed into svc-tax's message (a MalformedEvent is
    dead-lettered), then the handler inside one transaction, committed."""
    paid = event_messages.parse(PaymentReceived, envelope.get("data"))
    with app.session_factory() as session, session.begin():
        return payments.payment_received(ConsumerUnitOfWork(session), clock, paid, app.this_instance)


def events(app):
    with app.engine.connect() as connection:
        return [json.loads(r.envelope) for r in connection.execute(sa.select(outbox.c.envelope).order_by(outbox.c.seq))]


def test_payment_moves_the_application_to_issued_and_a_replay_changes_nothing(
    app, catalog, clock, citizen, kota_officer, submission, fee_bills
):
    approved = approved_hotel(app, catalog, clock, citizen, kota_officer, submission, fee_bills, nib=NIB)
    clock.advance(days=2)
    envelope = payment_event(approved.id, approved.bill_id)
    assert deliver(app, clock, envelope) == "issued"
    issued = applications.get_application(app.uow(), citizen, approved.id)
    assert issued.status == "issued" and issued.permit_number == "7571/DPMPTSP/2025/000001"
    assert issued.payment_status == "paid"
    assert [(e.status, e.actor_role) for e in issued.timeline[-3:]] == [
        ("paid", "system"),
        ("approved", "system"),
        ("issued", "system"),
    ]
    assert "NTPD-7571-0001" in issued.timeline[-3].note
    tail = events(app)[-4:]
    assert [
        (e["type"].rsplit(".", 2)[-2:], e["data"].get("old_status"), e["data"].get("new_status")) for e in tail
    ] == [
        (["application", "status_changed"], "awaiting_payment", "paid"),
        (["application", "status_changed"], "paid", "approved"),
        (["application", "status_changed"], "approved", "issued"),
        (["permit", "issued"], None, None),
    ]
    # The resident's inbox learns from these alone whose permit it is, for which activity, and the fee.
    assert [(e["data"]["applicant_id"], e["data"]["kbli_title"]) for e in tail] == [
        (citizen.subject, "Hotel Bintang")
    ] * 4
    assert [e["data"]["fee_amount"] for e in tail[:3]] == ["1000000"] * 3
    before = len(events(app))
    assert deliver(app, clock, payment_event(approved.id, approved.bill_id)) == "ignored_state"  # same payment again
    assert len(events(app)) == before
    assert applications.get_application(app.uow(), citizen, approved.id) == issued


def test_without_an_nib_it_waits_approved_until_the_applicant_gives_it(
    app, catalog, clock, citizen, kota_officer, submission, fee_bills
):
    approved = approved_hotel(app, catalog, clock, citizen, kota_officer, submission, fee_bills)
    assert deliver(app, clock, payment_event(approved.id, approved.bill_id)) == "approved_waiting_nib"
    waiting = applications.get_application(app.uow(), citizen, approved.id)
    assert (waiting.status, waiting.next_step, waiting.permit_number) == ("approved", "applicant_nib", "")
    from servicekit.errors import InvalidArgument

    with pytest.raises(InvalidArgument):
        workflow.provide_nib(app.uow(), clock, citizen, application_id=approved.id, nib="12345")
    issued = workflow.provide_nib(app.uow(), clock, citizen, application_id=approved.id, nib=NIB)
    assert issued.status == "issued" and issued.nib == NIB and issued.permit_number
    assert events(app)[-1]["type"] == "gorontalo.permits.permit.issued"


@pytest.mark.parametrize(
    "change,outcome",
    [
        ({"caller": "retribusi-pasar"}, "ignored_caller"),
        ({"application_id": str(uuid.uuid4())}, "ignored_unknown"),
        ({"application_id": "not-a-uuid"}, "ignored_unknown"),
        ({"bill_id": str(uuid.uuid4())}, "ignored_state"),  # another bill than the one awaited
        ({"amount": 1}, "ignored_amount"),
        # A fee bill Kota Gorontalo's permits instance asked for: the province's instance leaves it.
        ({"requested_by": "spiffe://gorontaloprov.go.id/agency/7571/permits"}, "other_instance"),
    ],
)
def test_events_that_are_not_this_applications_payment_change_nothing(
    app, catalog, clock, citizen, kota_officer, submission, fee_bills, change, outcome
):
    approved = approved_hotel(app, catalog, clock, citizen, kota_officer, submission, fee_bills, nib=NIB)
    before = len(events(app))
    envelope = payment_event(
        change.get("application_id", approved.id),
        change.get("bill_id", approved.bill_id),
        caller=change.get("caller", "permits"),
        amount=change.get("amount", 1_000_000),
        requested_by=change.get("requested_by", ""),
    )
    assert deliver(app, clock, envelope) == outcome
    assert len(events(app)) == before
    assert applications.get_application(app.uow(), citizen, approved.id).status == "awaiting_payment"


@pytest.mark.parametrize(
    "data",
    [
        "nonsense",  # no object
        {"bill_id": "b-1", "caller": "permits", "amount": 1.5},  # not whole rupiah: cannot be the message
        {"caller": "permits", "caller_reference": str(uuid.uuid4()), "amount": 1},  # a permits payment without its bill
    ],
)
def test_a_malformed_event_raises_so_the_bus_dead_letters_it(app, clock, data):
    with pytest.raises(event_messages.MalformedEvent):
        deliver(app, clock, {"id": "x", "data": data})


def test_the_amount_is_read_as_proto3_json_writes_it(app, catalog, clock, citizen, kota_officer, submission, fee_bills):
    """svc-tax's int64 amount arrives as a string ("1000000"); an integer is accepted too."""
    approved = approved_hotel(app, catalog, clock, citizen, kota_officer, submission, fee_bills, nib=NIB)
    assert deliver(app, clock, payment_event(approved.id, approved.bill_id, amount="1000000")) == "issued"


@pytest.fixture
def live_app(nats_server, tmp_path, clock, minter, settings_for, fee_bills):
    from gorontalo_permits import bootstrap as composition

    settings = settings_for(
        f"sqlite:///{tmp_path / 'permits.db'}", tmp_path, nats_url=nats_server.url, stream="GORONTALO"
    )
    app = composition.bootstrap(settings, clock=clock, verifier=minter.verifier, fee_bills=fee_bills)
    seed_documents(app)
    app.bus.start()
    yield app
    app.bus.stop(flush_seconds=1)
    app.close()


async def publish(url, envelope, times=1):
    connection = await nats.connect(url)
    try:
        for _ in range(times):
            # A new message id each time: JetStream keeps both, so only the inbox can deduplicate.
            await connection.jetstream().publish(envelope["type"], json.dumps(envelope).encode())
    finally:
        await connection.close()


def test_the_durable_consumer_takes_the_payment_from_jetstream_once(
    live_app, nats_server, catalog, clock, citizen, kota_officer, submission, fee_bills
):
    from prometheus_client import REGISTRY

    def duplicates():
        return (
            REGISTRY.get_sample_value(
                "gorontalo_events_consumed_total", {"consumer": "permits-from-tax-payments", "outcome": "duplicate"}
            )
            or 0.0
        )

    approved = approved_hotel(live_app, catalog, clock, citizen, kota_officer, submission, fee_bills, nib=NIB)
    seen_before = duplicates()
    asyncio.run(publish(nats_server.url, payment_event(approved.id, approved.bill_id), times=2))
    issued = wait_until(
        lambda: (a := applications.get_application(live_app.uow(), citizen, approved.id)).status == "issued" and a
    )
    assert issued.permit_number
    wait_until(lambda: duplicates() > seen_before)  # the second copy reached the consumer, and the inbox knew it
    with live_app.engine.connect() as connection:
        inbox = connection.execute(sa.text("SELECT consumer FROM inbox")).scalars().all()
    assert inbox == ["permits-from-tax-payments"]
    assert [e.status for e in issued.timeline].count("issued") == 1
