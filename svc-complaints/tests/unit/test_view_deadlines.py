"""The views carry the disposition and first-response deadlines (the console shows them to staff)."""

import datetime as dt

from gorontalo_complaints.domain import model
from gorontalo_complaints.entrypoints.to_proto import complaint_message

# Monday 10 March 2025, 16:30 WITA: 3 working days end with Thursday 13 March (14 March 00:00 WITA).
FILED_AT = dt.datetime(2025, 3, 10, 8, 30, tzinfo=dt.UTC)
DUE = dt.datetime(2025, 3, 13, 16, 0, tzinfo=dt.UTC)


def complaint(**overrides):
    fields = dict(
        id="c-1",
        tracking_code="GTO-7K3Q-95",
        reporter_id="citizen-a",
        category="jalan_rusak",
        title="Jalan berlubang",
        description="Lubang besar di depan sekolah.",
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


def test_a_waiting_complaint_has_its_disposition_deadline_only():
    view = model.view_of(complaint(), None, staff=True)
    assert view.disposition_due_at == DUE
    assert view.first_response_due_at is None
    message = complaint_message(view)
    assert message.disposition_due_at.ToDatetime(dt.UTC) == DUE
    assert not message.HasField("first_response_due_at")


def test_a_dispositioned_complaint_is_due_five_working_days_later():
    routed = complaint(status="dispositioned", dispositioned_at=FILED_AT, agency_code="dinas-pupr-7571")
    view = model.view_of(routed, None)  # the public sees the deadlines too
    assert view.first_response_due_at == dt.datetime(2025, 3, 17, 16, 0, tzinfo=dt.UTC)
    # a rahasia complaint shows nothing but its status to the public, deadlines included
    hidden = model.view_of(complaint(privacy="rahasia"), "someone-else")
    assert hidden.disposition_due_at is None
