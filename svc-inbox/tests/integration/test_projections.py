"""Events applied to the read model through the consumers' own path (inbox dedupe, one transaction),
on SQLite and PostgreSQL: the timeline, notifications, deliveries, and the same result in any order."""

import datetime as dt
import itertools

from gorontalo_inbox.adapters.tables import deliveries, notifications, timeline_items
from gorontalo_inbox.service_layer import reminders

from gorontalo.complaints.v1 import events_pb2 as complaint_events
from gorontalo.identity.v1 import events_pb2 as identity_events
from gorontalo.permits.v1 import events_pb2 as permit_events
from gorontalo.tax.v1 import events_pb2 as tax_events

from .projecting import apply, at, rows


def permit_journey(cloudevent, applicant="citizen-1", application="app-1"):
    common = {"application_id": application, "applicant_id": applicant, "kbli_code": "56101", "kbli_title": "Restoran"}
    return [
        cloudevent(permit_events.ApplicationSubmitted(**common, risk_level="menengah_tinggi"), at=at(0)),
        cloudevent(
            permit_events.ApplicationStatusChanged(**common, old_status="submitted", new_status="in_review"), at=at(5)
        ),
        cloudevent(
            permit_events.ApplicationStatusChanged(**common, old_status="in_review", new_status="revision_requested"),
            at=at(9),
        ),
        cloudevent(
            permit_events.ApplicationStatusChanged(**common, old_status="revision_requested", new_status="submitted"),
            at=at(30),
        ),
        cloudevent(
            permit_events.ApplicationStatusChanged(
                **common, old_status="in_review", new_status="awaiting_payment", bill_id="bill-9", fee_amount=1500000
            ),
            at=at(40),
        ),
        cloudevent(
            tax_events.BillIssued(
                bill_id="bill-9",
                tax_type="retribusi",
                owner_id=applicant,
                principal=1500000,
                due_date="2026-03-24",
                caller="permits",
                caller_reference=application,
            ),
            at=at(40),
        ),
    ]


def test_a_permit_journey_in_the_timeline_with_notifications_and_sms(make_app, database_url, cloudevent):
    app = make_app(database_url)
    assert apply(app, *permit_journey(cloudevent)) == ["processed"] * 6
    items = {r["ref_id"]: r for r in rows(app, timeline_items)}
    assert (items["app-1"]["state"], items["app-1"]["resident_id"], items["app-1"]["amount"]) == (
        "awaiting_payment",
        "citizen-1",
        1500000,
    )
    assert (items["app-1"]["created_at"], items["app-1"]["updated_at"]) == (at(0), at(40))
    assert (items["bill-9"]["state"], items["bill-9"]["due_date"], items["bill-9"]["tax_type"]) == (
        "unpaid",
        "2026-03-24",
        "retribusi",
    )
    told = sorted((n["kind"], n["ref_id"]) for n in rows(app, notifications))
    assert told == [("bill_issued", "bill-9"), ("permit_approved", "app-1"), ("permit_revision_requested", "app-1")]
    # SMS for the revision and the approval; the fee bill's notice stays in the app (the approval said it).
    queued = rows(app, deliveries)
    assert sorted((d["channel"], d["recipient_id"], d["kind"]) for d in queued) == [
        ("sms", "citizen-1", "permit_approved"),
        ("sms", "citizen-1", "permit_revision_requested"),
    ]
    assert all(d["destination_encrypted"] == "" for d in queued)  # the number is asked of identity when sending


def test_redelivered_events_change_nothing(make_app, database_url, cloudevent):
    app = make_app(database_url)
    journey = permit_journey(cloudevent)
    apply(app, *journey)
    before = (rows(app, timeline_items), rows(app, notifications), rows(app, deliveries))
    assert set(apply(app, *journey)) == {"duplicate"}
    assert (rows(app, timeline_items), rows(app, notifications), rows(app, deliveries)) == before


def test_any_order_of_application_gives_the_same_read_model(make_app, database_url, tmp_path, cloudevent):
    """Each event type has its own durable consumer, so events about one application may be applied in
    any order: the result is the order of the stream's."""
    journey = permit_journey(cloudevent)
    # Events of one type keep their order (one consumer); types interleave in every way.
    by_type = [[e for e in journey if e["type"] == t] for t in dict.fromkeys(e["type"] for e in journey)]

    def snapshot(order):
        app = make_app(f"sqlite:///{tmp_path / f'order-{len(seen)}.db'}")
        apply(app, *order)
        drop = ("state_at", "state_rank")  # bookkeeping, not what the resident sees
        return (
            [{k: v for k, v in r.items() if k not in drop} for r in rows(app, timeline_items)],
            rows(app, notifications),
        )

    seen = []
    reference = snapshot(journey)
    for first, second, third in itertools.permutations(by_type):
        seen.append(1)
        assert snapshot(first + second + third) == reference


