"""The inbox over real gRPC (interceptors, token, role and acr checks), on SQLite and PostgreSQL."""

import json
import re

import grpc
import pytest
import sqlalchemy as sa
from gorontalo_inbox.adapters.tables import deliveries, preferences
from gorontalo_inbox.service_layer import preferences as preferences_service
from gorontalo_inbox.service_layer import reading

from gorontalo.identity.v1 import events_pb2 as identity_events
from gorontalo.inbox.v1 import inbox_pb2
from gorontalo.permits.v1 import events_pb2 as permit_events
from gorontalo.tax.v1 import events_pb2 as tax_events
from servicekit.auth import Principal
from servicekit.consumers import Consumers
from servicekit.errors import PermissionDenied
from servicekit.event_messages import event_types
from servicekit.notify import callbacks
from servicekit.testing import error_reason


def apply(app, *envelopes):
    consumers = Consumers(app.session_factory, app.settings.stream)
    by_type = {t: s for s in app.subscriptions for t in event_types(s.message)}
    for envelope in envelopes:
        consumers.handle(by_type[envelope["type"]], envelope)


def seed(app, cloudevent, clock, resident="citizen-1"):
    common = {
        "application_id": f"app-{resident}",
        "applicant_id": resident,
        "kbli_code": "56101",
        "kbli_title": "Restoran",
    }
    apply(
        app,
        cloudevent(identity_events.CitizenRegistered(citizen_id=resident, regency_code="75.71"), at=clock.now),
        cloudevent(permit_events.ApplicationSubmitted(**common), at=clock.now.replace(minute=1)),
        cloudevent(
            permit_events.ApplicationStatusChanged(**common, old_status="in_review", new_status="revision_requested"),
            at=clock.now.replace(minute=2),
        ),
        cloudevent(
            tax_events.BillIssued(
                bill_id=f"bill-{resident}",
                tax_type="pkb",
                tax_year=2026,
                owner_id=resident,
                principal=750000,
                due_date="2026-03-31",
            ),
            at=clock.now.replace(minute=3),
        ),
    )


def details(error) -> list[tuple[str, str]]:
    from google.rpc import error_details_pb2, status_pb2

    found = []
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            status = status_pb2.Status.FromString(value)
            for detail in status.details:
                if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                    bad = error_details_pb2.BadRequest()
                    detail.Unpack(bad)
                    found += [(v.field, v.reason.lower()) for v in bad.field_violations]
    return found


