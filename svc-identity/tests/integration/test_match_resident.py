"""MatchResident over real gRPC (issue 22): the permits pre-check asks whether a NIK belongs to the person
an application declares; only the permits certificate is admitted, and only yes or no comes back."""

from __future__ import annotations

import grpc
import pytest

from gorontalo.identity.v1 import identity_pb2 as pb
from servicekit import notify
from servicekit.testing import error_reason

SITI_NIK, NUR_NIK = "7571014101900003", "7571014201900004"
REGISTER = """nik,kk_number,full_name,birth_place,birth_date,sex,address,village_code
7571014101900003,7571010101100001,Siti Rahma,Gorontalo,1990-01-01,P,Jl. Nani Wartabone 1,75.71.01.1001
7571014201900004,7571010101100001,Nur Aini,Gorontalo,1990-01-02,P,Jl. Nani Wartabone 1,75.71.01.1001
"""
PURPOSE = "Pra-pemeriksaan izin usaha"


@pytest.fixture
def sink(tmp_path):
    return tmp_path / "dev-outbox" / "messages.jsonl"


@pytest.fixture
def app(tmp_path, sink, grpc_app):
    return grpc_app(tmp_path, REGISTER, notify.DevSink(sink, sender="identity"))


def _match(stub, **fields) -> bool:
    return stub.MatchResident(pb.MatchResidentRequest(purpose=PURPOSE, **fields), timeout=10).match


def test_permits_learns_only_whether_the_nik_is_the_declared_persons(app, stub):
    permits = stub.calling_as("permits")
    assert _match(permits, nik=SITI_NIK, full_name="siti  RAHMA") is True
    assert _match(permits, nik=SITI_NIK, full_name="Siti Rahma", birth_date="1990-01-01") is True
    assert _match(permits, nik=SITI_NIK, full_name="Siti Rahma", birth_date="1991-01-01") is False
    assert _match(permits, nik=NUR_NIK, full_name="Siti Rahma") is False  # another resident's NIK
    assert _match(permits, nik="7571014101900099", full_name="Siti Rahma") is False  # in no register
    answer = permits.MatchResident(pb.MatchResidentRequest(nik=SITI_NIK, full_name="Siti Rahma", purpose=PURPOSE))
    assert [f.name for f, _ in answer.ListFields()] == ["match"]  # nothing of the register travels back


def test_the_check_is_in_the_residents_access_log(app, stub):
    _match(stub.calling_as("permits"), nik=SITI_NIK, full_name="Siti Rahma")
    with app.uow() as uow:
        entries = uow.access_log.for_nik(SITI_NIK)
    assert [(e.actor_role, e.actor_id, e.purpose) for e in entries] == [("service", "permits", PURPOSE)]


def test_no_other_machine_and_no_gateway_reaches_it(app, stub):
    for caller in (stub, stub.calling_as("inbox")):
        with pytest.raises(grpc.RpcError) as refused:
            caller.MatchResident(pb.MatchResidentRequest(nik=SITI_NIK, full_name="Siti Rahma", purpose=PURPOSE))
        assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
        assert error_reason(refused.value) == "PEER_NOT_ALLOWED"


def test_a_malformed_question_is_refused(app, stub):
    with pytest.raises(grpc.RpcError) as refused:
        stub.calling_as("permits").MatchResident(pb.MatchResidentRequest(nik="123", purpose=PURPOSE))
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_without_a_declared_name_the_nik_is_compared_with_the_accounts(app, stub, sink):
    from .test_grpc_assurance import _bearer, _sign_up

    token = _sign_up(stub, app, sink)
    me = stub.GetMe(pb.GetMeRequest(), metadata=_bearer(token.access_token), timeout=10)
    permits = stub.calling_as("permits")
    assert _match(permits, nik=SITI_NIK, account_id=me.id) is True
    assert _match(permits, nik=NUR_NIK, account_id=me.id) is False
    assert _match(permits, nik=SITI_NIK, account_id="no-such-account") is False