def test_complaints_of_account_holders_only(make_app, database_url, cloudevent):
    app = make_app(database_url)
    filed = dict(complaint_id="c-1", tracking_code="GTO-7K3Q-95", category="jalan_rusak", privacy="biasa")
    apply(
        app,
        cloudevent(
            complaint_events.ComplaintFiled(**filed, title="Jalan berlubang", reporter_account_id="citizen-1"), at=at(0)
        ),
        cloudevent(
            complaint_events.ComplaintFiled(
                **{**filed, "complaint_id": "c-anon", "tracking_code": "GTO-AAAA-11"}, reporter_account_id=""
            ),
            at=at(1),
        ),
        cloudevent(
            complaint_events.ComplaintStatusChanged(
                complaint_id="c-1",
                tracking_code="GTO-7K3Q-95",
                from_status="dispositioned",
                to_status="in_progress",
                reporter_account_id="citizen-1",
            ),
            at=at(10),
        ),
        cloudevent(
            complaint_events.ComplaintUpdatePosted(
                complaint_id="c-1",
                tracking_code="GTO-7K3Q-95",
                update_id="u1",
                kind="question",
                reporter_account_id="citizen-1",
            ),
            at=at(20),
        ),
        cloudevent(
            complaint_events.ComplaintUpdatePosted(
                complaint_id="c-1",
                tracking_code="GTO-7K3Q-95",
                update_id="u2",
                kind="update",
                internal=True,
                reporter_account_id="citizen-1",
            ),
            at=at(25),
        ),
    )
    [item] = rows(app, timeline_items)
    assert (item["ref_id"], item["state"], item["awaiting_reply"], item["subject"]) == (
        "c-1",
        "in_progress",
        True,
        "Jalan berlubang",
    )
    assert item["updated_at"] == at(20)  # the internal note changed nothing the reporter sees
    assert sorted(n["kind"] for n in rows(app, notifications)) == ["complaint_question", "complaint_status"]


def test_claimed_bills_join_the_owners_timeline_and_payments_notify(make_app, database_url, cloudevent):
    app = make_app(database_url)
    apply(
        app,
        # Claimed before the consumer of bill.issued got to the bill: the two meet in one item.
        cloudevent(tax_events.ObjectsClaimed(owner_id="citizen-2", vehicles=1, bills=1, bill_ids=["bill-1"]), at=at(5)),
        cloudevent(
            tax_events.BillIssued(
                bill_id="bill-1", tax_type="pkb", tax_year=2026, owner_id="", principal=750000, due_date="2026-03-31"
            ),
            at=at(0),
        ),
        cloudevent(
            tax_events.PaymentRefused(
                channel="bank-sulutgo", reason="amount_mismatch", bill_id="bill-1", owner_id="citizen-2"
            ),
            at=at(8),
        ),
        cloudevent(
            tax_events.PaymentRefused(
                channel="invalid", reason="signature_invalid", bill_id="bill-1", owner_id="citizen-2"
            ),
            at=at(9),
        ),
        cloudevent(
            tax_events.PaymentReceived(
                bill_id="bill-1",
                amount=750000,
                channel="bank-sulutgo",
                receipt_number="75-2026-00000012-0",
                tax_type="pkb",
                owner_id="citizen-2",
            ),
            at=at(10),
        ),
    )
    [item] = rows(app, timeline_items)
    assert (item["resident_id"], item["state"], item["reference"], item["amount"], item["tax_year"]) == (
        "citizen-2",
        "paid",
        "75-2026-00000012-0",
        750000,
        2026,
    )
    assert sorted(n["kind"] for n in rows(app, notifications)) == ["bill_paid", "payment_refused"]


