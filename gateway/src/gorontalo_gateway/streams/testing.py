"""Helpers for tests of the stream server: start it as a process, publish alert events as svc-disaster does."""

from __future__ import annotations

import asyncio
import json
import os
import pathlib
import subprocess
import sys
import time
import uuid

import requests

from servicekit.messaging import make_cloudevent
from servicekit.testing import free_port

BIN = pathlib.Path(sys.executable).parent
STREAM = "GORONTALO"
WAIT = 10  # generous bound for an event to arrive; the benchmark measures actual latency
_METRICS_URLS: dict[str, str] = {}  # stream server URL -> its metrics listener's URL


async def create_streams(nats_url: str) -> None:
    """The platform's JetStream streams, created as every service's event bus does."""
    import nats

    from servicekit.bus import ensure_streams

    nc = await nats.connect(nats_url)
    try:
        await ensure_streams(nc.jetstream(), STREAM)
    finally:
        await nc.close()


def start_server(nats_url: str, log_path: pathlib.Path, **extra_env) -> tuple[subprocess.Popen, str]:
    """`gorontalo-gateway streams` on a free port, once /readyz answers; returns the process and its URL
    (metrics_url(url) is where its /metrics listener is)."""
    port, metrics_port = free_port(), free_port()
    while metrics_port == port:
        metrics_port = free_port()
    env = {
        **os.environ,
        "NATS_URL": nats_url,
        "GATEWAY_STREAMS_BIND": f"127.0.0.1:{port}",
        "GATEWAY_STREAMS_METRICS_PORT": str(metrics_port),
        "EVENTS_STREAM": STREAM,
        "SHUTDOWN_GRACE_SECONDS": "5",
        **extra_env,
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.pop("METRICS_HOST", None)
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [str(BIN / "gorontalo-gateway"), "streams"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/readyz", timeout=2).status_code == 200:
                _METRICS_URLS[url] = f"http://127.0.0.1:{metrics_port}"
                return process, url
        except requests.RequestException:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("stream server did not become ready:\n" + log_path.read_text())


def stream_url(base: str, region: str) -> str:
    return f"{base}/v1/disaster/alerts/stream?region={region}"


async def publish(js, codes: list[str], kind: str = "issued", **fields) -> tuple[int, str]:
    """An alert event in the contract's envelope, as svc-disaster's outbox relay publishes it."""
    alert_id = uuid.uuid4().hex
    subject = f"gorontalo.disaster.alert.{kind}"
    data = {
        "alert_id": alert_id,
        "identifier": f"id.go.gorontaloprov.bpbd.{alert_id}",
        "sender": "bpbd@gorontaloprov.go.id",
        "msg_type": {"issued": "Alert", "updated": "Update", "cancelled": "Cancel"}[kind],
        "status": "Actual",
        "sent": "2026-11-28T08:00:00+08:00",
        "effective": "2026-11-28T08:00:00+08:00",
        "expires": "2026-11-28T20:00:00+08:00",
        "hazard": "banjir",
        "event": "Banjir",
        "urgency": "Immediate",
        "severity": "Severe",
        "certainty": "Observed",
        "response_type": "Evacuate",
        "headline": {"id": "Banjir", "en": "Flood"},
        "region_codes": codes,
        "cap_url": f"/v1/disaster/alerts/{alert_id}.cap.xml",
        "source": "bpbd",
        **fields,
    }
    envelope = make_cloudevent(source="/gorontalo/disaster", type_=subject, data=data, subject=alert_id)
    ack = await js.publish(subject, json.dumps(envelope).encode(), headers={"Nats-Msg-Id": envelope["id"]})
    return ack.seq, alert_id


async def next_alert(stream, wait: float = WAIT):
    """The next SSE event of a stream and its JSON data."""
    event = await asyncio.wait_for(stream.next_event(), wait)
    return event, json.loads(event.data)


def metrics_url(server: str) -> str:
    """The metrics listener of a server start_server started (not the stream port)."""
    return _METRICS_URLS[server]


def clients_gauge(server: str) -> float:
    """gorontalo_stream_clients as the server's /metrics shows it."""
    text = requests.get(metrics_url(server) + "/metrics", timeout=5).text
    [line] = [line for line in text.splitlines() if line.startswith("gorontalo_stream_clients ")]
    return float(line.split()[1])
