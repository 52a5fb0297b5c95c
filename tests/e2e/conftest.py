"""One real stack for the end-to-end tests, driven over HTTP as a client would."""
from __future__ import annotations

import asyncio
import contextlib
import json
import os
import pathlib
import random
import time
import uuid

import pytest
import requests

from servicekit import testing

from tests.e2e.stack import Stack

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = pathlib.Path(os.environ.get("SHARED_DIR", ROOT.parent / "shared"))


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.xdist_group("e2e"))


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("stack")
    with contextlib.ExitStack() as resources:
        # Identity and permits run on PostgreSQL, the rest on SQLite: both paths, one stack.
        database_urls = {}
        admin_url = os.environ.get("TEST_POSTGRES_URL", testing.DEFAULT_TEST_POSTGRES_URL)
        if testing.postgres_available(admin_url):
            for name in ("identity", "permits"):
                database_urls[name] = resources.enter_context(testing.scratch_postgres_database(admin_url))
        elif os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL is required in CI")
        running = Stack(workdir, database_urls)
        resources.callback(running.stop)
        running.start()
        yield running


@pytest.fixture(scope="session")
def http():
    session = requests.Session()
    session.headers["User-Agent"] = "gorontalo-e2e"
    return session


def random_nik(birth: str = "1990-01-01", female: bool = True) -> str:
    year, month, day = birth.split("-")
    encoded_day = int(day) + (40 if female else 0)
    serial = random.randint(1, 9999)
    return f"757101{encoded_day:02d}{month}{year[2:]}{serial:04d}"


def random_phone() -> str:
    return "0812" + "".join(random.choice("0123456789") for _ in range(8))


@pytest.fixture
def citizen(stack, http):
    """A freshly registered and logged-in citizen: (account json, headers, nik, phone)."""
    for _ in range(5):
        nik, phone = random_nik(), random_phone()
        response = http.post(stack.url + "/v1/identity/citizens", json={
            "nik": nik, "full_name": "Siti Rahmawati Hasan", "birth_date": "1990-01-01",
            "phone": phone, "password": "kata-sandi-aman-1"})
        if response.status_code == 200:
            break
        assert response.status_code == 409, response.text
    token = http.post(stack.url + "/v1/identity/token", json={"username": nik, "password": "kata-sandi-aman-1"})
    assert token.status_code == 200, token.text
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    return {"account": response.json(), "headers": headers, "nik": nik, "phone": phone}


def login(stack, http, username: str, password: str) -> dict:
    response = http.post(stack.url + "/v1/identity/token", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def _read_stream(nats_url: str, subject: str, stream: str) -> list[dict]:
    import nats

    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        psub = await js.pull_subscribe(subject, stream=stream)
        found = []
        while True:
            try:
                messages = await psub.fetch(batch=256, timeout=0.5)
            except (nats.errors.TimeoutError, asyncio.TimeoutError):
                break
            for msg in messages:
                found.append({"subject": msg.subject, "headers": dict(msg.headers or {}),
                              "event": json.loads(msg.data)})
                await msg.ack()
        await psub.unsubscribe()
        return found
    finally:
        await nc.close()


def wait_for_event(nats_url: str, subject: str, predicate, timeout: float = 15, stream: str = "GORONTALO"):
    """Poll JetStream (bounded) until an event on `subject` satisfies `predicate`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in asyncio.run(_read_stream(nats_url, subject, stream)):
            if predicate(message["event"]):
                return message
        time.sleep(0.3)
    raise AssertionError(f"no matching event on {subject} within {timeout}s")


def unique(text: str) -> str:
    return f"{text} {uuid.uuid4().hex[:6]}"
