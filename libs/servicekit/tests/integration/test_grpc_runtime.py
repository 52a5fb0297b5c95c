"""In-process gRPC through servicekit's server bootstrap and interceptor chain.

The servicers subclass the real generated bases, so access rules come from the real
(gorontalo.api.v1.access) options in the contracts.
"""

from __future__ import annotations

import concurrent.futures
import re

import grpc
import jwt
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from prometheus_client import REGISTRY

from gorontalo.identity.v1 import identity_pb2, identity_pb2_grpc
from gorontalo.permits.v1 import permits_pb2, permits_pb2_grpc
from servicekit import auth, i18n, testing, testing_pki
from servicekit.auth import TokenVerifier, require_principal
from servicekit.errors import FieldViolation, InvalidArgument, PermissionDenied, Validator
from servicekit.grpc_errors import ERROR_DOMAIN
from servicekit.logging import request_id_var
from servicekit.server import Registration, ServiceRuntime

IDENTITY = "gorontalo.identity.v1.IdentityService"
PERMITS = "gorontalo.permits.v1.PermitsService"
DOWN_KID = "kid-served-by-an-unreachable-identity"
SECRET = "hunter2-db-password"


class Identity(identity_pb2_grpc.IdentityServiceServicer):
    def __init__(self, minter: testing.TokenMinter):
        self.minter = minter
        self.login_calls: list[tuple] = []

    def Login(self, request, context):
        self.login_calls.append(
            (request.username, request_id_var.get(), i18n.language_var.get(), auth.current_principal())
        )
        if request.username == "boom":
            raise RuntimeError(f"connection to postgres failed: password {SECRET} for NIK 7571014101900003")
        if request.username == "abort":
            context.abort(grpc.StatusCode.RESOURCE_EXHAUSTED, "slow down")
        if request.username == "locked":
            raise PermissionDenied("account_locked", until="2030-01-01")
        check = Validator()
        check.require("username", request.username)
        check.text("password", request.password, max_len=8, min_len=4)
        check.raise_if_invalid()
        return identity_pb2.Token(
            access_token=self.minter.token(subject=request.username), token_type="Bearer", expires_in=900
        )

    def GetMe(self, request, context):
        principal = require_principal()
        if principal.subject == "invalid-me":
            raise InvalidArgument(
                violations=[
                    FieldViolation("full_name", "too_long", {"max": 10}),
                    FieldViolation("birth_date", "invalid_date"),
                ]
            )
        # Echo what the servicer sees, so concurrent calls can be checked one by one.
        return identity_pb2.Account(
            id=principal.subject,
            role=principal.role,
            full_name=request_id_var.get(),
            birth_date=i18n.language_var.get(),
            jurisdiction=list(principal.jurisdiction),
        )

    def GetJwks(self, request, context):
        return identity_pb2.Jwks(keys=[identity_pb2.Jwk(**key) for key in self.minter.jwks["keys"]])


class Permits(permits_pb2_grpc.PermitsServiceServicer):
    def StartReview(self, request, context):
        principal = require_principal()
        principal.require_jurisdiction("75.71.01.1001")  # where the application's business is
        return permits_pb2.Application(id=request.id, status="in_review", regency_code="75.71")


@pytest.fixture(scope="module")
def minter():
    return testing.TokenMinter()


@pytest.fixture(scope="module")
def identity(minter):
    return Identity(minter)


def build_runtime(minter, identity) -> ServiceRuntime:
    trusted = minter.verifier

    def key_for_kid(kid):
        if kid == DOWN_KID:
            raise ConnectionError("identity unreachable")
        return trusted._key_for_kid(kid)

    return ServiceRuntime(
        listen="127.0.0.1:0",
        metrics_port=0,
        verifier=TokenVerifier(key_for_kid),
        registrations=[
            Registration(identity_pb2_grpc.add_IdentityServiceServicer_to_server, identity, IDENTITY),
            Registration(permits_pb2_grpc.add_PermitsServiceServicer_to_server, Permits(), PERMITS),
        ],
        max_workers=8,
        tls=testing_pki.server_source("identity"),
    )


@pytest.fixture(scope="module")
def channel(minter, identity):
    server, _health, port = build_runtime(minter, identity).build()
    server.start()
    channel = testing_pki.test_channel(f"127.0.0.1:{port}", expect="identity")
    grpc.channel_ready_future(channel).result(timeout=10)
    yield channel
    channel.close()
    server.stop(None).wait(5)


@pytest.fixture(scope="module")
def stub(channel):
    return identity_pb2_grpc.IdentityServiceStub(channel)


