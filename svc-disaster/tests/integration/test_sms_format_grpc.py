"""GetSmsFormat through the real server, as svc-assist calls it (its own certificate, no token): what it
publishes is what ReceiveSms's parser reads."""

from __future__ import annotations

import pytest

from gorontalo.disaster.v1 import disaster_pb2, disaster_pb2_grpc
from gorontalo_disaster.bootstrap import SERVICE_NAME
from gorontalo_disaster.domain import sms
from gorontalo_disaster.domain.model import HAZARDS
from gorontalo_disaster.entrypoints.grpc_servicer import DisasterServicer
from servicekit import testing_pki
from servicekit.server import Registration, ServiceRuntime


@pytest.fixture
def assist_stub(app, minter):
    server, _health, port = ServiceRuntime(
        tls=testing_pki.server_source("disaster"),
        listen="127.0.0.1:0",
        metrics_port=0,
        verifier=minter.verifier,
        bus=None,
        max_workers=2,
        registrations=[
            Registration(disaster_pb2_grpc.add_DisasterServiceServicer_to_server, DisasterServicer(app), SERVICE_NAME)
        ],
        catalog=app.catalog,
    ).build()
    server.start()
    channel = testing_pki.test_channel(f"127.0.0.1:{port}", "assist", expect="disaster")
    try:
        yield disaster_pb2_grpc.DisasterServiceStub(channel)
    finally:
        channel.close()
        server.stop(None)


def test_the_published_format_is_the_one_the_parser_reads(assist_stub):
    published = assist_stub.GetSmsFormat(disaster_pb2.GetSmsFormatRequest())
    assert published.keyword == "SIAGA"
    assert published.format.startswith("SIAGA <BENCANA>")
    assert f"{published.format}, contoh: {published.example}" == sms.FORMAT_HINT  # the parser's own reply
    example = sms.parse(published.example)
    assert example.problem is None and example.hazard == "banjir"

    assert [h.code for h in published.hazards] == list(HAZARDS)
    for hazard in published.hazards:
        assert "BANJIR" in published.hazards[0].keywords and list(hazard.keywords) == sorted(hazard.keywords)
        for word in hazard.keywords:
            parsed = sms.parse(f"{published.keyword} {word} 750302 air naik")
            assert (word, parsed.problem, parsed.hazard) == (word, None, hazard.code)
