"""Fixtures of svc-tax's tests: a settable clock, an in-memory unit of work, a real app and gRPC server."""

from __future__ import annotations

import datetime as dt
import pathlib
import uuid

import pytest

from gorontalo_tax import messages
from gorontalo_tax.adapters import rate_table
from gorontalo_tax.bootstrap import SERVICE_NAME, bootstrap
from gorontalo_tax.domain.model import OwnershipOrderTaken, PlateTaken
from servicekit import event_messages, regions, testing_pki
from servicekit.auth import Principal
from servicekit.config import ServiceSettings
from servicekit.server import Registration, ServiceRuntime
from servicekit.testing import TokenMinter

NOW = dt.datetime(2025, 6, 1, 3, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self, now: dt.datetime = NOW):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


class FakeVehicleRepository:
    """Same contract as VehicleRepository, kept in a dict."""

    def __init__(self, rows: dict):
        self.rows = rows

    def add(self, vehicle) -> None:
        if any(v.plate_number == vehicle.plate_number for v in self.rows.values()):
            raise PlateTaken(vehicle.plate_number)
        if any(
            v.owner_id == vehicle.owner_id and v.ownership_order == vehicle.ownership_order for v in self.rows.values()
        ):
            raise OwnershipOrderTaken(vehicle.owner_id)
        self.rows[vehicle.id] = vehicle

    def get(self, vehicle_id):
        return self.rows.get(vehicle_id)

    def by_plate(self, plate_number):
        return next((v for v in self.rows.values() if v.plate_number == plate_number), None)

    def count_for_owner(self, owner_id):
        return sum(1 for v in self.rows.values() if v.owner_id == owner_id)

    def list(self, *, owner_id=None, owner_nik_index=None, within=None, offset=0, limit=20):
        found = [
            v
            for v in self.rows.values()
            if (
                owner_id is None
                or v.owner_id == owner_id
                or (owner_nik_index is not None and v.owner_nik_index == owner_nik_index)
            )
            and (within is None or regions.within(v.regency_code, within))
        ]
        found.sort(key=lambda v: (v.registered_at, v.id))
        return found[offset : offset + limit]


class FakeClaims:
    """No claims: the in-memory tests cover vehicles registered through the API."""

    def index_for(self, owner_id):
        return None


class FakeUnitOfWork:
    """Commits into `rows` and `events` only on commit(), like the real one."""

    def __init__(self):
        self.rows: dict = {}
        self.events: list[dict] = []
        self.commits = 0

    def __enter__(self):
        self._pending_rows = dict(self.rows)
        self._pending_events: list[dict] = []
        self.vehicles = FakeVehicleRepository(self._pending_rows)
        self.claims = FakeClaims()
        return self

    def __exit__(self, *exc_info):
        self.vehicles = None

    def add_event(self, event, subject=None):
        """The message as the outbox keeps it (servicekit.uow does the same)."""
        self._pending_events.append(
            {"type": event_messages.event_type(event), "data": event_messages.to_data(event), "subject": subject}
        )

    def commit(self):
        self.rows = dict(self._pending_rows)
        self.events += self._pending_events
        self._pending_events = []
        self.commits += 1


def citizen(subject: str = "citizen-1") -> Principal:
    return Principal(subject=subject, role="citizen", token_id="t")


def officer(*jurisdiction: str, subject: str = "officer-1") -> Principal:
    """A Bapenda officer (a tax office, as identity codes it) of the first region in the jurisdiction."""
    agency = "bapenda-" + (jurisdiction[0].replace(".", "") if jurisdiction else "75")
    return Principal(subject=subject, role="officer", agency=agency, jurisdiction=tuple(jurisdiction), token_id="t")


@pytest.fixture
def principals():
    return type(
        "Principals",
        (),
        {
            "citizen": staticmethod(citizen),
            "officer": staticmethod(officer),
            "staff": staticmethod(lambda role: Principal("staff-1", role, token_id="t")),
        },
    )


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def rates():
    return rate_table.load()


@pytest.fixture
def fake_uow():
    return FakeUnitOfWork()


def settings_for(database_url: str, var_dir: pathlib.Path, nats_url: str = "nats://127.0.0.1:1") -> ServiceSettings:
    return ServiceSettings(
        name="tax",
        listen="127.0.0.1:0",
        metrics_port=0,
        database_url=database_url,
        nats_url=nats_url,
        stream="GORONTALO_TEST",
        identity_addr="127.0.0.1:1",
        var_dir=var_dir,
        grace_seconds=1.0,
        max_workers=4,
        log_level="INFO",
        # Each test's app counts its rate limits apart in the shared Redis (tests of other runs too).
        rate_limit_namespace=f"tax-test-{uuid.uuid4().hex}",
    )


@pytest.fixture
def make_settings():
    return settings_for


@pytest.fixture
def app(database_url, tmp_path, clock):
    """A fully bootstrapped, migrated app on each database kind."""
    application = bootstrap(settings_for(database_url, tmp_path), clock=clock)
    yield application
    application.session_factory.kw["bind"].dispose()


@pytest.fixture
def minter():
    return TokenMinter()


@pytest.fixture
def tax_address(app, minter):
    """The real server (interceptors and all, mutual TLS with the test CA) on a free port."""
    from gorontalo.tax.v1 import tax_pb2_grpc
    from gorontalo_tax.entrypoints.grpc_servicer import TaxServicer

    server, _health, port = ServiceRuntime(
        listen="127.0.0.1:0",
        metrics_port=0,
        verifier=minter.verifier,
        bus=None,
        catalog=messages.CATALOG,
        registrations=[Registration(tax_pb2_grpc.add_TaxServiceServicer_to_server, TaxServicer(app), SERVICE_NAME)],
        tls=testing_pki.server_source("tax"),
    ).build()
    server.start()
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.stop(None).wait()


def _stub_as(address: str, service: str):
    from gorontalo.tax.v1 import tax_pb2_grpc

    channel = testing_pki.test_channel(address, service, expect="tax")
    return channel, tax_pb2_grpc.TaxServiceStub(channel)


@pytest.fixture
def grpc_stub(tax_address):
    """A stub calling as the gateway does, for end users."""
    channel, stub = _stub_as(tax_address, "gateway")
    with channel:
        yield stub


@pytest.fixture
def permits_stub(tax_address):
    """A stub calling as svc-permits does (its certificate), e.g. CancelBill for a withdrawing applicant."""
    channel, stub = _stub_as(tax_address, "permits")
    with channel:
        yield stub