def test_a_resident_reads_their_own_timeline_and_notifications(served, cloudevent, clock):
    app, minter, stub = served
    seed(app, cloudevent, clock, "citizen-1")
    seed(app, cloudevent, clock, "citizen-2")
    mine = minter.metadata(subject="citizen-1")

    timeline = stub.ListTimeline(inbox_pb2.ListTimelineRequest(), metadata=mine)
    assert [(i.kind, i.ref_id, i.state) for i in timeline.items] == [
        ("bill", "bill-citizen-1", "unpaid"),
        ("application", "app-citizen-1", "revision_requested"),
    ]
    bill, application = timeline.items
    assert bill.next_action.id == "Bayar Rp 750.000 paling lambat 31-03-2026" and bill.amount == 750000
    assert application.next_action.en == "Correct and resubmit the application"
    assert application.title.id == "Izin usaha: Restoran" and application.service == "permits"
    only_bills = stub.ListTimeline(inbox_pb2.ListTimelineRequest(kind="bill"), metadata=mine)
    assert [i.kind for i in only_bills.items] == ["bill"]

    inbox = stub.ListNotifications(inbox_pb2.ListNotificationsRequest(page_size=1), metadata=mine)
    assert inbox.unread_count == 2 and len(inbox.notifications) == 1 and inbox.next_page_token
    more = stub.ListNotifications(
        inbox_pb2.ListNotificationsRequest(page_size=1, page_token=inbox.next_page_token), metadata=mine
    )
    kinds = [n.kind for n in (*inbox.notifications, *more.notifications)]
    assert kinds == ["bill_issued", "permit_revision_requested"]  # newest first
    assert more.notifications[0].ref_id == "app-citizen-1" and more.notifications[0].ref_kind == "application"

    # Marking another resident's notification changes nothing; one's own does.
    theirs = stub.ListNotifications(inbox_pb2.ListNotificationsRequest(), metadata=minter.metadata(subject="citizen-2"))
    foreign = stub.MarkNotificationsRead(
        inbox_pb2.MarkNotificationsReadRequest(ids=[theirs.notifications[0].id]), metadata=mine
    )
    assert (foreign.marked, foreign.unread_count) == (0, 2)
    marked = stub.MarkNotificationsRead(
        inbox_pb2.MarkNotificationsReadRequest(ids=[inbox.notifications[0].id]), metadata=mine
    )
    assert (marked.marked, marked.unread_count) == (1, 1)
    again = stub.MarkNotificationsRead(
        inbox_pb2.MarkNotificationsReadRequest(ids=[inbox.notifications[0].id]), metadata=mine
    )
    assert (again.marked, again.unread_count) == (0, 1)
    unread = stub.ListNotifications(inbox_pb2.ListNotificationsRequest(unread_only=True), metadata=mine)
    assert [n.kind for n in unread.notifications] == ["permit_revision_requested"]
    everything = stub.MarkNotificationsRead(inbox_pb2.MarkNotificationsReadRequest(all=True), metadata=mine)
    assert (everything.marked, everything.unread_count) == (1, 0)
    assert (
        stub.ListNotifications(
            inbox_pb2.ListNotificationsRequest(), metadata=minter.metadata(subject="citizen-2")
        ).unread_count
        == 2
    )

    # Nobody else's records, ever.
    stranger = stub.ListTimeline(inbox_pb2.ListTimelineRequest(), metadata=minter.metadata(subject="citizen-3"))
    assert list(stranger.items) == []


def test_who_may_call_what(served):
    app, minter, stub = served
    with pytest.raises(grpc.RpcError) as anonymous:
        stub.ListTimeline(inbox_pb2.ListTimelineRequest())
    assert anonymous.value.code() == grpc.StatusCode.UNAUTHENTICATED
    officer = minter.metadata(subject="o-1", role="officer", agency="dpmptsp-7571", jurisdiction=["75.71"])
    with pytest.raises(grpc.RpcError) as staff:
        stub.ListNotifications(inbox_pb2.ListNotificationsRequest(), metadata=officer)
    assert staff.value.code() == grpc.StatusCode.PERMISSION_DENIED
    # An account whose phone is not verified yet (acr 0) reads, but adds no destination.
    unverified = minter.metadata(subject="citizen-0", acr=0)
    stub.GetPreferences(inbox_pb2.GetPreferencesRequest(), metadata=unverified)
    with pytest.raises(grpc.RpcError) as low:
        stub.UpdatePreferences(inbox_pb2.UpdatePreferencesRequest(email_address="budi@mail.id"), metadata=unverified)
    assert low.value.code() == grpc.StatusCode.PERMISSION_DENIED and error_reason(low.value) == "ASSURANCE_INSUFFICIENT"


