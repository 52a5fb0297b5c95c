"""Issue 14 over real gRPC, in-process: the code reaches the development SMS sink through identity's
queue and notify's sender, the access rules hold the levels (min_acr), officers check in person, services
get tokens and contacts, and the SMS gateway's signed report is applied."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid

import grpc
import pytest
from google.api import httpbody_pb2

from gorontalo.identity.v1 import identity_pb2 as pb
from gorontalo_identity.adapters.tables import accounts, deliveries
from gorontalo_identity.service_layer import admin, service_clients
from servicekit import notify
from servicekit.auth import Principal
from servicekit.errors import PermissionDenied
from servicekit.testing import error_reason

SITI_NIK = "7571014101900003"
PASSWORD = "kata-sandi-aman"
PHONE, E164 = "081234567890", "+6281234567890"
REGISTER = """nik,kk_number,full_name,birth_place,birth_date,sex,address,village_code
7571014101900003,7571010101100001,Siti Rahma,Gorontalo,1990-01-01,P,Jl. Nani Wartabone 1,75.71.01.1001
7571014201900004,7571010101100001,Nur Aini,Gorontalo,1990-01-02,P,Jl. Nani Wartabone 1,75.71.01.1001
"""
CALLBACK_SECRET = "gateway-callback-secret"


@pytest.fixture
def sink(tmp_path):
    return tmp_path / "dev-outbox" / "messages.jsonl"


@pytest.fixture
def app(tmp_path, sink, grpc_app):
    application = grpc_app(tmp_path, REGISTER, notify.DevSink(sink, sender="identity"))
    application.sms_callback_secret = CALLBACK_SECRET
    return application


def _code(app, sink, to: str = E164) -> str:
    """What the resident's phone shows: the sender loop's pass, then the newest SMS in the sink."""
    app.sender().send_due()
    messages = notify.dev_messages(sink, to=to, sender="identity")
    assert messages, f"no SMS to {to[:5]}..."
    return re.search(r"\b(\d{6})\b", messages[-1]["message"]).group(1)


def _bearer(token: str) -> list[tuple[str, str]]:
    return [("authorization", f"Bearer {token}")]


def _failure(call, request, metadata=None) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        call(request, metadata=metadata, timeout=10)
    return caught.value


def _sign_up(stub, app, sink, nik=SITI_NIK, name="Siti Rahma", born="1990-01-01", phone=PHONE) -> pb.Token:
    pending = stub.RegisterCitizen(
        pb.RegisterCitizenRequest(nik=nik, full_name=name, birth_date=born, phone=phone, password=PASSWORD), timeout=10
    )
    assert (pending.status, pending.acr) == ("pending_verification", 0)
    return stub.ActivateCitizen(
        pb.ActivateCitizenRequest(nik=nik, code=_code(app, sink, "+62" + phone[1:])), timeout=10
    )


def _desk_officer(app, stub) -> list[tuple[str, str]]:
    agency = admin.create_agency(
        app.uow(), app.clock, code="kelurahan-7571", name="Pelayanan Kelurahan Kota", region_code="75.71"
    )
    admin.create_officer(
        app.uow(),
        app.passwords,
        app.clock,
        agency_id=agency.id,
        username="petugas.kelurahan.kota",
        full_name="Petugas Kelurahan",
        password=PASSWORD,
        jurisdiction=["75.71"],
    )
    token = stub.Login(pb.LoginRequest(username="petugas.kelurahan.kota", password=PASSWORD), timeout=10)
    assert token.acr == 2  # staff
    return _bearer(token.access_token)


def test_sign_up_code_level_one_refused_a_credential_then_checked_in_person_and_issued(app, stub, sink):
    early = _failure(stub.Login, pb.LoginRequest(username=SITI_NIK, password=PASSWORD))
    assert early.code() == grpc.StatusCode.UNAUTHENTICATED
    pending = stub.RegisterCitizen(
        pb.RegisterCitizenRequest(
            nik=SITI_NIK, full_name="Siti Rahma", birth_date="1990-01-01", phone=PHONE, password=PASSWORD
        ),
        timeout=10,
    )
    assert (pending.status, pending.phone) == ("pending_verification", E164)
    assert _failure(stub.Login, pb.LoginRequest(username=SITI_NIK, password=PASSWORD)).code() == (
        grpc.StatusCode.UNAUTHENTICATED
    )
    wrong = _failure(stub.ActivateCitizen, pb.ActivateCitizenRequest(nik=SITI_NIK, code="000000"))
    assert wrong.code() == grpc.StatusCode.INVALID_ARGUMENT
    token = stub.ActivateCitizen(pb.ActivateCitizenRequest(nik=SITI_NIK, code=_code(app, sink)), timeout=10)
    assert (token.acr, token.required_action) == (1, "")
    me = stub.GetMe(pb.GetMeRequest(), metadata=_bearer(token.access_token), timeout=10)
    assert (me.status, me.acr, me.phone_verified, me.nik) == ("active", 1, True, "7571**********03")

    refused = _failure(stub.IssueCredential, pb.IssueCredentialRequest(), _bearer(token.access_token))
    assert refused.code() == grpc.StatusCode.PERMISSION_DENIED and error_reason(refused) == "ASSURANCE_INSUFFICIENT"

    started = stub.StartInPersonCheck(pb.StartInPersonCheckRequest(), metadata=_bearer(token.access_token), timeout=10)
    qr = stub.GetInPersonCheckQr(
        pb.GetInPersonCheckQrRequest(challenge=started.challenge), metadata=_bearer(token.access_token), timeout=10
    )
    assert qr.content_type == "image/png" and qr.data.startswith(b"\x89PNG")
    officer = _desk_officer(app, stub)
    not_an_officer = _failure(
        stub.ConfirmInPersonCheck,
        pb.ConfirmInPersonCheckRequest(challenge=started.challenge, nik=SITI_NIK, purpose="Aktivasi IKD"),
        _bearer(token.access_token),
    )
    assert not_an_officer.code() == grpc.StatusCode.PERMISSION_DENIED
    checked = stub.ConfirmInPersonCheck(
        pb.ConfirmInPersonCheckRequest(challenge=started.challenge, nik=SITI_NIK, purpose="Aktivasi IKD di loket"),
        metadata=officer,
        timeout=10,
    )
    assert (checked.acr, checked.full_name, checked.nik) == (2, "Siti Rahma", "7571**********03")

    level_two = stub.Login(pb.LoginRequest(username=SITI_NIK, password=PASSWORD), timeout=10)
    assert level_two.acr == 2
    credential = stub.IssueCredential(pb.IssueCredentialRequest(), metadata=_bearer(level_two.access_token), timeout=10)
    assert credential.token.count(".") == 2
    assert stub.GetMe(pb.GetMeRequest(), metadata=_bearer(level_two.access_token), timeout=10).nik == SITI_NIK
    log = stub.ListMyAccessLog(pb.ListMyAccessLogRequest(), metadata=_bearer(level_two.access_token), timeout=10)
    assert [(e.actor_role, e.purpose) for e in log.entries] == [("officer", "Aktivasi IKD di loket")]


def test_a_service_gets_a_token_with_its_secret_and_reads_a_contact(app, stub, sink, monkeypatch):
    monkeypatch.setenv("SERVICE_SECRET_INBOX", "inbox-secret-for-this-test")
    citizen = _sign_up(stub, app, sink)
    for client_id, secret in (("inbox", "wrong"), ("permits", "inbox-secret-for-this-test"), ("inbox", "")):
        refused = _failure(
            stub.IssueServiceToken, pb.IssueServiceTokenRequest(client_id=client_id, client_secret=secret)
        )
        assert refused.code() == grpc.StatusCode.UNAUTHENTICATED, client_id
    token = stub.IssueServiceToken(
        pb.IssueServiceTokenRequest(client_id="inbox", client_secret="inbox-secret-for-this-test"), timeout=10
    )
    assert token.refresh_token == "" and token.expires_in == 900
    principal = app.verifier().verify(token.access_token)
    assert (principal.role, principal.subject) == ("service", "service:inbox")

    me = stub.GetMe(pb.GetMeRequest(), metadata=_bearer(citizen.access_token), timeout=10)
    inbox = stub.calling_as("inbox")  # GetContact admits the inbox's certificate only (peers)
    contact = inbox.GetContact(pb.GetContactRequest(citizen_id=me.id), metadata=_bearer(token.access_token), timeout=10)
    assert (contact.citizen_id, contact.phone, contact.regency_code, contact.acr, contact.active) == (
        me.id,
        E164,
        "75.71",
        1,
        True,
    )
    as_citizen = _failure(inbox.GetContact, pb.GetContactRequest(citizen_id=me.id), _bearer(citizen.access_token))
    assert as_citizen.code() == grpc.StatusCode.PERMISSION_DENIED
    # Even with the inbox's own service token, another machine (the gateway's certificate) is refused.
    through_gateway = _failure(stub.GetContact, pb.GetContactRequest(citizen_id=me.id), _bearer(token.access_token))
    assert through_gateway.code() == grpc.StatusCode.PERMISSION_DENIED
    assert error_reason(through_gateway) == "PEER_NOT_ALLOWED"
    unknown = _failure(inbox.GetContact, pb.GetContactRequest(citizen_id="nobody"), _bearer(token.access_token))
    assert unknown.code() == grpc.StatusCode.NOT_FOUND


def test_an_account_from_before_codes_signs_in_at_level_zero_and_verifies_by_sms(app, stub, sink):
    account_id = str(uuid.uuid4())
    with app.uow() as uow:  # written as identity wrote accounts before issue 14
        uow.session.execute(
            accounts.insert().values(
                id=account_id,
                role="citizen",
                full_name="Nur Aini",
                jurisdiction=[],
                nik_encrypted=app.cipher.encrypt("7571014201900004", f"nik:{account_id}"),
                nik_index=app.cipher.index("7571014201900004", "nik"),
                phone_encrypted=app.cipher.encrypt("+6281300000002", f"phone:{account_id}"),
                phone_index=app.cipher.index("+6281300000002", "phone"),
                password_hash=app.passwords.hash(PASSWORD),
                regency_code="75.71",
                created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=200),
            )
        )
        uow.commit()
    legacy = stub.Login(pb.LoginRequest(username="081300000002", password=PASSWORD), timeout=10)
    assert (legacy.acr, legacy.required_action) == (0, "verify_phone")
    sent = stub.SendPhoneCode(pb.SendPhoneCodeRequest(), metadata=_bearer(legacy.access_token), timeout=10)
    assert sent.phone_masked.startswith("+6281") and "0000" not in sent.phone_masked
    verified = stub.VerifyPhone(
        pb.VerifyPhoneRequest(code=_code(app, sink, "+6281300000002")),
        metadata=_bearer(legacy.access_token),
        timeout=10,
    )
    assert (verified.acr, verified.required_action) == (1, "")


def test_a_password_reset_answers_alike_and_the_code_signs_in_anew(app, stub, sink):
    _sign_up(stub, app, sink)
    answers = {
        username: stub.RequestPasswordReset(pb.RequestPasswordResetRequest(username=username), timeout=10)
        for username in (SITI_NIK, "7571014101909999")
    }
    assert answers[SITI_NIK] == answers["7571014101909999"] and answers[SITI_NIK].message
    token = stub.ConfirmPasswordReset(
        pb.ConfirmPasswordResetRequest(username=SITI_NIK, code=_code(app, sink), new_password="kata-sandi-baru-22"),
        timeout=10,
    )
    assert token.acr == 1
    assert stub.Login(pb.LoginRequest(username=PHONE, password="kata-sandi-baru-22"), timeout=10).acr == 1


def test_the_sms_gateways_signed_report_is_applied_and_an_unsigned_one_refused(app, stub, sink):
    _sign_up(stub, app, sink)
    with app.uow() as uow:
        [delivery] = uow.session.execute(deliveries.select()).all()
    assert delivery.status == "sent"
    body = json.dumps({"reference": delivery.id, "status": "DELIVRD"}).encode()  # an SMPP word for delivered
    request = pb.ReportSmsDeliveryRequest(body=httpbody_pb2.HttpBody(content_type="application/json", data=body))
    forged = _failure(stub.ReportSmsDelivery, request, [("x-signature", "sha256=" + "0" * 64)])
    assert forged.code() == grpc.StatusCode.UNAUTHENTICATED
    signed = [("x-signature", notify.callbacks.sign(body, CALLBACK_SECRET))]
    assert stub.ReportSmsDelivery(request, metadata=signed, timeout=10).applied is True
    with app.uow() as uow:
        assert uow.deliveries.get(delivery.id)["status"] == "delivered"


def test_only_a_service_reads_a_contact_in_the_use_case_too(app):
    """The access rule says service; the use case checks it again (an admin's token reads no number)."""
    for role in ("citizen", "officer", "admin"):
        with pytest.raises(PermissionDenied):
            service_clients.get_contact(app.uow(), Principal(subject="someone", role=role, acr=2), "any-id")
