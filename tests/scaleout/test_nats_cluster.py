"""The platform on a 3-node NATS JetStream cluster (issue 18, "NATS JetStream cluster").

The shipped configuration (deploy/nats: TLS and users per service instance, cluster.conf with routes
over TLS) runs as three nats-servers on loopback ports; the streams are at replicas 3
(EVENTS_STREAM_REPLICAS); services connect with NATS_URL = the seed list of the three. Under a steady
write load, tax's outbox relay publishes and permits' durable consumer applies, while a node is
SIGKILLed twice: first the one tax's connection is on (the client must move), then, after that one is
back, the stream's leader (the stream must elect another). Afterwards nothing is lost, nothing is in
the stream twice, nothing is applied twice, nothing waits in the outbox, and the node that was killed
has caught up.
"""

from __future__ import annotations

import asyncio
import collections
import json
import subprocess
import threading
import time
import urllib.request

import pytest
import sqlalchemy as sa

from servicekit import db, messaging, nats_config, testing
from servicekit.bus import EventBus
from servicekit.consumers import Subscription
from servicekit.nats_config import NatsUser
from servicekit.nats_connection import NatsConnection, server_urls
from servicekit.pki import PeerIdentity, dev

STREAM = "GORONTALO"
EVENT_TYPE = "gorontalo.tax.payment.received"
DURABLE = "permits-from-tax-payments"  # permits' durable of that subject (deploy/nats/permissions.toml)
USERS = [NatsUser.of("tax"), NatsUser.of("permits"), NatsUser.of("inbox")]

effects_metadata = sa.MetaData()
applied = sa.Table(
    "applied_payments",
    effects_metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(36), nullable=False),  # not unique: a second application would show
)


