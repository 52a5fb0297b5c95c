"""Fixtures of svc-complaints' tests: a controllable clock, a fake unit of work and a real app."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid

import pytest

from gorontalo.complaints.v1 import complaints_pb2_grpc
from gorontalo_complaints.bootstrap import SERVICE_NAME, bootstrap
from gorontalo_complaints.domain import lifecycle, model
from gorontalo_complaints.entrypoints.grpc_servicer import ComplaintsServicer
from servicekit import event_messages, regions, testing_pki
from servicekit.config import ServiceSettings
from servicekit.server import Registration, ServiceRuntime
from servicekit.testing import TokenMinter


class FixedClock:
    """Returns `now`; `advance` moves it, so ordering by time is under the test's control."""

    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now = self.now + dt.timedelta(**delta)


class FakeComplaintRepository:
    def __init__(self, rows: dict):
        self.rows = rows

    def add(self, complaint: model.Complaint) -> None:
        if any(c.tracking_code == complaint.tracking_code for c in self.rows.values()):
            raise model.TrackingCodeTaken(complaint.tracking_code)
        self.rows[complaint.id] = model.Complaint(**vars(complaint))

    def by_tracking_code(self, tracking_code: str):
        return next((c for c in self.rows.values() if c.tracking_code == tracking_code), None)

    def by_reporter(self, reporter_id: str, *, offset: int, limit: int):
        return self._page((c for c in self.rows.values() if c.reporter_id == reporter_id), offset, limit)

    # The questions ComplaintRepository answers in SQL, answered in Python (regions.within is the
    # twin of servicekit.db.region_within), so the use cases asking them run without a database.

    @staticmethod
    def _page(found, offset: int = 0, limit: int | None = None, newest_first: bool = True):
        ordered = sorted(found, key=lambda c: (c.filed_at, c.id), reverse=newest_first)
        return ordered[offset : None if limit is None else offset + limit]

    def get(self, complaint_id: str):
        return self.rows.get(complaint_id)

    def ids_with_status(self, statuses):
        return [c.id for c in self._page((c for c in self.rows.values() if c.status in statuses), newest_first=False)]

    def agency_inbox(self, agency_code: str, jurisdiction, *, status: str = "", offset: int, limit: int):
        return self._page(
            (
                c
                for c in self.rows.values()
                if c.agency_code == agency_code
                and regions.within(c.region_code, jurisdiction)
                and (not status or c.status == status)
            ),
            offset,
            limit,
            newest_first=False,
        )

    def awaiting_dispatch(self, scope, *, offset: int, limit: int):
        return self._page(
            (
                c
                for c in self.rows.values()
                if c.needs_dispatch
                and c.status in (lifecycle.RECEIVED, lifecycle.VERIFIED)
                and (c.region_code == "" or regions.within(c.region_code, scope))
            ),
            offset,
            limit,
            newest_first=False,
        )

    def public(
        self,
        *,
        region_code="",
        category="",
        agency_code="",
        statuses=(),
        tracking_codes=None,
        filed_from=None,
        filed_before=None,
        filed_until=None,
        offset=0,
        limit=None,
    ):
        def matches(c):
            return (
                c.privacy != "rahasia"
                and (not region_code or regions.within(c.region_code, (region_code,)))
                and (not category or c.category == category)
                and (not agency_code or c.agency_code == agency_code)
                and (not statuses or c.status in statuses)
                and (tracking_codes is None or c.tracking_code in tracking_codes)
                and (filed_from is None or c.filed_at >= filed_from)
                and (filed_before is None or c.filed_at < filed_before)
                and (filed_until is None or c.filed_at <= filed_until)
            )

        return self._page(filter(matches, self.rows.values()), offset, limit)

    def open_public_in_box(self, category: str, *, lat_min, lat_max, lon_min, lon_max):
        return self._page(
            c
            for c in self.rows.values()
            if c.category == category
            and c.privacy != "rahasia"
            and c.status in lifecycle.OPEN_STATUSES
            and c.latitude is not None
            and lat_min <= c.latitude <= lat_max
            and lon_min <= c.longitude <= lon_max
        )

    def filed_between(self, begins, ends):
        return self._page((c for c in self.rows.values() if begins <= c.filed_at < ends), newest_first=False)


class FakePhotoRepository:
    def of(self, complaint_id: str):
        return []

    def of_many(self, complaint_ids):
        return {}

    def get(self, photo_id: str):
        return None


class FakeUnitOfWork:
    """In memory, with the same contract: nothing is kept unless commit() is called."""

    def __init__(self):
        self.committed_rows: dict = {}
        self.committed_events: list[tuple[str, dict, str | None]] = []

    def __enter__(self):
        self._rows = dict(self.committed_rows)
        self._events = []
        self.complaints = FakeComplaintRepository(self._rows)
        self.photos = FakePhotoRepository()
        return self

    def __exit__(self, *exc_info):
        self._rows = None

    def add_event(self, event, subject: str | None = None) -> None:
        """Kept as (type, data, subject), as the outbox would write them."""
        self._events.append((event_messages.event_type(event), event_messages.to_data(event), subject))

    def commit(self) -> None:
        self.committed_rows.clear()
        self.committed_rows.update(self._rows)
        self.committed_events.extend(self._events)
        self._events = []


@pytest.fixture
def clock():
    return FixedClock(dt.datetime(2025, 3, 10, 8, 30, tzinfo=dt.UTC))


@pytest.fixture
def fake_uow():
    return FakeUnitOfWork()


@pytest.fixture
def make_app(tmp_path, clock):
    """bootstrap() against a given database, settings built here instead of read from the environment."""
    apps = []

    run = uuid.uuid4().hex[:12]

    def build(database_url: str, public_base_url: str = "http://127.0.0.1:8080", **overrides):
        # Rate limits are counted in the real Redis: each test counts apart (apps of one test together,
        # as replicas of one service do), so runs and parallel workers never see each other's counts.
        namespace = overrides.pop("rate_limit_namespace", f"complaints-test-{run}")
        settings = ServiceSettings(
            name="complaints",
            listen="127.0.0.1:0",
            metrics_port=0,
            database_url=database_url,
            nats_url="nats://127.0.0.1:1",
            stream="GORONTALO_TEST",
            identity_addr="127.0.0.1:1",
            var_dir=tmp_path,
            grace_seconds=1.0,
            max_workers=4,
            log_level="INFO",
            public_base_url=public_base_url,
            rate_limit_namespace=namespace,
        )
        app = bootstrap(settings, clock=overrides.pop("clock", clock), **overrides)
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.engine.dispose()


@contextlib.contextmanager
def serving(app):
    """The service over real gRPC (interceptors, token checks) on a free port: (app, minter, stub)."""
    minter = TokenMinter()
    server, _health, port = ServiceRuntime(
        tls=testing_pki.server_source("complaints"),
        listen="127.0.0.1:0",
        metrics_port=0,
        verifier=minter.verifier,
        bus=None,
        max_workers=4,
        catalog=app.catalog,
        registrations=[
            Registration(
                complaints_pb2_grpc.add_ComplaintsServiceServicer_to_server, ComplaintsServicer(app), SERVICE_NAME
            )
        ],
    ).build()
    server.start()
    channel = testing_pki.test_channel(f"127.0.0.1:{port}")
    try:
        yield app, minter, complaints_pb2_grpc.ComplaintsServiceStub(channel)
    finally:
        channel.close()
        server.stop(None).wait()


@pytest.fixture
def served(make_app, database_url):
    with serving(make_app(database_url)) as running:
        yield running
