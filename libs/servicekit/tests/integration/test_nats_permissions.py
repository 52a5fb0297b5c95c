"""The shipped nats-server configuration (deploy/nats): TLS from the provincial CA, one user per
service instance, and what Kota Gorontalo's permits instance may and may not do.

Every refusal is checked to be the server's own answer (a TLS alert, an authorization or permissions
violation on the error callback), never a timeout that would pass for the wrong reason.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import pathlib
import ssl
import uuid
from dataclasses import dataclass

import nats
import pytest
from nats.js.api import ConsumerConfig, DeliverPolicy

from gorontalo.identity.v1.identity_pb2 import TokenRevoked
from servicekit import event_messages
from servicekit.jetstream import StreamsNotReady, ensure_streams, follow_platform_events
from servicekit.nats_config import NatsUser
from servicekit.nats_connection import NatsConnection
from servicekit.pki import PeerIdentity, authority, dev
from servicekit.revocation import EVENT_TYPE, RevocationFeed, RevocationList
from servicekit.testing import NatsServer

STREAM = "GORONTALO"
KOTA = NatsUser.of("permits", "7571", "kota-gorontalo")
USERS = [KOTA, NatsUser.of("permits"), NatsUser.of("tax"), NatsUser.of("identity"), NatsUser.of("disaster")]
KOTA_DURABLE = "permits-from-tax-payments-kota-gorontalo"
PROVINCE_DURABLE = "permits-from-tax-payments"


@dataclass(frozen=True)
class Site:
    """A nats-server running the shipped configuration, its certificates from the dev CA in folder/pki."""

    folder: pathlib.Path
    url: str

    def connection(self, service: str, agency: str = "75", *, instance: str | None = None) -> NatsConnection:
        files = dev.ensure_material(self.folder, service, agency)
        return NatsConnection(url=self.url, tls=files, identity=PeerIdentity.of(service, agency), instance=instance)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nats-secured")
    with NatsServer.secured(folder, USERS) as server:
        running = Site(folder, server.url)
        asyncio.run(_create_streams(running))
        yield running


async def _create_streams(site: Site) -> None:
    nc = await site.connection("tax").connect(allow_reconnect=False)
    try:
        await ensure_streams(nc.jetstream(), STREAM)  # the province's user creates them
    finally:
        await nc.close()


class Errors:
    """What the server reported on the error callback."""

    def __init__(self):
        self.seen: list[str] = []

    async def record(self, error):
        self.seen.append(str(error))

    def violation(self, verb: str, subject: str) -> bool:
        # nats-py reports the server's -ERR in lower case.
        return any(f'permissions violation for {verb} to "{subject.lower()}"' in e.lower() for e in self.seen)


async def _connect_kota(site: Site):
    errors = Errors()
    nc = await site.connection("permits", "7571", instance="kota-gorontalo").connect(
        allow_reconnect=False, error_cb=errors.record, connect_timeout=3
    )
    return nc, errors


async def _refused_request(nc, errors, subject: str, payload: bytes = b"") -> None:
    """A JetStream API request the server refuses: no answer, and the violation on the error callback."""
    with pytest.raises(nats.errors.TimeoutError):
        await nc.request(subject, payload, timeout=1)
    for _ in range(20):
        if errors.violation("publish", subject):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"no permissions violation reported for {subject}: {errors.seen}")


async def _tls_refused(site: Site, context: ssl.SSLContext) -> str:
    """The TLS alert the server refused the handshake with.

    Over TLS 1.2 the server's verdict on the client certificate is an alert inside the handshake;
    under TLS 1.3 it may come after it, as a bare close that a dropped connection would look like too.
    """
    context.maximum_version = ssl.TLSVersion.TLSv1_2
    errors = Errors()
    with pytest.raises(Exception) as caught:  # noqa: PT011 - the exact type depends on where TLS fails
        await nats.connect(
            site.url,
            tls=context,
            tls_hostname=PeerIdentity.of("nats").dns_name,
            allow_reconnect=False,
            connect_timeout=3,
            error_cb=errors.record,
        )
    assert isinstance(caught.value, ssl.SSLError), (caught.value, errors.seen)
    return caught.value.reason or str(caught.value)


def test_a_client_without_a_certificate_is_refused(site):
    context = ssl.create_default_context(cafile=str(dev.ensure_ca(site.folder) / "ca.pem"))
    assert asyncio.run(_tls_refused(site, context)) == "SSLV3_ALERT_HANDSHAKE_FAILURE"

    async def with_a_certificate():  # the same handshake, certificate given: accepted
        files = dev.ensure_material(site.folder, "permits", "7571")
        context.load_cert_chain(str(files.cert), str(files.key))
        nc = await nats.connect(
            site.url, tls=context, tls_hostname=PeerIdentity.of("nats").dns_name, allow_reconnect=False
        )
        await nc.close()

    asyncio.run(with_a_certificate())


def test_a_certificate_from_another_ca_is_refused(site, tmp_path):
    other = authority.init_ca(tmp_path / "other-ca")
    authority.issue(other, PeerIdentity.of("permits", "7571"), tmp_path / "impostor", hosts=("127.0.0.1",))
    context = ssl.create_default_context(cafile=str(dev.ensure_ca(site.folder) / "ca.pem"))
    context.load_cert_chain(str(tmp_path / "impostor" / "cert.pem"), str(tmp_path / "impostor" / "key.pem"))
    assert asyncio.run(_tls_refused(site, context)) == "TLSV1_ALERT_UNKNOWN_CA"


def test_a_certificate_of_the_ca_for_an_identity_without_a_user_is_refused(site):
    async def attempt():
        errors = Errors()
        with pytest.raises(Exception) as caught:  # noqa: PT011
            await site.connection("complaints", "7504").connect(
                allow_reconnect=False, error_cb=errors.record, connect_timeout=3
            )
        return " ".join([repr(caught.value), *errors.seen])

    assert "authorization violation" in asyncio.run(attempt()).lower()


def test_kota_cannot_publish_on_another_service_s_subjects(site):
    async def attempt():
        nc, errors = await _connect_kota(site)
        try:
            await nc.publish("gorontalo.tax.payment.received", b"{}")
            await nc.flush(timeout=2)
            for _ in range(20):
                if errors.violation("publish", "gorontalo.tax.payment.received"):
                    return True
                await asyncio.sleep(0.05)
            return errors.seen
        finally:
            await nc.close()

    assert asyncio.run(attempt()) is True


def test_kota_cannot_delete_purge_or_update_the_stream(site):
    async def attempt():
        nc, errors = await _connect_kota(site)
        try:
            for subject in (
                f"$JS.API.STREAM.DELETE.{STREAM}",
                f"$JS.API.STREAM.PURGE.{STREAM}",
                f"$JS.API.STREAM.UPDATE.{STREAM}",
                f"$JS.API.STREAM.CREATE.{STREAM}_KOTA",
            ):
                await _refused_request(nc, errors, subject, b"{}")
            info = await nc.jetstream().stream_info(STREAM)  # still there, and readable
            return info.config.name
        finally:
            await nc.close()

    assert asyncio.run(attempt()) == STREAM


def test_kota_cannot_create_read_or_delete_another_instance_s_consumer(site):
    subject = "gorontalo.tax.payment.received"

    async def attempt():
        nc, errors = await _connect_kota(site)
        try:
            api = f"$JS.API.CONSUMER.%s.{STREAM}.{PROVINCE_DURABLE}"
            config = json.dumps(
                {
                    "stream_name": STREAM,
                    "config": {"name": PROVINCE_DURABLE, "durable_name": PROVINCE_DURABLE, "filter_subject": subject},
                }
            ).encode()
            await _refused_request(nc, errors, (api % "CREATE") + "." + subject, config)
            await _refused_request(nc, errors, f"$JS.API.CONSUMER.DURABLE.CREATE.{STREAM}.{PROVINCE_DURABLE}", config)
            await _refused_request(nc, errors, api % "INFO")
            await _refused_request(nc, errors, api % "MSG.NEXT", b'{"batch":1}')
            await _refused_request(nc, errors, api % "DELETE")
            await _refused_request(nc, errors, f"$JS.API.CONSUMER.DELETE.{STREAM}.{KOTA_DURABLE}")
            # Its own durable, but widened to every tax event: the filter is in the subject, refused.
            await _refused_request(
                nc, errors, f"$JS.API.CONSUMER.CREATE.{STREAM}.{KOTA_DURABLE}.gorontalo.tax.>", b"{}"
            )
            # Nor can it read the stream through a consumer without a name (its filter in the body only).
            await _refused_request(nc, errors, f"$JS.API.CONSUMER.CREATE.{STREAM}", b"{}")
        finally:
            await nc.close()

    asyncio.run(attempt())


def test_kota_publishes_its_own_subjects_and_consumes_its_own_durable(site):
    marker = uuid.uuid4().hex

    async def attempt():
        tax = await site.connection("tax").connect(allow_reconnect=False)
        nc, errors = await _connect_kota(site)
        try:
            ack = await nc.jetstream().publish("gorontalo.permits.application.submitted", b"{}", timeout=3)
            assert ack.stream == STREAM
            await tax.jetstream().publish("gorontalo.tax.payment.received", marker.encode(), timeout=3)
            kota = site.connection("permits", "7571", instance="kota-gorontalo")
            psub = await nc.jetstream().pull_subscribe(
                "gorontalo.tax.payment.received",
                durable=kota.durable(PROVINCE_DURABLE),
                stream=STREAM,
                config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL),
            )
            messages = await psub.fetch(batch=100, timeout=3)
            for message in messages:
                await message.ack()
            info = await psub.consumer_info()
            return [m.data.decode() for m in messages], info.name, errors.seen
        finally:
            await nc.close()
            await tax.close()

    received, name, errors = asyncio.run(attempt())
    assert marker in received
    assert name == KOTA_DURABLE
    assert errors == []


def _revocation(token_id: str) -> bytes:
    expires = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10)).isoformat().replace("+00:00", "Z")
    data = event_messages.to_data(TokenRevoked(token_id=token_id, expires_at=expires))
    return json.dumps({"id": uuid.uuid4().hex, "type": EVENT_TYPE, "data": data}).encode()


def test_kota_reads_token_revocations_and_alerts(site):
    token_id = uuid.uuid4().hex
    alert = uuid.uuid4().hex

    async def publish():
        identity = await site.connection("identity").connect(allow_reconnect=False)
        disaster = await site.connection("disaster").connect(allow_reconnect=False)
        try:
            await identity.jetstream().publish(EVENT_TYPE, _revocation(token_id), timeout=3)
            await disaster.jetstream().publish("gorontalo.disaster.alert.issued", alert.encode(), timeout=3)
        finally:
            await identity.close()
            await disaster.close()

    async def read_alerts():
        nc, errors = await _connect_kota(site)
        try:
            deliver = nc.new_inbox()
            subscription = await nc.subscribe(deliver)
            await follow_platform_events(
                nc.jetstream(), STREAM, "gorontalo.disaster.alert.>", deliver, deliver_policy=DeliverPolicy.ALL
            )
            seen = []
            while alert not in seen:
                seen.append((await subscription.next_msg(timeout=3)).data.decode())
            return errors.seen
        finally:
            await nc.close()

    asyncio.run(publish())
    revoked = RevocationList()
    feed = RevocationFeed(
        site.url, STREAM, revoked, connection=site.connection("permits", "7571", instance="kota-gorontalo")
    ).start()
    try:
        assert feed.replayed.wait(10)
        assert revoked.is_revoked(token_id)
    finally:
        feed.stop()
    assert asyncio.run(read_alerts()) == []


def test_kota_waits_for_the_streams_and_never_creates_them(tmp_path):
    with NatsServer.secured(tmp_path, USERS) as server:
        site = Site(tmp_path, server.url)

        async def attempt():
            nc, errors = await _connect_kota(site)
            try:
                with pytest.raises(StreamsNotReady):
                    await ensure_streams(nc.jetstream(), STREAM, manage=False)
                # Were it to try anyway, the server refuses: creating streams is the province's.
                await _refused_request(nc, errors, f"$JS.API.STREAM.CREATE.{STREAM}", b"{}")
                await _create_streams(site)
                await ensure_streams(nc.jetstream(), STREAM, manage=False)  # now it finds them
            finally:
                await nc.close()

        asyncio.run(attempt())
