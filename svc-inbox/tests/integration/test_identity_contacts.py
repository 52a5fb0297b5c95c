"""The inbox asks identity for a resident's phone over real gRPC, with its own service token: issued
once, kept until shortly before it expires, asked for again when identity refuses it."""

from concurrent import futures

import grpc
import pytest
from gorontalo_inbox.adapters.identity_contacts import REFRESH_MARGIN_SECONDS, IdentityContacts

from gorontalo.identity.v1 import identity_pb2, identity_pb2_grpc
from servicekit import testing_pki


class Identity(identity_pb2_grpc.IdentityServiceServicer):
    """The two RPCs the inbox uses, as identity answers them."""

    def __init__(self):
        self.issued = 0
        self.valid: set[str] = set()
        self.seen_tokens: list[str] = []
        self.contacts = {
            "citizen-1": identity_pb2.Contact(citizen_id="citizen-1", phone="+6281234567890", active=True, acr=1),
            "unverified": identity_pb2.Contact(citizen_id="unverified", phone="", active=True),
            "closed": identity_pb2.Contact(citizen_id="closed", phone="+6281299999999", active=False),
        }

    def IssueServiceToken(self, request, context):
        if (request.client_id, request.client_secret) != ("inbox", "s3cret"):
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "client_auth_failed")
        self.issued += 1
        token = f"token-{self.issued}"
        self.valid.add(token)
        return identity_pb2.Token(access_token=token, token_type="Bearer", expires_in=900)

    def GetContact(self, request, context):
        token = dict(context.invocation_metadata()).get("authorization", "").removeprefix("Bearer ")
        self.seen_tokens.append(token)
        if token not in self.valid:
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "token_invalid")
        if request.citizen_id not in self.contacts:
            context.abort(grpc.StatusCode.NOT_FOUND, "not_found")
        return self.contacts[request.citizen_id]


class Monotonic:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def identity():
    servicer = Identity()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    identity_pb2_grpc.add_IdentityServiceServicer_to_server(servicer, server)
    port = testing_pki.add_secure_port(server, "127.0.0.1:0", "identity")
    server.start()
    channel = testing_pki.test_channel(f"127.0.0.1:{port}", "inbox", expect="identity")
    try:
        yield servicer, channel
    finally:
        channel.close()
        server.stop(None).wait()


def test_one_token_serves_until_shortly_before_it_expires(identity):
    servicer, channel = identity
    clock = Monotonic()
    contacts = IdentityContacts(channel, lambda: "s3cret", monotonic=clock)
    assert contacts.phone_of("citizen-1") == "+6281234567890"
    clock.now += 900 - REFRESH_MARGIN_SECONDS - 1
    assert contacts.phone_of("citizen-1") == "+6281234567890"
    assert servicer.issued == 1
    clock.now += 2  # within the margin: a new one before the old one dies
    contacts.phone_of("citizen-1")
    assert servicer.issued == 2 and servicer.seen_tokens == ["token-1", "token-1", "token-2"]


def test_a_refused_token_is_replaced_once(identity):
    servicer, channel = identity
    contacts = IdentityContacts(channel, lambda: "s3cret")
    contacts.phone_of("citizen-1")
    servicer.valid.clear()  # identity restarted with new keys, or revoked the token
    assert contacts.phone_of("citizen-1") == "+6281234567890"
    assert servicer.issued == 2


def test_no_phone_to_text(identity):
    _, channel = identity
    contacts = IdentityContacts(channel, lambda: "s3cret")
    assert contacts.phone_of("unverified") is None
    assert contacts.phone_of("closed") is None
    assert contacts.phone_of("nobody") is None


def test_identity_down_is_an_error_the_sender_retries():
    contacts = IdentityContacts(
        testing_pki.test_channel("127.0.0.1:1", "inbox", expect="identity"), lambda: "s3cret", timeout=0.5
    )
    with pytest.raises(grpc.RpcError) as down:
        contacts.phone_of("citizen-1")
    assert down.value.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)
