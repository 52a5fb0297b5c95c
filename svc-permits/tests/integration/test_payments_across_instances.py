"""Two permits instances, the province's and Kota Gorontalo's, each with its own database and its own
durable consumer on one nats-server running the shipped TLS configuration (deploy/nats): each applies
the fee payments of the bills it asked for, acknowledges the other's, and loses none across a restart.
"""

from __future__ import annotations

import asyncio
import json
import pathlib

import pytest
import sqlalchemy as sa

from gorontalo.tax.v1.events_pb2 import PaymentReceived
from gorontalo_permits import bootstrap as composition
from gorontalo_permits.service_layer import applications, metrics, workflow
from servicekit import event_messages
from servicekit.jetstream import DEAD_LETTER_STREAM_SUFFIX, ensure_streams
from servicekit.messaging import inbox, make_cloudevent
from servicekit.nats_config import NatsUser
from servicekit.nats_connection import NatsConnection
from servicekit.pki import PeerIdentity, dev
from servicekit.testing import NatsServer

from ..conftest import POHUWATO_DISTRICT, seed_documents
from .test_events_nats import wait_until

STREAM = "GORONTALO"
REGISTRY = pathlib.Path(__file__).resolve().parents[3] / "deploy" / "federation.example.toml"
KOTA = PeerIdentity.of("permits", "7571")
PROVINCE = PeerIdentity.of("permits", "75")
USERS = [NatsUser.of("permits"), NatsUser(KOTA, "kota-gorontalo"), NatsUser.of("tax")]


@pytest.fixture
def site(tmp_path):
    with NatsServer.secured(tmp_path / "nats", USERS) as server:
        tax = NatsConnection(
            server.url, tls=dev.ensure_material(tmp_path / "nats", "tax"), identity=PeerIdentity.of("tax")
        )

        async def create_streams():
            nc = await tax.connect(allow_reconnect=False)
            try:
                await ensure_streams(nc.jetstream(), STREAM)
            finally:
                await nc.close()

        asyncio.run(create_streams())
        yield server, tax


class Instance:
    """One permits process: its registry entry (PERMITS_INSTANCE), certificate and database."""

    def __init__(self, identity: PeerIdentity, name: str | None, folder: pathlib.Path, nats_url: str, fixtures):
        self.identity, self.name, self.folder, self.nats_url = identity, name, folder, nats_url
        self.fixtures = fixtures
        self.app = None

    def start(self, monkeypatch) -> Instance:
        files = dev.ensure_material(self.folder.parent / "nats", self.identity.service, self.identity.agency)
        monkeypatch.setenv("SERVICES_FILE", str(REGISTRY))
        monkeypatch.setenv("TLS_CA_FILE", str(files.ca))
        monkeypatch.setenv("TLS_CERT_FILE", str(files.cert))
        monkeypatch.setenv("TLS_KEY_FILE", str(files.key))
        if self.name:
            monkeypatch.setenv("PERMITS_INSTANCE", self.name)
        else:
            monkeypatch.delenv("PERMITS_INSTANCE", raising=False)
        settings_for, clock, minter, fee_bills = self.fixtures
        first_start = not self.folder.exists()
        self.folder.mkdir(exist_ok=True)
        settings = settings_for(
            f"sqlite:///{self.folder / 'permits.db'}", self.folder, nats_url=self.nats_url, stream=STREAM
        )
        self.app = composition.bootstrap(settings, clock=clock, verifier=minter.verifier, fee_bills=fee_bills)
        if first_start:
            seed_documents(self.app)
        self.app.bus.start()
        return self

    def stop(self) -> None:
        if self.app is not None:
            self.app.bus.stop(flush_seconds=1)
            self.app.close()
            self.app = None

    def awaiting_payment(self, catalog, clock, citizen, officer, submission, **where):
        app = self.app
        application = applications.submit_application(app.uow(), catalog, clock, citizen, **submission(**where))
        applications.start_review(app.uow(), clock, officer, application_id=application.id)
        approved = workflow.approve(
            app.uow(), clock, officer, application_id=application.id, fee_bills=self.fixtures[3]
        )
        assert approved.status == "awaiting_payment"
        return approved

    def status(self, citizen, application_id: str) -> str:
        return applications.get_application(self.app.uow(), citizen, application_id).status

    def handled(self) -> int:
        with self.app.engine.connect() as connection:
            return connection.execute(sa.select(sa.func.count()).select_from(inbox)).scalar_one()