def test_bad_input_is_refused_naming_the_field(served):
    app, minter, stub = served
    mine = minter.metadata(subject="citizen-1")
    for request, expected in (
        (inbox_pb2.ListTimelineRequest(page_size=-1), [("page_size", "out_of_range")]),
        (inbox_pb2.ListTimelineRequest(page_token="%%%"), [("page_token", "invalid_page_token")]),
        (inbox_pb2.ListTimelineRequest(kind="permit"), [("kind", "not_one_of")]),
    ):
        with pytest.raises(grpc.RpcError) as refused:
            stub.ListTimeline(request, metadata=mine)
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT and details(refused.value) == expected
    with pytest.raises(grpc.RpcError) as empty:
        stub.MarkNotificationsRead(inbox_pb2.MarkNotificationsReadRequest(), metadata=mine)
    assert details(empty.value) == [("ids", "ids_or_all_required")]
    with pytest.raises(grpc.RpcError) as many:
        stub.MarkNotificationsRead(
            inbox_pb2.MarkNotificationsReadRequest(ids=[str(i) for i in range(101)]), metadata=mine
        )
    assert details(many.value) == [("ids", "too_many_ids")]
    with pytest.raises(grpc.RpcError) as bad:
        stub.UpdatePreferences(
            inbox_pb2.UpdatePreferencesRequest(email_address="not-an-address", quiet_hours_start="25:00"), metadata=mine
        )
    assert set(details(bad.value)) == {("email_address", "email_invalid"), ("quiet_hours_start", "quiet_hours_invalid")}
    with pytest.raises(grpc.RpcError) as half:
        stub.UpdatePreferences(inbox_pb2.UpdatePreferencesRequest(quiet_hours_end=""), metadata=mine)
    assert details(half.value) == [("quiet_hours_end", "quiet_hours_incomplete")]


def _verification_token(app) -> str:
    with app.session_factory() as session:
        [message] = (
            session.execute(sa.select(deliveries.c.message).where(deliveries.c.kind == "email_verification"))
            .scalars()
            .all()
        )
    return re.search(r"email:verify\?token=([A-Za-z0-9_-]+)", message).group(1)


def test_preferences_and_an_email_verified_by_its_link(served, cloudevent, clock):
    app, minter, stub = served
    mine = minter.metadata(subject="citizen-1")
    defaults = stub.GetPreferences(inbox_pb2.GetPreferencesRequest(), metadata=mine)
    assert (defaults.sms, defaults.email, defaults.quiet_hours_start, defaults.quiet_hours_end, defaults.time_zone) == (
        True,
        False,
        "22:00",
        "06:00",
        "Asia/Makassar",
    )
    updated = stub.UpdatePreferences(
        inbox_pb2.UpdatePreferencesRequest(
            sms=False, email=True, email_address=" Budi.S@Mail.ID ", quiet_hours_start="21:30", quiet_hours_end="05:30"
        ),
        metadata=mine,
    )
    assert (updated.sms, updated.email, updated.email_address, updated.email_verified) == (
        False,
        True,
        "Budi.S@mail.id",
        False,
    )
    # At rest the address is ciphertext only; the link is the only thing sent to it yet.
    with app.session_factory() as session:
        [stored] = session.execute(sa.select(preferences)).all()
        queued = session.execute(sa.select(deliveries.c.kind, deliveries.c.channel)).all()
    assert "mail.id" not in stored.email_encrypted and stored.email_token_hash
    assert [tuple(q) for q in queued] == [("email_verification", "email")]
    seed(app, cloudevent, clock)
    with app.session_factory() as session:
        kinds = set(session.execute(sa.select(deliveries.c.kind)).scalars())
    assert kinds == {"email_verification"}  # sms off, e-mail not verified: nothing else leaves

    token = _verification_token(app)
    verified = stub.VerifyEmail(inbox_pb2.VerifyEmailRequest(token=token))  # public: opened from the mail
    assert verified.verified and verified.email_address == "B*****@m***.id" and verified.message.id
    with pytest.raises(grpc.RpcError) as reused:
        stub.VerifyEmail(inbox_pb2.VerifyEmailRequest(token=token))
    assert details(reused.value) == [("token", "email_token_invalid")]
    assert stub.GetPreferences(inbox_pb2.GetPreferencesRequest(), metadata=mine).email_verified

    # A partial update keeps the rest; removing the address switches e-mail off.
    kept = stub.UpdatePreferences(inbox_pb2.UpdatePreferencesRequest(sms=True), metadata=mine)
    assert (kept.sms, kept.email, kept.email_verified, kept.quiet_hours_start) == (True, True, True, "21:30")
    removed = stub.UpdatePreferences(inbox_pb2.UpdatePreferencesRequest(email_address=""), metadata=mine)
    assert (removed.email, removed.email_address, removed.email_verified) == (False, "", False)


