"""Timeline items: states settle the same whatever order events arrive in, and each state says what to do."""

import datetime as dt
import itertools

from gorontalo_inbox import messages
from gorontalo_inbox.domain import timeline
from gorontalo_inbox.domain.model import APPLICATION, BILL, COMPLAINT, TimelineItem, item_id

T0 = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)


def _apply(item: TimelineItem, steps) -> TimelineItem:
    for state, at in steps:
        item.advance(state, at, timeline.rank(item.kind, state))
        item.touch(at)
    return item


def test_the_latest_state_wins_in_any_order_of_application():
    steps = [
        ("submitted", T0),
        ("in_review", T0 + dt.timedelta(minutes=5)),
        ("revision_requested", T0 + dt.timedelta(minutes=9)),
        ("submitted", T0 + dt.timedelta(hours=2)),  # resubmitted: later in time, lower in rank
    ]
    for order in itertools.permutations(steps):
        item = _apply(TimelineItem(id="x", kind=APPLICATION, ref_id="a1"), order)
        assert (item.state, item.created_at, item.updated_at) == ("submitted", T0, T0 + dt.timedelta(hours=2))


def test_events_of_one_instant_settle_on_the_state_furthest_along():
    """A low-risk application is submitted and issued in one transaction: the two events may carry the
    same millisecond and be applied in either order by two consumers."""
    for order in (["submitted", "issued"], ["issued", "submitted"]):
        item = _apply(TimelineItem(id="x", kind=APPLICATION, ref_id="a1"), [(s, T0) for s in order])
        assert item.state == "issued"


def test_fill_keeps_the_first_value_and_ignores_empty_ones():
    item = TimelineItem(id="x", kind=BILL, ref_id="b1")
    item.fill(resident_id="", amount=0)
    item.fill(resident_id="citizen-1", amount=750000)
    item.fill(resident_id="citizen-2", amount=1)
    assert (item.resident_id, item.amount) == ("citizen-1", 750000)


def test_a_question_waits_for_the_answer_whatever_the_order():
    for order in ([(True, T0), (False, T0 + dt.timedelta(hours=1))], [(False, T0 + dt.timedelta(hours=1)), (True, T0)]):
        item = TimelineItem(id="x", kind=COMPLAINT, ref_id="c1", state="in_progress")
        for waiting, at in order:
            item.set_question(waiting, at)
        assert item.awaiting_reply is False


def test_next_actions_say_what_the_resident_must_do():
    revise = TimelineItem(id="x", kind=APPLICATION, ref_id="a", state="revision_requested")
    assert messages.render(timeline.next_action(revise)).id == "Perbaiki dan kirim ulang permohonan"
    assert messages.render(timeline.next_action(revise)).en == "Correct and resubmit the application"
    fee = TimelineItem(id="x", kind=APPLICATION, ref_id="a", state="awaiting_payment", amount=1500000)
    assert messages.render(timeline.next_action(fee)).id == "Bayar retribusi Rp 1.500.000"
    bill = TimelineItem(id="x", kind=BILL, ref_id="b", state="unpaid", amount=750000, due_date="2026-03-31")
    assert messages.render(timeline.next_action(bill)).id == "Bayar Rp 750.000 paling lambat 31-03-2026"
    question = TimelineItem(id="x", kind=COMPLAINT, ref_id="c", state="in_progress", awaiting_reply=True)
    assert messages.render(timeline.next_action(question)).en == "Answer the agency's question"
    for waiting in (
        TimelineItem(id="x", kind=APPLICATION, ref_id="a", state="in_review"),
        TimelineItem(id="x", kind=BILL, ref_id="b", state="paid"),
        TimelineItem(id="x", kind=COMPLAINT, ref_id="c", state="closed", awaiting_reply=True),
    ):
        assert timeline.next_action(waiting) is None  # someone else's move, or nothing left


def test_titles_and_labels_in_both_languages_and_an_unknown_state_as_it_is():
    pkb = TimelineItem(id="x", kind=BILL, ref_id="b", tax_type="pkb", tax_year=2026, state="unpaid")
    assert messages.render(timeline.title(pkb)).id == "Pajak Kendaraan Bermotor 2026"
    assert messages.render(timeline.state_label(pkb)).en == "Unpaid"
    complaint = TimelineItem(id="x", kind=COMPLAINT, ref_id="c", reference="GTO-7K3Q-95", subject="Jalan rusak")
    assert messages.render(timeline.title(complaint)).id == "Pengaduan GTO-7K3Q-95: Jalan rusak"
    newer = TimelineItem(id="x", kind=APPLICATION, ref_id="a", state="suspended")  # a state added after us
    assert messages.render(timeline.state_label(newer), fallback=newer.state).id == "suspended"


def test_item_ids_are_derived_from_what_they_are_about():
    assert item_id(BILL, "b1") == item_id(BILL, "b1") != item_id(APPLICATION, "b1")
