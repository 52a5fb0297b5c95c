"""Reports straight to the disaster service over mutual TLS, as the gateway sends them: an event source
for the commit -> consumer latency at a rate the gateway cannot offer on two cores.

The figure is about what happens after the commit (outbox relay, JetStream, delivery); how a report
reached the service does not enter it. Through the gateway this machine commits about 300 reports/s
(the gateway worker spends ~1 ms of CPU per report); straight to the service, 500/s is within reach,
so the issue's "at 500 events/s" is measured as stated. The bench's own certificate is the gateway's
(dev material in the stack's VAR_DIR), so the service believes its x-client-address as it believes the
gateway's. Open loop: one thread starts a call every 1/rate seconds (gRPC futures), whether earlier
calls have answered or not.
"""

from __future__ import annotations

import random
import time
import uuid


def paced_reports(stack, *, rate: float, seconds: float) -> set[str]:
    """Ids of the reports the service acknowledged, offered at `rate` per second for `seconds`."""
    from gorontalo.disaster.v1 import disaster_pb2, disaster_pb2_grpc
    from servicekit import clients, tls

    source = tls.process_source("gateway", stack.workdir / "var")
    target = f"127.0.0.1:{stack.ports['disaster'][0]}"
    channel = clients.channel(target, "disaster", source=source)
    stub = disaster_pb2_grpc.DisasterServiceStub(channel)
    rng = random.Random(20)
    run = uuid.uuid4().hex[:8]
    calls = []
    begin = time.monotonic()
    n = 0
    while (now := time.monotonic()) - begin < seconds:
        due = begin + n / rate
        if due > now:
            time.sleep(due - now)
        request = disaster_pb2.SubmitReportRequest(
            hazard="banjir",
            latitude=0.55 + rng.uniform(-0.01, 0.01),
            longitude=123.06 + rng.uniform(-0.01, 0.01),
            description=f"bench direct {n}",
        )
        metadata = (("idempotency-key", f"bench-direct-{run}-{n}"), ("x-client-address", "127.0.0.1"))
        calls.append(stub.SubmitReport.future(request, metadata=metadata, timeout=30))
        n += 1
    acknowledged = set()
    for call in calls:
        try:
            acknowledged.add(call.result().id)
        except Exception:  # noqa: BLE001 - a refused or failed call is simply not acknowledged
            pass
    channel.close()
    return acknowledged
