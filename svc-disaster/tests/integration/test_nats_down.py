"""NATS down: reports are still accepted; once it is back, the outbox relays them and they are clustered."""

import uuid

import sqlalchemy as sa

from gorontalo_disaster.adapters.tables import incidents, reports
from gorontalo_disaster.service_layer import services
from servicekit.messaging import outbox
from servicekit.testing import NatsServer

from .test_consumer import eventually


def count(app, table, *where):
    with app.session_factory() as session:
        return session.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar_one()


def test_reports_accepted_without_nats_are_clustered_when_it_returns(make_app, database_url, tmp_path):
    # The bus is not even running: the report path needs nothing but the database.
    offline = make_app(database_url, nats_url="nats://127.0.0.1:1")
    made = [
        services.submit_report(
            offline.uow(), offline.clock, None, hazard="banjir", latitude=0.54 + i * 0.0005, longitude=123.06
        )
        for i in range(40)
    ]
    assert count(offline, reports) == 40
    assert count(offline, outbox, outbox.c.published_at.is_(None)) == 40
    assert count(offline, incidents) == 0  # nothing synchronous on the report path

    with NatsServer(store_dir=str(tmp_path / "jetstream")) as server:
        online = make_app(database_url, nats_url=server.url, stream=f"T{uuid.uuid4().hex[:8].upper()}")
        online.bus.start()
        try:
            eventually(
                lambda: count(online, reports, reports.c.incident_id.is_(None)) == 0,
                "every report clustered",
                timeout=30,
            )
        finally:
            online.bus.stop(flush_seconds=1)
    [incident_id] = {r.incident_id for r in (services.get_report(online.uow(), m.id) for m in made)}
    with online.session_factory() as session:
        assert session.execute(sa.select(incidents.c.report_count)).scalar_one() == 40
    assert incident_id
