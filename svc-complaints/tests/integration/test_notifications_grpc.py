"""ListMyNotifications over real gRPC: the reporter's own entries, paginated; others see nothing of them."""

import grpc
import pytest

from gorontalo.complaints.v1 import complaints_pb2 as pb

from .test_photos_public_open311_grpc import ALICE, BOB, PUPR, filing


def test_the_reporter_pages_their_notifications_and_nobody_else_sees_them(served):
    app, minter, stub = served
    filed = stub.FileComplaint(filing(), metadata=minter.metadata(**ALICE))
    assert filed.status == "dispositioned"
    stub.StartProgress(pb.StartProgressRequest(tracking_code=filed.tracking_code), metadata=minter.metadata(**PUPR))

    first = stub.ListMyNotifications(pb.ListMyNotificationsRequest(page_size=1), metadata=minter.metadata(**ALICE))
    assert len(first.notifications) == 1 and first.next_page_token
    second = stub.ListMyNotifications(
        pb.ListMyNotificationsRequest(page_size=1, page_token=first.next_page_token), metadata=minter.metadata(**ALICE)
    )
    kinds = {first.notifications[0].kind, second.notifications[0].kind}
    assert kinds == {"dispositioned", "in_progress"}
    for entry in (*first.notifications, *second.notifications):
        assert entry.tracking_code == filed.tracking_code and entry.created_at.seconds > 0
        assert f"/v1/complaints/{filed.tracking_code}" in entry.message

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
