"""Fixtures of the gateway's tests."""

from __future__ import annotations

import asyncio

import pytest

from gorontalo_gateway.streams.testing import create_streams
from servicekit.testing import NatsServer


@pytest.fixture(scope="module")
def nats_url():
    """A nats-server of this test module, with the platform's JetStream streams."""
    with NatsServer() as server:
        asyncio.run(create_streams(server.url))
        yield server.url


@pytest.fixture(scope="module", autouse=True)
def gateway_certificate():
    """The gateway under test presents the test CA's gateway certificate (TLS_* as in production), and
    stand-in upstreams serve certificates of the same CA (servicekit.testing_pki.add_secure_port).
    Per module, not per session: a session-wide TLS_* stayed in the xdist worker's environment and every
    later real stack in that worker inherited the gateway's certificate (CI: "No match found for server
    name" from every service)."""
    from servicekit import testing_pki

    with pytest.MonkeyPatch.context() as patch:
        for name, value in testing_pki.process_env("gateway").items():
            patch.setenv(name, value)
        yield
