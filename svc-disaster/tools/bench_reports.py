"""Report path throughput without the gateway: submit_report from N threads on a fresh database.

    python svc-disaster/tools/bench_reports.py [--url sqlite:///tmp/bench.db] [--count 3000] [--threads 16]

Prints reports per second (the figure, no pass/fail). NATS is not needed: events wait in the outbox.
"""

from __future__ import annotations

import argparse
import pathlib
import random
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

from gorontalo_disaster.bootstrap import bootstrap
from gorontalo_disaster.service_layer import services
from servicekit.config import ServiceSettings
from servicekit.testing import TokenMinter


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url")
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--threads", type=int, default=16)
    args = parser.parse_args()
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="siaga-bench-"))
    url = args.url or f"sqlite:///{workdir / 'bench.db'}"
    settings = ServiceSettings(
        name="disaster",
        listen="127.0.0.1:0",
        metrics_port=0,
        database_url=url,
        nats_url="nats://127.0.0.1:1",
        stream="GORONTALO",
        identity_addr="127.0.0.1:1",
        var_dir=workdir,
        grace_seconds=1,
        max_workers=args.threads,
        log_level="WARNING",
    )
    app = bootstrap(settings, verifier=TokenMinter().verifier)

    def one(i: int) -> None:
        services.submit_report(
            app.uow(),
            app.clock,
            None,
            hazard="banjir",
            latitude=0.54 + random.random() / 100,
            longitude=123.06,
            description=f"bench {i}",
            phone=f"0812{i:08d}",
            client_address=f"10.0.{i % 250}.{i % 200}",
            guards=app.guards,
        )

    started = time.perf_counter()
    with ThreadPoolExecutor(args.threads) as pool:
        list(pool.map(one, range(args.count)))
    elapsed = time.perf_counter() - started
    print(
        f"{args.count} reports in {elapsed:.2f} s with {args.threads} threads: "
        f"{args.count / elapsed:.0f} reports/s ({url.split(':')[0]})"
    )


if __name__ == "__main__":
    main()
