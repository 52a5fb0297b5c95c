"""ListMyNotifications over real gRPC (deprecated: the reporter's old entries, paginated, with the
deprecation headers; others see nothing of them), and the SMS gateway's signed delivery reports."""

import json

import grpc
import pytest
import sqlalchemy as sa

from gorontalo.complaints.v1 import complaints_pb2 as pb
from gorontalo_complaints.adapters.tables import notifications
from servicekit.notify import callbacks
from servicekit.testing import error_reason

from .test_notifications_persistence import file_anonymous, old_inapp_entry
from .test_photos_public_open311_grpc import ALICE, BOB, PUPR, filing


def test_the_reporter_pages_their_old_notifications_and_nobody_else_sees_them(served, clock):
    app, minter, stub = served
    filed = stub.FileComplaint(filing(), metadata=minter.metadata(**ALICE))
    assert filed.status == "dispositioned"
    stub.StartProgress(pb.StartProgressRequest(tracking_code=filed.tracking_code), metadata=minter.metadata(**PUPR))
    old_inapp_entry(app, filed.id, filed.tracking_code, ALICE["subject"], kind="dispositioned", at=clock.now)
    clock.advance(minutes=1)
    old_inapp_entry(app, filed.id, filed.tracking_code, ALICE["subject"], kind="in_progress", at=clock.now)

    first, call = stub.ListMyNotifications.with_call(
        pb.ListMyNotificationsRequest(page_size=1), metadata=minter.metadata(**ALICE)
    )
    assert len(first.notifications) == 1 and first.next_page_token
    second = stub.ListMyNotifications(
        pb.ListMyNotificationsRequest(page_size=1, page_token=first.next_page_token), metadata=minter.metadata(**ALICE)
    )
    assert [first.notifications[0].kind, second.notifications[0].kind] == ["in_progress", "dispositioned"]
    for entry in (*first.notifications, *second.notifications):
        assert entry.tracking_code == filed.tracking_code and entry.created_at.seconds > 0

    # Deprecated for the one inbox (RFC 9745 and RFC 8594), as the gateway copies them onto the answer.
    headers = dict(call.initial_metadata())
    assert headers["deprecation"].startswith("@") and int(headers["deprecation"][1:]) > 1_790_000_000
    assert headers["link"] == '</v1/me/notifications>; rel="successor-version"'
    assert headers["sunset"].endswith(" GMT")

    assert (
        list(stub.ListMyNotifications(pb.ListMyNotificationsRequest(), metadata=minter.metadata(**BOB)).notifications)
        == []
    )
    with pytest.raises(grpc.RpcError) as refused:
        stub.ListMyNotifications(pb.ListMyNotificationsRequest(), metadata=minter.metadata(**PUPR))
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.RpcError) as bad:
        stub.ListMyNotifications(pb.ListMyNotificationsRequest(page_token="%%%"), metadata=minter.metadata(**ALICE))
    assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_a_citizen_below_level_1_cannot_file_but_may_file_anonymously(served):
    app, minter, stub = served
    with pytest.raises(grpc.RpcError) as refused:
        stub.FileComplaint(filing(), metadata=minter.metadata(**ALICE, acr=0))
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert error_reason(refused.value).lower() == "assurance_insufficient"
    with pytest.raises(grpc.RpcError) as support:
        stub.SupportComplaint(
            pb.SupportComplaintRequest(tracking_code="GTO-7K3Q-95"), metadata=minter.metadata(**BOB, acr=0)
        )
    assert support.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert stub.FileComplaint(filing(), metadata=minter.metadata(**ALICE, acr=1)).tracking_code


def _report(stub, body: bytes, signature: str | None):
    metadata = [("x-signature", signature)] if signature is not None else []
    return stub.ReportSmsDelivery(
        pb.ReportSmsDeliveryRequest(body={"content_type": "application/json", "data": body}), metadata=metadata
    )


def test_the_sms_gateway_reports_a_delivery_signed(served):
    app, minter, stub = served
    app.sms_callback_secret = "gateway-shared-secret"
    file_anonymous(app)
    assert app.sender().send_due().sent == 1
    with app.engine.connect() as connection:
        [reference] = connection.execute(sa.select(notifications.c.id)).scalars()
    body = json.dumps({"reference": reference, "status": "undelivered"}).encode()

    for signature in (None, "", callbacks.sign(body, "another-secret"), "sha256=00"):
        with pytest.raises(grpc.RpcError) as refused:
            _report(stub, body, signature)
        assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED
    not_a_report = b"[1, 2]"
    with pytest.raises(grpc.RpcError) as invalid:
        _report(stub, not_a_report, callbacks.sign(not_a_report, "gateway-shared-secret"))
    assert invalid.value.code() == grpc.StatusCode.INVALID_ARGUMENT

    assert _report(stub, body, callbacks.sign(body, "gateway-shared-secret")).applied is True
    with app.engine.connect() as connection:
        assert connection.execute(sa.select(notifications.c.state)).scalar_one() == "undeliverable"
    unknown = json.dumps({"reference": "no-such-delivery", "status": "delivered"}).encode()
    assert _report(stub, unknown, callbacks.sign(unknown, "gateway-shared-secret")).applied is False
