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