def wait_until(predicate, timeout: float = 60.0, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while not (value := predicate()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message}")
        time.sleep(0.1)
    return value


@pytest.fixture
def cluster(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTS_STREAM_REPLICAS", "3")
    with testing.NatsCluster.secured(tmp_path, USERS) as running:
        yield running


@pytest.fixture
def databases(postgres_admin_url):
    """tax's and permits' own PostgreSQL databases, with the outbox and inbox (and permits' effect)."""
    with (
        testing.scratch_postgres_database(postgres_admin_url) as tax_url,
        testing.scratch_postgres_database(postgres_admin_url) as permits_url,
    ):
        engines = {"tax": db.make_engine(tax_url), "permits": db.make_engine(permits_url)}
        for name, engine in engines.items():
            with engine.begin() as connection:
                messaging.create_tables(connection)
                if name == "permits":
                    effects_metadata.create_all(connection)
        yield engines
        for engine in engines.values():
            engine.dispose()


def connection(cluster, folder, service: str) -> NatsConnection:
    return NatsConnection(url=cluster.url, tls=dev.ensure_material(folder, service), identity=PeerIdentity.of(service))


def node_of_user(cluster, service: str) -> testing.NatsServer:
    """The node a service's client is connected to, by the server's own account of its connections."""
    uri = PeerIdentity.of(service).uri
    for node in cluster.nodes:
        if not node.running:
            continue
        with urllib.request.urlopen(f"http://127.0.0.1:{node.monitor_port}/connz?auth=true", timeout=5) as r:
            if any(c.get("authorized_user") == uri for c in json.load(r).get("connections") or []):
                return node
    raise AssertionError(f"no node has a connection of {uri}")


async def _stream_state(conn: NatsConnection) -> dict:
    """The stream's replicas, leader, peers and every message's event id, read as the inbox (the
    province's reader of the whole stream)."""
    nc = await conn.connect(connect_timeout=3)
    try:
        js = nc.jetstream()
        info = await js.stream_info(STREAM)
        ids = []
        for seq in range(info.state.first_seq, info.state.last_seq + 1 if info.state.messages else 0):
            ids.append(json.loads((await js.get_msg(STREAM, seq)).data)["id"])
        return {
            "replicas": info.config.num_replicas,
            "leader": info.cluster.leader,
            "peers": {peer.name: bool(peer.current) for peer in info.cluster.replicas or []},
            "ids": ids,
        }
    finally:
        await nc.close()


def stream_state(conn):
    return asyncio.run(_stream_state(conn))


def stream_replicas(conn) -> int:
    """0 until the services' ensure_streams has created the stream."""
    import nats

    try:
        return stream_state(conn)["replicas"]
    except (nats.js.errors.NotFoundError, nats.errors.TimeoutError):  # not created, or electing its leader
        return 0


class Writer:
    """A steady write load on tax: one payment event per transaction, the relay woken after each."""

    def __init__(self, engine, bus: EventBus):
        self.sessions, self.bus = db.session_factory(engine), bus
        self.written: list[str] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="tax-writer")

    def _run(self):
        while not self.stopping.is_set():
            with self.sessions() as session, session.begin():
                envelope = messaging.record_event(
                    session, source="/gorontalo/tax", type_=EVENT_TYPE, data={"n": len(self.written)}
                )
            self.written.append(envelope["id"])
            self.bus.wake()
            self.stopping.wait(0.02)

    def write_while(self, action) -> None:
        """Keep writing until `action` has run and some more were written after it."""
        self.thread.start()
        wait_until(lambda: len(self.written) >= 20, message="writes before the kill")
        self.acted_at = time.monotonic()
        action()
        after = len(self.written)
        wait_until(lambda: len(self.written) >= after + 40, message="writes after the kill")
        self.stopping.set()
        self.thread.join(10)


def applied_ids(engine) -> list[str]:
    with engine.connect() as c:
        return [row.event_id for row in c.execute(sa.select(applied.c.event_id))]


def unpublished(engine) -> int:
    with engine.connect() as c:
        return c.execute(sa.select(sa.func.count()).where(messaging.outbox.c.published_at.is_(None))).scalar_one()


def test_outbox_and_durable_consumer_lose_nothing_and_apply_once_while_nodes_are_killed(
    cluster, databases, tmp_path, report_figure
):
    tax_bus = EventBus(
        nats_url=cluster.url,
        stream=STREAM,
        session_factory=db.session_factory(databases["tax"]),
        connection=connection(cluster, tmp_path, "tax"),
    )
    payments = Subscription(
        DURABLE, EVENT_TYPE, lambda session, envelope: session.execute(applied.insert().values(event_id=envelope["id"]))
    )
    permits_bus = EventBus(
        nats_url=cluster.url,
        stream=STREAM,
        session_factory=db.session_factory(databases["permits"]),
        subscriptions=[payments],
        connection=connection(cluster, tmp_path, "permits"),
    )
    reader = connection(cluster, tmp_path, "inbox")
    written: list[str] = []
    recovered: dict[str, float] = {}
    tax_bus.start()
    permits_bus.start()
    try:
        assert tax_bus.connected.wait(30) and permits_bus.connected.wait(30)
        wait_until(lambda: stream_replicas(reader) == 3, message="the streams created at replicas 3")

        for kill in ("tax's node", "the stream's leader"):
            if kill == "tax's node":
                victim = node_of_user(cluster, "tax")
            else:
                victim = cluster.node(stream_state(reader)["leader"])
            writer = Writer(databases["tax"], tax_bus)

            def sigkill(node=victim):
                node.kill()

            writer.write_while(sigkill)
            written += writer.written
            wait_until(
                lambda: set(applied_ids(databases["permits"])) >= set(written),
                timeout=90,
                message=f"every event applied after killing {kill}",
            )
            recovered[kill] = time.monotonic() - writer.acted_at
            victim.start()  # the same port and store: it catches up from the others
            cluster.wait_healthy()
            wait_until(
                lambda: (state := stream_state(reader))["peers"] and all(state["peers"].values()),
                message="the restarted node current again",
            )
    finally:
        tax_bus.stop(flush_seconds=5)
        permits_bus.stop(flush_seconds=1)

    state = stream_state(reader)
    in_stream = collections.Counter(state["ids"])
    assert set(in_stream) == set(written), "an event was lost"
    assert set(in_stream.values()) == {1}, f"an event is in the stream twice: {in_stream.most_common(3)}"
    per_event = collections.Counter(applied_ids(databases["permits"]))
    assert set(per_event) == set(written), "an event was not applied"
    assert set(per_event.values()) == {1}, f"an event was applied twice: {per_event.most_common(3)}"
    assert unpublished(databases["tax"]) == 0, "rows wait in the outbox"
    assert state["replicas"] == 3 and len(state["peers"]) == 2
    report_figure(
        f"{len(written)} events through a 3-node cluster, 0 lost, 0 applied twice; all applied "
        + ", ".join(f"{seconds:.1f} s after killing {kill}" for kill, seconds in recovered.items())
    )


def route_names(node: testing.NatsServer) -> set[str]:
    with urllib.request.urlopen(f"http://127.0.0.1:{node.monitor_port}/routez", timeout=5) as response:
        return {route.get("remote_name") for route in json.load(response).get("routes") or []}


def test_only_a_certificate_of_the_nats_identity_may_join_the_cluster(tmp_path):
    """A server holding a service's certificate (same provincial CA) is refused as a route; one with the
    nodes' identity joins as a fourth node: the refusal is the identity's, not the configuration's."""
    with testing.NatsCluster.secured(tmp_path, USERS) as cluster:
        first = cluster.nodes[0]
        seed = json.loads((tmp_path / "node-1" / "conf" / "routes.conf").read_text().split("routes: ")[1])[0]
        for name, identity in (("impostor", "permits"), ("gorontalo-nats-4", "nats")):
            config = nats_config.render(
                tmp_path / name / "conf",
                server_tls=dev.ensure_material(tmp_path, identity),
                users=USERS,
                port=testing.free_port(),
                store_dir=tmp_path / name / "jetstream",
                server_name=name,
                deploy_dir=testing._repository_root() / "deploy" / "nats",
                cluster=nats_config.ClusterNode(testing.free_port(), (seed,)),
            )
            log = tmp_path / f"{name}.log"
            process = subprocess.Popen([testing.nats_server_binary(), "-c", str(config), "-l", str(log)])
            try:
                if identity == "nats":
                    wait_until(lambda: name in route_names(first), message="the fourth node's route")
                else:
                    wait_until(
                        lambda: log.exists() and "Authorization Violation" in log.read_text(),
                        message="the route refused",
                    )
                    assert "impostor" not in route_names(first)
            finally:
                process.terminate()
                process.wait(10)


def test_nats_url_names_one_server_or_the_seed_list_of_one_scheme():
    assert server_urls("nats://127.0.0.1:4222") == ["nats://127.0.0.1:4222"]
    assert server_urls("tls://nats-0.nats:4222, tls://nats-1.nats:4222,tls://nats-2.nats:4222") == [
        "tls://nats-0.nats:4222",
        "tls://nats-1.nats:4222",
        "tls://nats-2.nats:4222",
    ]
    with pytest.raises(ValueError, match="mixes schemes"):
        server_urls("tls://nats-0.nats:4222,nats://nats-1.nats:4222")
    with pytest.raises(ValueError, match="no server"):
        server_urls(" , ")
    conn = NatsConnection(url="nats://127.0.0.1:1,nats://127.0.0.1:2")
    assert conn.options()["servers"] == ["nats://127.0.0.1:1", "nats://127.0.0.1:2"]
    assert not conn.secured


def test_a_seed_list_is_reachable_while_one_of_its_servers_answers():
    with testing.NatsServer() as server:
        dead = testing.NatsServer()  # never started: nothing listens on its port
        assert NatsConnection(url=f"{dead.url},{server.url}").reachable()
        server.kill()
        assert not NatsConnection(url=f"{dead.url},{server.url}").reachable()