def test_an_expired_link_is_refused(served, clock):
    app, minter, stub = served
    stub.UpdatePreferences(
        inbox_pb2.UpdatePreferencesRequest(email_address="siti@mail.id"), metadata=minter.metadata(subject="c-9")
    )
    token = _verification_token(app)
    clock.advance(hours=49)
    with pytest.raises(grpc.RpcError) as expired:
        stub.VerifyEmail(inbox_pb2.VerifyEmailRequest(token=token))
    assert details(expired.value) == [("token", "email_token_invalid")]


def test_sms_delivery_reports_are_believed_only_when_signed(served, monkeypatch):
    app, minter, stub = served
    app.sms_callback_secret = "gateway-secret"
    with app.uow() as uow:
        delivery_id = uow.deliveries.add(channel="sms", recipient_id="citizen-1", message="x", now=app.clock())
        uow.deliveries.mark_sent(delivery_id, app.clock(), "gw-1", channel="sms")
        uow.commit()
    body = json.dumps({"reference": delivery_id, "status": "DELIVRD"}).encode()

    def report(signature: str):
        request = inbox_pb2.ReportSmsDeliveryRequest()
        request.body.content_type, request.body.data = "application/json", body
        return stub.ReportSmsDelivery(request, metadata=[("x-signature", signature)])

    with pytest.raises(grpc.RpcError) as forged:
        report(callbacks.sign(body, "another-secret"))
    assert forged.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert report(callbacks.sign(body, "gateway-secret")).accepted
    with app.uow() as uow:
        assert uow.deliveries.get(delivery_id)["status"] == "delivered"


def test_verification_links_have_a_budget_per_resident_and_per_address(served):
    """Nobody signed in may mail a stranger's address without end, alone or with many accounts."""
    app, minter, stub = served
    mine = minter.metadata(subject="c-10")
    for n in range(preferences_service.RESIDENT_LINKS_PER_HOUR):
        stub.UpdatePreferences(inbox_pb2.UpdatePreferencesRequest(email_address=f"a{n}@mail.id"), metadata=mine)
    with pytest.raises(grpc.RpcError) as resident_spent:
        stub.UpdatePreferences(inbox_pb2.UpdatePreferencesRequest(email_address="one-more@mail.id"), metadata=mine)
    assert resident_spent.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED

    for n in range(preferences_service.ADDRESS_LINKS_PER_DAY):
        stub.UpdatePreferences(
            inbox_pb2.UpdatePreferencesRequest(email_address="victim@mail.id"),
            metadata=minter.metadata(subject=f"c-{20 + n}"),
        )
    with pytest.raises(grpc.RpcError) as address_spent:
        stub.UpdatePreferences(
            inbox_pb2.UpdatePreferencesRequest(email_address="Victim@mail.id"), metadata=minter.metadata(subject="c-99")
        )
    assert address_spent.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    with app.session_factory() as session:
        sent = session.execute(sa.select(sa.func.count()).select_from(deliveries)).scalar_one()
    assert sent == preferences_service.RESIDENT_LINKS_PER_HOUR + preferences_service.ADDRESS_LINKS_PER_DAY


def test_the_use_cases_serve_residents_only(served):
    """The access rules say citizen; the use cases check it again (an officer's token reads nothing)."""
    app, _minter, _stub = served
    officer = Principal(subject="officer-1", role="officer", agency="disdukcapil", acr=2)
    with pytest.raises(PermissionDenied):
        reading.list_timeline(app.uow(), officer, page_size=10, page_token="")
    with pytest.raises(PermissionDenied):
        reading.mark_read(app.uow(), app.clock, officer, ids=[], all_=True)
    with pytest.raises(PermissionDenied):
        preferences_service.get_preferences(app.uow(), app.mail, officer)
