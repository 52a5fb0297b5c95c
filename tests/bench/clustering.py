"""CPU per report of the disaster service's clustering consumer, without NATS or gRPC around it.

`python tests/bench/clustering.py [--reports 3200] [--batch 32]` stores reports of one flood (as the
intake's load sends them: 1 km around one point) in a scratch SQLite database, then clusters them as
the consumer does, `--batch` reports per transaction, and prints the CPU microseconds per report and
the statements per report. A figure for comparing two versions of the clustering code on a machine
whose requests per second vary from run to run (issue 20).
"""

from __future__ import annotations

import argparse
import datetime as dt
import pathlib
import random
import sys
import tempfile
import time
import uuid

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from gorontalo_disaster.bootstrap import bootstrap  # noqa: E402
from gorontalo_disaster.domain import geo  # noqa: E402
from gorontalo_disaster.domain.model import Report  # noqa: E402
from gorontalo_disaster.service_layer import events, incidents  # noqa: E402
from gorontalo_disaster.service_layer.unit_of_work import ConsumerUnitOfWork  # noqa: E402
from servicekit.config import ServiceSettings  # noqa: E402

START = dt.datetime(2026, 12, 6, 3, 0, tzinfo=dt.UTC)


def _reports(count: int, rng: random.Random) -> list[Report]:
    out = []
    for n in range(count):
        lat, lon = 0.55 + rng.uniform(-0.01, 0.01), 123.06 + rng.uniform(-0.01, 0.01)
        at = START + dt.timedelta(milliseconds=10 * n)
        out.append(
            Report(
                id=str(uuid.uuid4()),
                hazard="banjir",
                latitude=lat,
                longitude=lon,
                description="",
                source="api",
                verified_reporter=False,
                observed_at=at,
                received_at=at,
                region_code=geo.nearest_district(lat, lon),
            )
        )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=3200)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    for round_ in range(args.rounds):
        folder = pathlib.Path(tempfile.mkdtemp(prefix="clustering-bench-"))
        settings = ServiceSettings(
            name="disaster",
            listen="127.0.0.1:0",
            metrics_port=0,
            database_url=f"sqlite:///{folder / 'disaster.db'}",
            nats_url="nats://127.0.0.1:1",
            stream="GORONTALO",
            identity_addr="127.0.0.1:1",
            var_dir=folder,
            grace_seconds=1.0,
            max_workers=4,
            log_level="WARNING",
        )
        clock = lambda: START + dt.timedelta(hours=1)  # noqa: E731
        app = bootstrap(settings, clock=clock, register_metrics=False)
        reports = _reports(args.reports, random.Random(round_))
        with app.uow() as uow:
            for report in reports:
                uow.reports.add(report)
            uow.commit()
        statements = [0]
        sa.event.listen(app.engine, "before_cursor_execute", lambda *_: statements.__setitem__(0, statements[0] + 1))
        started = time.process_time()
        for first in range(0, len(reports), args.batch):
            with app.session_factory() as session, session.begin():
                for report in reports[first : first + args.batch]:
                    event = events.ReportSubmitted(report_id=report.id)
                    incidents.cluster_report(ConsumerUnitOfWork(session), clock, event)
        spent = time.process_time() - started
        app.engine.dispose()
        print(
            f"round {round_}: {spent * 1e6 / len(reports):.0f} us of CPU per report, "
            f"{statements[0] / len(reports):.2f} statements per report "
            f"({len(reports)} reports, {args.batch} per transaction)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