def test_a_repaired_takeover_is_told_nothing_more(make_app, database_url, cloudevent):
    app = make_app(database_url)
    apply(
        app,
        cloudevent(identity_events.CitizenRegistered(citizen_id="taken-1", regency_code="75.03"), at=at(0)),
        cloudevent(
            tax_events.BillIssued(
                bill_id="b-1", tax_type="pkb", owner_id="taken-1", principal=1, due_date="2026-04-30"
            ),
            at=at(1),
        ),
        cloudevent(
            identity_events.CitizenTakeoverRepaired(citizen_id="taken-1", officer_id="o-1", regency_code="75.03"),
            at=at(2),
        ),
        cloudevent(
            tax_events.BillIssued(
                bill_id="b-2", tax_type="pkb", owner_id="taken-1", principal=1, due_date="2026-04-30"
            ),
            at=at(3),
        ),
    )
    queued = rows(app, deliveries)
    assert [(d["kind"], d["status"]) for d in queued] == [("bill_issued", "failed")]  # withdrawn, never sent
    assert len(rows(app, notifications)) == 2  # the record stays; nobody is texted about it


def test_due_soon_reminder_once_per_bill_and_not_sent_when_rebuilding(
    make_app, database_url, tmp_path, cloudevent, clock
):
    app = make_app(database_url)
    events = [
        cloudevent(
            tax_events.BillIssued(
                bill_id="soon",
                tax_type="pbb",
                tax_year=2026,
                owner_id="citizen-3",
                principal=250000,
                due_date="2026-03-15",
            ),
            at=at(-60 * 24 * 30),
        ),
        cloudevent(
            tax_events.BillIssued(
                bill_id="later",
                tax_type="pbb",
                tax_year=2026,
                owner_id="citizen-3",
                principal=250000,
                due_date="2026-03-18",
            ),
            at=at(-60 * 24 * 30),
        ),
        cloudevent(
            tax_events.BillIssued(
                bill_id="paid",
                tax_type="pbb",
                tax_year=2026,
                owner_id="citizen-3",
                principal=250000,
                due_date="2026-03-12",
            ),
            at=at(-60 * 24 * 30),
        ),
        cloudevent(
            tax_events.PaymentReceived(
                bill_id="paid", amount=250000, receipt_number="R-1", tax_type="pbb", owner_id="citizen-3"
            ),
            at=at(-60),
        ),
    ]
    apply(app, *events)
    # A month-old bill is not texted about now; the payment an hour ago is.
    assert [d["kind"] for d in rows(app, deliveries)] == ["bill_paid"]
    assert reminders.remind_due_bills(app.uow(), app.outbound) == 1  # 2026-03-10: only "soon" is within 7 days
    assert reminders.remind_due_bills(app.uow(), app.outbound) == 0  # once per bill
    [reminder] = [n for n in rows(app, notifications) if n["kind"] == "bill_due_soon"]
    assert reminder["ref_id"] == "soon" and reminder["created_at"] == dt.datetime(2026, 3, 7, 16, 0, tzinfo=dt.UTC)
    assert sorted(d["kind"] for d in rows(app, deliveries)) == ["bill_due_soon", "bill_paid"]

    rebuilt = make_app(f"sqlite:///{tmp_path / 'rebuilt.db'}", deliver=False)
    apply(rebuilt, *events)
    assert reminders.remind_due_bills(rebuilt.uow(), rebuilt.outbound) == 1
    assert rows(rebuilt, notifications) == rows(app, notifications)
    assert rows(rebuilt, deliveries) == []


def test_bills_released_after_a_takeover_go_to_the_real_owners_claim_in_any_order(make_app, tmp_path, cloudevent):
    events = [
        cloudevent(
            tax_events.BillIssued(bill_id="b-5", tax_type="pkb", tax_year=2026, principal=1, due_date="2026-12-31"),
            at=at(0),
        ),
        cloudevent(tax_events.ObjectsClaimed(owner_id="impostor", bill_ids=["b-5"]), at=at(10)),
        cloudevent(
            tax_events.ObjectsReleased(owner_id="impostor", reason="takeover_repaired", bill_ids=["b-5"]), at=at(20)
        ),
        cloudevent(tax_events.ObjectsClaimed(owner_id="owner", bill_ids=["b-5"]), at=at(30)),
    ]
    for number, order in enumerate(itertools.permutations(events)):
        app = make_app(f"sqlite:///{tmp_path / f'release-{number}.db'}")
        apply(app, *order)
        [item] = rows(app, timeline_items)
        assert item["resident_id"] == "owner", [e["type"] for e in order]
    # Released and not claimed again: nobody's.
    app = make_app(f"sqlite:///{tmp_path / 'released.db'}")
    apply(app, *events[:3])
    assert rows(app, timeline_items)[0]["resident_id"] == ""
