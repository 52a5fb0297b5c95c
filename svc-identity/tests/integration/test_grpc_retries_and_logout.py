"""Issue 12 over real gRPC: Idempotency-Key on identity's creating RPCs, logout refused at once."""

from __future__ import annotations

import uuid

import grpc
import pytest
import sqlalchemy as sa

from gorontalo.identity.v1 import identity_pb2 as pb
from gorontalo_identity.adapters.tables import api_clients, credentials, idempotency_records
from gorontalo_identity.service_layer import admin, services, signup
from servicekit.notify import DevSink
from servicekit.testing import error_reason

PASSWORD = "kata-sandi-aman"
REGISTER = """nik,kk_number,full_name,birth_place,birth_date,sex,address,village_code
7571014101900003,7571010101100001,Siti Rahma,Gorontalo,1990-01-01,P,Jl. Nani Wartabone 1,75.71.01.1001
"""


@pytest.fixture
def app(tmp_path, grpc_app):
    # SMS go to a file of the test's own.
    return grpc_app(tmp_path, REGISTER, DevSink(tmp_path / "sms.jsonl", sender="identity"))


def _bearer(stub, username: str) -> list[tuple[str, str]]:
    token = stub.Login(pb.LoginRequest(username=username, password=PASSWORD), timeout=10)
    return [("authorization", f"Bearer {token.access_token}")]


@pytest.fixture
def as_admin(app, stub):
    services.create_staff(
        app.uow(),
        app.passwords,
        app.clock,
        role="admin",
        username="admin.test",
        full_name="Admin Test",
        password=PASSWORD,
    )
    return _bearer(stub, "admin.test")


@pytest.fixture
def as_siti(app, stub, code_sent, checked_in_person):
    """Siti signed up, activated and checked in person (level 2: the digital ID needs it)."""
    signup.register_citizen(
        app.uow(),
        app.passwords,
        app.clock,
        nik="7571014101900003",
        full_name="Siti Rahma",
        birth_date="1990-01-01",
        phone="081234567890",
        password=PASSWORD,
    )
    code = code_sent(app.uow, "081234567890")
    signup.activate_citizen(app.uow(), app.keys, app.clock, nik="7571014101900003", code=code)
    with app.uow() as uow:
        account = uow.accounts.by_nik("7571014101900003")
    checked_in_person(app.uow, account.id, app.clock())
    return _bearer(stub, "7571014101900003")


def _count(app, table) -> int:
    with app.uow() as uow:
        return uow.session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_a_retried_credential_issue_with_its_key_gives_the_first_credential(app, stub, as_siti):
    key = [("idempotency-key", "cred-" + uuid.uuid4().hex)]
    first = stub.IssueCredential(pb.IssueCredentialRequest(), metadata=as_siti + key, timeout=10)
    again = stub.IssueCredential(pb.IssueCredentialRequest(), metadata=as_siti + key, timeout=10)
    assert again == first and _count(app, credentials) == 1
    stub.IssueCredential(pb.IssueCredentialRequest(), metadata=as_siti, timeout=10)  # no key: a new one
    assert _count(app, credentials) == 2


def test_a_retried_api_client_gets_the_same_secret_which_is_kept_only_encrypted(app, stub, as_admin):
    key = [("idempotency-key", "rp-1")]
    request = pb.CreateApiClientRequest(name="Bank SulutGo Cabang Limboto", rate_limit_per_minute=30)
    first = stub.CreateApiClient(request, metadata=as_admin + key, timeout=10)
    again = stub.CreateApiClient(request, metadata=as_admin + key, timeout=10)
    assert (again.client_id, again.client_secret) == (first.client_id, first.client_secret)
    assert _count(app, api_clients) == 1
    with app.uow() as uow:
        [stored] = uow.session.execute(sa.select(idempotency_records.c.response)).all()
    assert first.client_secret.encode() not in bytes(stored.response)
    with app.uow() as uow:  # and the secret works for e-KTP checks
        client = uow.api_clients.get(first.client_id)
    assert client.secret_hash == admin.hash_client_secret(first.client_secret)


def test_a_retried_officer_or_agency_is_created_once(app, stub, as_admin):
    agency_request = pb.CreateAgencyRequest(code="dinas-kominfo-7571", name="Diskominfo Kota", region_code="75.71")
    key = [("idempotency-key", "agency-1")]
    agency = stub.CreateAgency(agency_request, metadata=as_admin + key, timeout=10)
    assert stub.CreateAgency(agency_request, metadata=as_admin + key, timeout=10) == agency
    officer_request = pb.CreateOfficerRequest(
        agency_id=agency.id,
        username="petugas.kominfo",
        full_name="Petugas Kominfo",
        password=PASSWORD,
        jurisdiction=["75.71"],
    )
    key = [("idempotency-key", "officer-1")]
    officer = stub.CreateOfficer(officer_request, metadata=as_admin + key, timeout=10)
    assert stub.CreateOfficer(officer_request, metadata=as_admin + key, timeout=10).id == officer.id
    with pytest.raises(grpc.RpcError) as caught:  # without the key, a second try is a conflict, as before
        stub.CreateOfficer(officer_request, metadata=as_admin, timeout=10)
    assert caught.value.code() == grpc.StatusCode.ALREADY_EXISTS
    with pytest.raises(grpc.RpcError) as caught:  # the same key for another request: 422
        stub.CreateOfficer(
            pb.CreateOfficerRequest(
                agency_id=agency.id, username="other", full_name="Lain", password=PASSWORD, jurisdiction=["75.71"]
            ),
            metadata=as_admin + key,
            timeout=10,
        )
    assert error_reason(caught.value) == "IDEMPOTENCY_KEY_REUSED"


def test_after_logout_with_the_bearer_token_identity_refuses_it_at_once(app, stub, as_siti):
    assert stub.GetMe(pb.GetMeRequest(), metadata=as_siti, timeout=10).nik == "7571014101900003"
    stub.Logout(pb.LogoutRequest(), metadata=as_siti, timeout=10)
    with pytest.raises(grpc.RpcError) as caught:
        stub.GetMe(pb.GetMeRequest(), metadata=as_siti, timeout=10)
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert error_reason(caught.value) == "TOKEN_REVOKED"
