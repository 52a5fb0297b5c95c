"""An anonymous filer follows up with the reporter key they were given once, over real gRPC."""

import grpc
import pytest
import sqlalchemy as sa

from gorontalo.complaints.v1 import complaints_pb2 as pb
from gorontalo_complaints.adapters.tables import complaints
from gorontalo_complaints.service_layer import anonymous

from .test_photos_public_open311_grpc import DPMPTSP, PUPR

ANONYMOUS_FILING = dict(
    title="Pungutan liar di loket",
    description="Petugas loket meminta uang tambahan Rp50.000 tanpa kuitansi.",
    category="jalan_rusak",
    region_code="75.71.01",
    contact_phone="0812-3456-7891",
)


def _key(value: str) -> list[tuple[str, str]]:
    return [("x-reporter-key", value)]


def _code(call) -> grpc.StatusCode:
    with pytest.raises(grpc.RpcError) as caught:
        call()
    return caught.value.code()


def test_the_key_is_given_once_and_only_its_hash_is_kept(served):
    app, _minter, stub = served
    filed = stub.FileAnonymousComplaint(
        pb.FileAnonymousComplaintRequest(**ANONYMOUS_FILING), metadata=[("x-client-address", "203.0.113.20")]
    )
    assert len(filed.reporter_key) >= 40
    with app.engine.connect() as connection:
        stored = connection.execute(
            sa.select(complaints).where(complaints.c.tracking_code == filed.tracking_code)
        ).one()
    assert filed.reporter_key not in str(tuple(stored))
    assert stored.reporter_id == anonymous.reporter_subject(filed.reporter_key)
    for shown in (
        stub.GetComplaint(pb.GetComplaintRequest(tracking_code=filed.tracking_code)),
        stub.GetComplaint(pb.GetComplaintRequest(tracking_code=filed.tracking_code), metadata=_key(filed.reporter_key)),
    ):
        assert shown.reporter_key == ""


def test_the_key_holder_reads_answers_rates_and_nobody_else_can(served):
    _app, minter, stub = served
    filed = stub.FileAnonymousComplaint(
        pb.FileAnonymousComplaintRequest(**ANONYMOUS_FILING), metadata=[("x-client-address", "203.0.113.21")]
    )
    code, key = filed.tracking_code, filed.reporter_key
    stub.PostUpdate(
        pb.PostUpdateRequest(tracking_code=code, note="Loket yang mana, pagi atau siang?", kind="question"),
        metadata=minter.metadata(**PUPR),
    )

    def dialogue(metadata):
        return sorted(
            u.kind for u in stub.ListUpdates(pb.ListUpdatesRequest(tracking_code=code), metadata=metadata).updates
        )

    assert dialogue(_key(key)) == ["question"]
    assert dialogue([]) == dialogue(_key("x" * 43)) == []
    reporters_view = stub.GetComplaint(pb.GetComplaintRequest(tracking_code=code), metadata=_key(key))
    assert reporters_view.id and reporters_view.privacy == "anonim"
    assert stub.GetComplaint(pb.GetComplaintRequest(tracking_code=code)).id == ""

    answer = pb.AnswerQuestionRequest(tracking_code=code, note="Loket dua, siang hari")
    assert _code(lambda: stub.AnswerQuestion(answer)) == grpc.StatusCode.UNAUTHENTICATED
    assert _code(lambda: stub.AnswerQuestion(answer, metadata=_key("short"))) == grpc.StatusCode.UNAUTHENTICATED
    assert _code(lambda: stub.AnswerQuestion(answer, metadata=_key("y" * 43))) == grpc.StatusCode.PERMISSION_DENIED
    # an officer's token is not the reporter, whatever key rides along
    assert (
        _code(lambda: stub.AnswerQuestion(answer, metadata=minter.metadata(**DPMPTSP) + _key(key)))
        == grpc.StatusCode.PERMISSION_DENIED
    )
    assert stub.AnswerQuestion(answer, metadata=_key(key)).kind == "answer"
    assert dialogue(minter.metadata(**PUPR)) == ["answer", "question"]

    stub.ResolveComplaint(
        pb.ResolveComplaintRequest(tracking_code=code, note="Petugas loket diberi sanksi"),
        metadata=minter.metadata(**PUPR),
    )
    rate = pb.RateComplaintRequest(tracking_code=code, rating=4, comment="Cepat ditangani")
    assert _code(lambda: stub.RateComplaint(rate, metadata=_key("z" * 43))) == grpc.StatusCode.PERMISSION_DENIED
    rated = stub.RateComplaint(rate, metadata=_key(key))
    assert (rated.rating, rated.status) == (4, "closed")