@pytest.fixture(scope="module")
def permits(channel):
    return permits_pb2_grpc.PermitsServiceStub(channel)


def call_error(rpc, request, metadata=()) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        rpc(request, metadata=list(metadata), timeout=10)
    return caught.value


def details(error: grpc.RpcError) -> dict:
    """The google.rpc rich details of a failed call, by type."""
    status = rpc_status.from_call(error)
    assert status is not None, "no grpc-status-details-bin trailer"
    assert status.code == error.code().value[0]
    assert status.message == error.details()
    found = {}
    for detail in status.details:
        for kind in (error_details_pb2.ErrorInfo, error_details_pb2.LocalizedMessage, error_details_pb2.BadRequest):
            if detail.Is(kind.DESCRIPTOR):
                message = kind()
                detail.Unpack(message)
                found[kind.__name__] = message
    return found


def handled(method: str, code: str, service: str = IDENTITY) -> float:
    return (
        REGISTRY.get_sample_value(
            "grpc_server_handled_total", {"grpc_service": service, "grpc_method": method, "grpc_code": code}
        )
        or 0
    )


def bearer(token: str) -> tuple[str, str]:
    return ("authorization", f"Bearer {token}")


# -- access rules ------------------------------------------------------------------------------


def test_public_rpcs_need_no_token(stub, minter, identity):
    token = stub.Login(identity_pb2.LoginRequest(username="citizen-9", password="secret1"), timeout=10)
    assert token.token_type == "Bearer" and token.expires_in == 900
    assert minter.verifier.verify(token.access_token).subject == "citizen-9"
    assert identity.login_calls[-1][3] is None, "no principal without a token"
    jwks = stub.GetJwks(identity_pb2.GetJwksRequest(), timeout=10)
    assert [key.kid for key in jwks.keys] == [minter.kid]


def test_public_rpc_with_a_valid_token_sees_the_principal(stub, minter, identity):
    stub.Login(
        identity_pb2.LoginRequest(username="x", password="secret1"),
        metadata=[bearer(minter.token(subject="already-in"))],
        timeout=10,
    )
    assert identity.login_calls[-1][3].subject == "already-in"


def test_public_rpc_with_a_bad_token_is_rejected(stub):
    error = call_error(stub.Login, identity_pb2.LoginRequest(username="x", password="secret1"), [bearer("not-a-token")])
    assert error.code() == grpc.StatusCode.UNAUTHENTICATED
    assert details(error)["ErrorInfo"].reason == "TOKEN_INVALID"


def test_private_rpc_without_a_token_is_unauthenticated(stub):
    before = handled("GetMe", "UNAUTHENTICATED")
    error = call_error(stub.GetMe, identity_pb2.GetMeRequest())
    assert error.code() == grpc.StatusCode.UNAUTHENTICATED
    info = details(error)["ErrorInfo"]
    assert info.reason == "UNAUTHENTICATED" and info.domain == ERROR_DOMAIN
    assert error.details() == i18n.translate("unauthenticated", "id")
    assert handled("GetMe", "UNAUTHENTICATED") == before + 1


@pytest.mark.parametrize(
    "authorization,reason",
    [
        ("Bearer garbage", "TOKEN_INVALID"),
        ("Basic dXNlcjpwYXNz", "UNAUTHENTICATED"),  # no bearer token at all
        ("Bearer ", "TOKEN_INVALID"),
    ],
)
def test_private_rpc_with_a_bad_authorization_header(stub, authorization, reason):
    error = call_error(stub.GetMe, identity_pb2.GetMeRequest(), [("authorization", authorization)])
    assert error.code() == grpc.StatusCode.UNAUTHENTICATED
    assert details(error)["ErrorInfo"].reason == reason


def test_private_rpc_with_forged_or_expired_tokens(stub, minter):
    expired = call_error(stub.GetMe, identity_pb2.GetMeRequest(), [bearer(minter.token(lifetime_seconds=-120))])
    assert details(expired)["ErrorInfo"].reason == "TOKEN_EXPIRED"
    foreign = call_error(stub.GetMe, identity_pb2.GetMeRequest(), [bearer(testing.TokenMinter().token())])
    assert details(foreign)["ErrorInfo"].reason == "TOKEN_INVALID"


def test_private_rpc_with_a_valid_token(stub, minter):
    before = handled("GetMe", "OK")
    account = stub.GetMe(identity_pb2.GetMeRequest(), metadata=[bearer(minter.token(subject="acct-1"))], timeout=10)
    assert (account.id, account.role) == ("acct-1", "citizen")
    assert handled("GetMe", "OK") == before + 1