def _paid(application, requested_by: PeerIdentity) -> bytes:
    data = event_messages.to_data(
        PaymentReceived(
            bill_id=application.bill_id,
            caller="permits",
            caller_reference=application.id,
            amount=application.fee_rupiah,
            channel="bank-sulutgo",
            paid_at="2025-03-05T02:00:00Z",
            receipt_number="75-2025-00000001-0",
            tax_type="retribusi",
            requested_by=requested_by.uri,
        )
    )
    envelope = make_cloudevent(
        source="/gorontalo/tax", type_="gorontalo.tax.payment.received", data=data, subject=application.bill_id
    )
    return json.dumps(envelope).encode()


def _publish_as_tax(tax: NatsConnection, *messages: bytes) -> None:
    async def publish():
        nc = await tax.connect(allow_reconnect=False)
        try:
            for message in messages:
                await nc.jetstream().publish("gorontalo.tax.payment.received", message, timeout=3)
        finally:
            await nc.close()

    asyncio.run(publish())


def _not_ours() -> float:
    return metrics.PAYMENT_EVENTS.labels("other_instance")._value.get()


def _dead_letters(tax: NatsConnection) -> int:
    async def count():
        nc = await tax.connect(allow_reconnect=False)
        try:
            return (await nc.jetstream().stream_info(STREAM + DEAD_LETTER_STREAM_SUFFIX)).state.messages
        finally:
            await nc.close()

    return asyncio.run(count())


def test_each_instance_applies_its_own_fee_payments_and_none_is_lost_across_a_restart(
    site,
    tmp_path,
    monkeypatch,
    catalog,
    clock,
    citizen,
    kota_officer,
    pohuwato_officer,
    submission,
    settings_for,
    minter,
    fee_bills,
):
    server, tax = site
    fixtures = (settings_for, clock, minter, fee_bills)
    others_before = _not_ours()
    province = Instance(PROVINCE, None, tmp_path / "province", server.url, fixtures).start(monkeypatch)
    kota = Instance(KOTA, "kota-gorontalo", tmp_path / "kota", server.url, fixtures).start(monkeypatch)
    try:
        assert kota.app.this_instance.identity == KOTA.uri and not kota.app.this_instance.provincial
        pohuwato_shop = province.awaiting_payment(
            catalog, clock, citizen, pohuwato_officer, submission, region_code=POHUWATO_DISTRICT
        )
        kota_shop = kota.awaiting_payment(catalog, clock, citizen, kota_officer, submission)
        kota_later = kota.awaiting_payment(catalog, clock, citizen, kota_officer, submission)
        pohuwato_later = province.awaiting_payment(
            catalog, clock, citizen, pohuwato_officer, submission, region_code=POHUWATO_DISTRICT
        )

        _publish_as_tax(tax, _paid(kota_shop, KOTA), _paid(pohuwato_shop, PROVINCE))
        wait_until(lambda: kota.status(citizen, kota_shop.id) != "awaiting_payment")
        wait_until(lambda: province.status(citizen, pohuwato_shop.id) != "awaiting_payment")
        # Each read both events through its own durable, and acknowledged the other's as not its own.
        wait_until(lambda: kota.handled() == 2 and province.handled() == 2)
        assert kota.status(citizen, kota_later.id) == "awaiting_payment"

        # Kota's process stops; payments go on meanwhile, Kota's among them.
        kota.stop()
        _publish_as_tax(tax, _paid(kota_later, KOTA), _paid(pohuwato_later, PROVINCE))
        wait_until(lambda: province.status(citizen, pohuwato_later.id) != "awaiting_payment")
        wait_until(lambda: province.handled() == 4)

        kota.start(monkeypatch)  # back: its durable kept what it had not acknowledged
        wait_until(lambda: kota.status(citizen, kota_later.id) != "awaiting_payment")
        wait_until(lambda: kota.handled() == 4)
        assert kota.status(citizen, kota_shop.id) == province.status(citizen, pohuwato_shop.id)
        # Each instance acknowledged the other's two payments as not its own (the counted outcome).
        assert _not_ours() - others_before == 4
        assert _dead_letters(tax) == 0
    finally:
        for instance in (province, kota):
            instance.stop()
