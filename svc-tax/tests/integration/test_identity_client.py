"""The identity lookup used by claims, against a real gRPC server standing in for svc-identity."""

from concurrent import futures

import grpc
import pytest

from gorontalo.identity.v1 import identity_pb2, identity_pb2_grpc
from gorontalo_tax.adapters.identity_client import resident_lookup
from servicekit import testing_pki
from servicekit.errors import Unauthenticated, Unavailable
from servicekit.testing import free_port


class FakeIdentity(identity_pb2_grpc.IdentityServiceServicer):
    def GetMe(self, request, context):
        if dict(context.invocation_metadata()).get("authorization") != "Bearer good":
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "no")
        return identity_pb2.Account(id="citizen-a", role="citizen", nik="7571014107900001")


@pytest.fixture
def identity_channel():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    identity_pb2_grpc.add_IdentityServiceServicer_to_server(FakeIdentity(), server)
    port = testing_pki.add_secure_port(server, "127.0.0.1:0", "identity")
    server.start()
    channel = testing_pki.test_channel(f"127.0.0.1:{port}", "tax", expect="identity")
    yield channel
    channel.close()
    server.stop(None).wait()


def test_forwards_the_callers_token_and_reads_the_nik(identity_channel):
    lookup = resident_lookup(identity_channel)
    assert lookup("Bearer good") == ("citizen-a", "7571014107900001")
    with pytest.raises(Unauthenticated):
        lookup("Bearer bad")


def test_identity_down_is_unavailable():
    channel = testing_pki.test_channel(f"127.0.0.1:{free_port()}", "tax", expect="identity")
    with pytest.raises(Unavailable):
        resident_lookup(channel, timeout=0.5)("Bearer good")
    channel.close()
