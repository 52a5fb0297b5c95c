"""One real stack for the end-to-end tests, driven over HTTP as a client would."""

from __future__ import annotations

import asyncio
import csv
import json
import os
import pathlib
import random
import re
import time
import uuid

import pytest
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from tests.e2e.stack import running_stack

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = pathlib.Path(os.environ.get("SHARED_DIR", ROOT.parent / "shared"))


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.xdist_group("e2e"))
    # A test that reads what the others left behind (e.g. their log lines) says so with runs_last.
    items.sort(key=lambda item: item.get_closest_marker("runs_last") is not None)


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    # Identity and permits run on PostgreSQL, the rest on SQLite: both paths, one stack.
    with running_stack(tmp_path_factory.mktemp("stack"), on_postgres=("identity", "permits")) as running:
        yield running


@pytest.fixture(scope="session")
def http():
    session = requests.Session()
    session.headers["User-Agent"] = "gorontalo-e2e"
    # As browsers and phone HTTP stacks do: an idempotent request whose pooled keep-alive
    # connection the server had just closed is sent again on a fresh one. Writes are never
    # retried, and HTTP error statuses are never retried.
    retry = Retry(
        total=2, connect=2, read=2, status=0, other=0, allowed_methods=frozenset({"GET", "HEAD"}), raise_on_status=False
    )
    session.mount("http://", HTTPAdapter(max_retries=retry))
    return session


def random_phone() -> str:
    return "0812" + "".join(random.choice("0123456789") for _ in range(8))


class Residents:
    """Hands out residents of the stack's demo register, each to one test."""

    def __init__(self, path: pathlib.Path):
        with path.open(encoding="utf-8") as handle:
            self.rows = list(csv.DictReader(handle))
        self.next = 0

    def take(self, regency: str | None = None) -> dict:
        while self.next < len(self.rows):
            row = self.rows[self.next]
            self.next += 1
            if regency is None or row["village_code"].startswith(regency + "."):
                return row
        raise RuntimeError("demo register exhausted")


@pytest.fixture(scope="session")
def residents(stack):
    return Residents(stack.workdir / "var" / "demo-register.csv")


class DevPhone:
    """The development SMS sink (servicekit.notify.DevSink) read as the resident's phone would be:
    every SMS and e-mail the stack sends is a JSON line in var/dev-outbox/messages.jsonl."""

    def __init__(self, path: pathlib.Path):
        self.path = path

    def messages(self, to: str | None = None, sender: str | None = None) -> list[dict]:
        if not self.path.exists():
            return []
        lines = [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines() if line.strip()]
        return [m for m in lines if (to is None or m["to"] == to) and (sender is None or m["sender"] == sender)]

    def wait_for(self, to: str, *, after: int = 0, sender: str | None = None, timeout: float = 20) -> dict:
        """The first message to `to` beyond the `after` ones already there (delivery is asynchronous)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.messages(to, sender)
            if len(found) > after:
                return found[after]
            time.sleep(0.1)
        raise AssertionError(f"no message to {to[:5]}... within {timeout}s")

    def code(self, to: str, *, after: int = 0, timeout: float = 20) -> str:
        message = self.wait_for(to, after=after, sender="identity", timeout=timeout)
        found = re.search(r"\b(\d{6})\b", message["message"])
        assert found, message["message"]
        return found.group(1)


@pytest.fixture(scope="session")
def dev_phone(stack):
    return DevPhone(stack.workdir / "var" / "dev-outbox" / "messages.jsonl")


def e164(phone: str) -> str:
    return "+62" + phone[1:] if phone.startswith("0") else phone


def sign_up(stack, http, resident: dict, password: str = "kata-sandi-aman-1", phone: str | None = None) -> dict:
    """Register a resident of the register, activate the account with the code the development SMS sink
    received, and log in; returns account, headers (a level-1 token) and personal numbers."""
    phone = phone or random_phone()
    stack.personal_numbers.update({resident["nik"], phone, e164(phone)})
    response = http.post(
        stack.url + "/v1/identity/citizens",
        json={
            "nik": resident["nik"],
            "full_name": resident["full_name"].upper(),
            "birth_date": resident["birth_date"],
            "phone": phone,
            "password": password,
        },
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "pending_verification", response.text
    inbox = DevPhone(stack.workdir / "var" / "dev-outbox" / "messages.jsonl")
    code = inbox.code(e164(phone))
    activated = http.post(stack.url + "/v1/identity/citizens:activate", json={"nik": resident["nik"], "code": code})
    assert activated.status_code == 200, activated.text
    token = http.post(stack.url + "/v1/identity/token", json={"username": resident["nik"], "password": password})
    assert token.status_code == 200, token.text
    assert token.json()["acr"] == 1, token.text
    return {
        "account": response.json(),
        "headers": {"Authorization": f"Bearer {token.json()['access_token']}"},
        "nik": resident["nik"],
        "phone": phone,
        "password": password,
        "resident": resident,
        "tokens": token.json(),
    }


def in_person_officer(stack, http, regency_code: str) -> dict:
    """A demo officer who may check a resident of `regency_code` in person: the Kota Gorontalo
    kelurahan officer for 75.71, the province's Disdukcapil officer elsewhere."""
    username = "petugas.kelurahan.kota" if regency_code == "75.71" else "petugas.disdukcapil.prov"
    return login(stack, http, username, stack.demo_credentials()[username])


def check_in_person(stack, http, signed_up: dict) -> dict:
    """The resident shows the one-time QR of an in-person check, an officer scans it and confirms
    against the e-KTP, and the resident's next session is at level 2. Updates and returns `signed_up`."""
    started = http.post(stack.url + "/v1/me/assurance:inPersonCheck", headers=signed_up["headers"], json={})
    assert started.status_code == 200, started.text
    regency = signed_up["resident"]["village_code"][:5]
    confirmed = http.post(
        stack.url + "/v1/identity/assurance:confirmInPerson",
        headers=in_person_officer(stack, http, regency),
        json={"challenge": started.json()["challenge"], "nik": signed_up["nik"], "purpose": "Aktivasi IKD di loket"},
    )
    assert confirmed.status_code == 200, confirmed.text
    token = http.post(
        stack.url + "/v1/identity/token", json={"username": signed_up["nik"], "password": signed_up["password"]}
    )
    assert token.status_code == 200 and token.json()["acr"] == 2, token.text
    signed_up["headers"] = {"Authorization": f"Bearer {token.json()['access_token']}"}
    signed_up["tokens"] = token.json()
    return signed_up


@pytest.fixture
def citizen(stack, http, residents):
    """A freshly registered and logged-in citizen (any regency: the register has few per regency)."""
    return sign_up(stack, http, residents.take())


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
            except (TimeoutError, nats.errors.TimeoutError):
                break
            for msg in messages:
                found.append(
                    {"subject": msg.subject, "headers": dict(msg.headers or {}), "event": json.loads(msg.data)}
                )
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


class FromAddress(HTTPAdapter):
    """Connects from another loopback address: to the gateway, another client (another carrier NAT)."""

    def __init__(self, source: str):
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


@pytest.fixture
def elsewhere():
    """A client at its own loopback address: the per-address budgets it spends (log-in failures,
    verify-by-number look-ups) do not limit the other tests, which all come from 127.0.0.1."""
    session = requests.Session()
    session.mount("http://", FromAddress(f"127.0.{random.randint(1, 250)}.{random.randint(2, 250)}"))
    yield session
    session.close()