def test_unreachable_key_source_is_unavailable(stub, minter):
    token = jwt.encode({"sub": "x"}, minter._key, algorithm="EdDSA", headers={"kid": DOWN_KID})
    error = call_error(stub.GetMe, identity_pb2.GetMeRequest(), [bearer(token)])
    assert error.code() == grpc.StatusCode.UNAVAILABLE
    assert details(error)["ErrorInfo"].reason == "KEYS_UNAVAILABLE"


def test_declared_roles_are_enforced(permits, minter):
    request = permits_pb2.StartReviewRequest(id="app-1")
    assert call_error(permits.StartReview, request).code() == grpc.StatusCode.UNAUTHENTICATED
    citizen = call_error(permits.StartReview, request, [bearer(minter.token(role="citizen"))])
    assert citizen.code() == grpc.StatusCode.PERMISSION_DENIED
    assert details(citizen)["ErrorInfo"].reason == "PERMISSION_DENIED"
    elsewhere = call_error(
        permits.StartReview,
        request,
        [bearer(minter.token(role="officer", agency="DPMPTSP Pohuwato", jurisdiction=["75.04"]))],
    )
    assert elsewhere.code() == grpc.StatusCode.PERMISSION_DENIED
    assert details(elsewhere)["ErrorInfo"].reason == "OUTSIDE_JURISDICTION"
    application = permits.StartReview(
        request,
        metadata=[bearer(minter.token(role="officer", agency="DPMPTSP Kota", jurisdiction=["75.71"]))],
        timeout=10,
    )
    assert (application.id, application.status) == ("app-1", "in_review")


def test_rpc_without_access_option_needs_a_token_but_no_role(permits, minter):
    request = permits_pb2.GetApplicationRequest(id="app-1")
    assert call_error(permits.GetApplication, request).code() == grpc.StatusCode.UNAUTHENTICATED
    # Past authentication it reaches the (unimplemented) servicer.
    error = call_error(permits.GetApplication, request, [bearer(minter.token())])
    assert error.code() == grpc.StatusCode.UNIMPLEMENTED


def test_unimplemented_rpc_keeps_its_status(stub):
    before = handled("RegisterCitizen", "UNIMPLEMENTED")
    error = call_error(stub.RegisterCitizen, identity_pb2.RegisterCitizenRequest(nik="7571014101900003"))
    assert error.code() == grpc.StatusCode.UNIMPLEMENTED
    assert handled("RegisterCitizen", "UNIMPLEMENTED") == before + 1


def test_unknown_method(channel):
    rpc = channel.unary_unary(
        f"/{IDENTITY}/DoesNotExist",
        request_serializer=lambda m: m.SerializeToString(),
        response_deserializer=identity_pb2.Account.FromString,
    )
    assert call_error(rpc, identity_pb2.GetMeRequest()).code() == grpc.StatusCode.UNIMPLEMENTED


# -- errors with rich details --------------------------------------------------------------


def test_invalid_argument_carries_field_violations(stub, minter):
    before = handled("GetMe", "INVALID_ARGUMENT")
    error = call_error(stub.GetMe, identity_pb2.GetMeRequest(), [bearer(minter.token(subject="invalid-me"))])
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    found = details(error)
    assert found["ErrorInfo"].reason == "INVALID_ARGUMENT"
    assert found["ErrorInfo"].domain == ERROR_DOMAIN
    assert found["LocalizedMessage"].locale == "id"
    assert found["LocalizedMessage"].message == "Data yang dikirim tidak valid."
    violations = [(v.field, v.reason, v.description) for v in found["BadRequest"].field_violations]
    assert violations == [
        ("full_name", "TOO_LONG", "Terlalu panjang (maksimal 10 karakter)."),
        ("birth_date", "INVALID_DATE", "Tanggal tidak valid; gunakan format YYYY-MM-DD."),
    ]
    assert handled("GetMe", "INVALID_ARGUMENT") == before + 1


def test_validator_violations_from_a_public_rpc(stub):
    error = call_error(stub.Login, identity_pb2.LoginRequest(username="", password="x" * 20))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    bad_request = details(error)["BadRequest"]
    assert [(v.field, v.reason) for v in bad_request.field_violations] == [
        ("username", "REQUIRED"),
        ("password", "TOO_LONG"),
    ]


def test_error_params_reach_error_info_metadata(stub):
    error = call_error(stub.Login, identity_pb2.LoginRequest(username="locked"))
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    info = details(error)["ErrorInfo"]
    assert info.reason == "ACCOUNT_LOCKED"
    assert dict(info.metadata) == {"until": "2030-01-01"}


