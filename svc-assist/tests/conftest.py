"""Fixtures of svc-assist's tests: the assistant on the real sources (the permit catalog, the complaint
categories, the tax rules and the SMS format from their owners' installed packages, as the evaluation
reads them; the FAQ data) and an in-process gRPC server over mutual TLS."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from gorontalo_assist.adapters.catalog_sources import PackagedComplaintCategories, PackagedPermitCatalog
from gorontalo_assist.bootstrap import SERVICE_NAME, AssistApp, build_assistant
from gorontalo_assist.entrypoints.grpc_servicer import AssistServicer
from gorontalo_assist.messages import CATALOG
from gorontalo_assist.service_layer.asking import QuestionLimits

from gorontalo.assist.v1 import assist_pb2_grpc
from servicekit import ratelimit, testing_pki
from servicekit.server import Registration, ServiceRuntime
from servicekit.testing import TokenMinter

NOW = dt.datetime(2026, 7, 1, 2, 0, tzinfo=dt.UTC)


class SwitchableSource:
    """A real source that can be made unreachable (as a service that is down)."""

    def __init__(self, source):
        self.source = source
        self.name = source.name
        self.down = False

    def read(self):
        from gorontalo_assist.domain.passages import SourceUnavailable

        if self.down:
            raise SourceUnavailable("unavailable")
        return self.source.read()


@pytest.fixture
def permits_source():
    return SwitchableSource(PackagedPermitCatalog())


@pytest.fixture
def assistant(permits_source, monkeypatch):
    monkeypatch.setenv("WEB_PUBLIC_URL", "https://gorontaloprov.go.id")
    library, assistant = build_assistant(
        "packages", catalog_sources=[permits_source, PackagedComplaintCategories()], clock=lambda: NOW
    )
    library.refresh()
    return assistant


@pytest.fixture
def minter():
    return TokenMinter()


def serve(assistant, minter, limits: QuestionLimits | None = None):
    import dataclasses

    if limits is not None:
        assistant = dataclasses.replace(assistant, limits=limits)
    app = AssistApp(
        settings=None, verifier=minter.verifier, library=assistant.library, assistant=assistant, refresh_seconds=300
    )
    runtime = ServiceRuntime(
        tls=testing_pki.server_source("assist"),
        listen="127.0.0.1:0",
        metrics_port=0,
        verifier=minter.verifier,
        bus=None,
        max_workers=4,
        catalog=CATALOG,
        registrations=[
            Registration(assist_pb2_grpc.add_AssistServiceServicer_to_server, AssistServicer(app), SERVICE_NAME)
        ],
    )
    server, _health, port = runtime.build()
    server.start()
    return server, port


@pytest.fixture
def limits():
    """Counted in the shared Redis (memory when none answers), apart for each test."""
    return QuestionLimits(
        limits=ratelimit.RateLimits(
            ratelimit.open_storage(ratelimit.DEFAULT_REDIS_URL), f"assist-test-{uuid.uuid4().hex}"
        ),
        per_address="3/minute",
        per_account="2/minute",
    )


@pytest.fixture
def stub(assistant, minter, limits):
    server, port = serve(assistant, minter, limits)
    channel = testing_pki.test_channel(f"127.0.0.1:{port}")
    try:
        yield assist_pb2_grpc.AssistServiceStub(channel)
    finally:
        channel.close()
        server.stop(None)