@pytest.mark.parametrize(
    "accept_language,locale,message",
    [
        (None, "id", "Data yang dikirim tidak valid."),
        ("en", "en", "The request data is invalid."),
        ("en-US,en;q=0.9", "en", "The request data is invalid."),
        ("fr, en;q=0.5", "en", "The request data is invalid."),
        ("fr", "id", "Data yang dikirim tidak valid."),
        ("id;q=0.1, en;q=0.9", "en", "The request data is invalid."),
    ],
)
def test_language_follows_accept_language(stub, minter, accept_language, locale, message):
    metadata = [bearer(minter.token(subject="invalid-me"))]
    if accept_language is not None:
        metadata.append(("accept-language", accept_language))
    error = call_error(stub.GetMe, identity_pb2.GetMeRequest(), metadata)
    found = details(error)
    assert error.details() == message
    assert found["LocalizedMessage"].locale == locale
    assert found["LocalizedMessage"].message == message
    description = found["BadRequest"].field_violations[0].description
    assert description == i18n.translate("too_long", locale, max=10)


def test_unexpected_exception_is_internal_without_leaking(stub, caplog):
    before = handled("Login", "INTERNAL")
    error = call_error(stub.Login, identity_pb2.LoginRequest(username="boom"), [("accept-language", "en")])
    assert error.code() == grpc.StatusCode.INTERNAL
    assert error.details() == "Something went wrong on the server."
    everything_sent = error.details() + repr(error.trailing_metadata()) + repr(error.initial_metadata())
    assert SECRET not in everything_sent and "postgres" not in everything_sent
    assert "7571014101900003" not in everything_sent
    assert details(error)["ErrorInfo"].reason == "INTERNAL"
    assert handled("Login", "INTERNAL") == before + 1
    # The server's log keeps the cause for operators.
    assert any(
        SECRET in (r.exc_text or "") or (r.exc_info and SECRET in str(r.exc_info[1]))
        for r in caplog.records
        if r.name == "servicekit.rpc"
    )


def test_deliberate_abort_in_a_servicer_keeps_its_code(stub):
    before = handled("Login", "RESOURCE_EXHAUSTED")
    error = call_error(stub.Login, identity_pb2.LoginRequest(username="abort"))
    assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert error.details() == "slow down"
    assert handled("Login", "RESOURCE_EXHAUSTED") == before + 1


# -- request context ----------------------------------------------------------------------------


def test_request_id_from_metadata_is_visible_in_the_servicer(stub, minter, identity):
    stub.Login(
        identity_pb2.LoginRequest(username="rid", password="secret1"),
        metadata=[("x-request-id", "req-7f3a.9:b_c-d")],
        timeout=10,
    )
    assert identity.login_calls[-1][1] == "req-7f3a.9:b_c-d"
    account = stub.GetMe(
        identity_pb2.GetMeRequest(), timeout=10, metadata=[bearer(minter.token()), ("x-request-id", "req-getme-1")]
    )
    assert account.full_name == "req-getme-1"


@pytest.mark.parametrize("incoming", [None, "", "has spaces", "x" * 129, "semi;colon", 'quote"s', "a/b"])
def test_missing_or_unsafe_request_id_is_replaced(stub, minter, incoming):
    metadata = [bearer(minter.token())]
    if incoming is not None:
        metadata.append(("x-request-id", incoming))
    account = stub.GetMe(identity_pb2.GetMeRequest(), metadata=metadata, timeout=10)
    assert re.fullmatch(r"[0-9a-f]{32}", account.full_name)


def test_context_does_not_leak_between_calls(stub, minter, identity):
    """Principal, request id and language of one call never show up in another (worker threads are reused)."""

    def call(n: int):
        metadata = [bearer(minter.token(subject=f"acct-{n}")), ("x-request-id", f"req-{n}")]
        if n % 2:
            metadata.append(("accept-language", "en"))
        return n, stub.GetMe(identity_pb2.GetMeRequest(), metadata=metadata, timeout=10)

    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(call, range(64)))
    for n, account in results:
        assert (account.id, account.full_name, account.birth_date) == (f"acct-{n}", f"req-{n}", "en" if n % 2 else "id")

    for _ in range(16):  # afterwards, anonymous calls on the same workers see no principal
        stub.Login(identity_pb2.LoginRequest(username="anon", password="secret1"), timeout=10)
        assert identity.login_calls[-1][3] is None
        assert identity.login_calls[-1][2] == "id"
