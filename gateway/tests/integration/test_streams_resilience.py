"""The stream server under stress: slow clients, NATS restarts, limits, shutdown; real processes throughout."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess

import nats
import pytest
import requests

from gorontalo_gateway.streams.client import HttpError, open_stream
from gorontalo_gateway.streams.testing import (
    BIN,
    WAIT,
    clients_gauge,
    create_streams,
    metrics_url,
    next_alert,
    publish,
    start_server,
    stream_url,
)
from servicekit.testing import NatsServer, free_port, wait_for_port


def test_sigterm_closes_open_streams_and_exits_cleanly(nats_url, tmp_path):
    log_path = tmp_path / "streams.log"
    process, url = start_server(nats_url, log_path)

    async def scenario():
        stream = await open_stream(stream_url(url, "75.03"))
        await stream.wait_for_id()
        process.send_signal(signal.SIGTERM)
        with pytest.raises(EOFError):
            await asyncio.wait_for(stream.next_event(), WAIT)
        stream.close()

    try:
        asyncio.run(scenario())
        assert process.wait(15) == 0
    finally:
        if process.poll() is None:
            process.kill()
    lines = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
    messages = [line["message"] for line in lines]
    assert "shutting down: closing 1 streams" in messages
    assert "NATS drained" in messages
    assert "stream of region 75.03 closed (server shutting down)" in messages, "\n".join(messages)
    assert all(line["level"] != "error" for line in lines), lines


def test_not_ready_without_nats(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "NATS_URL": f"nats://127.0.0.1:{free_port()}",
        "GATEWAY_STREAMS_BIND": f"127.0.0.1:{port}",
        "GATEWAY_STREAMS_METRICS_PORT": str(free_port()),
    }
    process = subprocess.Popen(
        [str(BIN / "gorontalo-gateway"), "streams"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for_port(port, timeout=30)
        assert requests.get(f"http://127.0.0.1:{port}/readyz", timeout=5).status_code == 503

        async def attempt():
            with pytest.raises(HttpError) as error:
                await open_stream(stream_url(f"http://127.0.0.1:{port}", "75"))
            return error.value

        error = asyncio.run(attempt())
        assert error.status == 503 and error.headers["retry-after"] == "5"
        assert json.loads(error.body)["type"] == "urn:gorontalo:problem:streams-not-ready"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(15)


def test_a_client_that_stops_reading_is_dropped_while_the_others_get_everything(nats_url, tmp_path):
    process, url = start_server(nats_url, tmp_path / "streams.log", GATEWAY_STREAMS_CLIENT_QUEUE="8")
    port = int(url.rsplit(":", 1)[1])
    stuck = socket.socket()
    stuck.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # so the server's writes back up quickly
    stuck.connect(("127.0.0.1", port))
    stuck.sendall(b"GET /v1/disaster/alerts/stream?region=75.05 HTTP/1.1\r\nHost: test\r\n\r\n")
    padding = "x" * 100_000  # big alerts (a long event text) fill the socket buffers with few messages

    async def scenario():
        nc = await nats.connect(nats_url)
        js = nc.jetstream()
        reader = await open_stream(stream_url(url, "75.05"))
        try:
            while await asyncio.to_thread(clients_gauge, url) < 2:  # the stuck client is registered too
                await asyncio.sleep(0.05)
            published, received = [], []
            for _ in range(150):  # in step with the reading client, which keeps up
                published.append((await publish(js, ["75.05"], event=padding))[0])
                received.append(int((await next_alert(reader))[0].id))
            return published, received
        finally:
            reader.close()
            await nc.close()

    try:
        published, received = asyncio.run(scenario())
        assert received == published
        text = requests.get(metrics_url(url) + "/metrics", timeout=5).text
        assert 'gorontalo_stream_clients_dropped_total{reason="slow"} 1.0' in text
        stuck.settimeout(WAIT)
        while stuck.recv(1 << 20):  # the server closed it: what was buffered drains, then EOF
            pass
    finally:
        stuck.close()
        process.send_signal(signal.SIGTERM)
        process.wait(15)
    logs = (tmp_path / "streams.log").read_text()
    assert "stream client of region 75.05 dropped" in logs
    assert "returned without completing response" not in logs


def test_streams_survive_a_nats_restart_and_alerts_published_after_it_arrive(tmp_path):
    with NatsServer() as server:
        asyncio.run(create_streams(server.url))
        process, url = start_server(server.url, tmp_path / "streams.log", GATEWAY_STREAMS_HEARTBEAT_SECONDS="1")
        try:

            async def scenario():
                stream = await open_stream(stream_url(url, "75.01"))
                nc = await nats.connect(server.url)
                before_seq, _ = await publish(nc.jetstream(), ["75.01"])
                assert (await next_alert(stream))[0].id == str(before_seq)
                await nc.close()
                await asyncio.to_thread(server.stop)
                await asyncio.to_thread(server.start)
                nc = await nats.connect(server.url)
                after_seq, after_id = await publish(nc.jetstream(), ["75.01.01"])
                event, data = await next_alert(stream)  # the same connection, kept open with heartbeats
                await nc.close()
                stream.close()
                return before_seq, after_seq, event, data, after_id

            before_seq, after_seq, event, data, after_id = asyncio.run(scenario())
            assert (event.id, data["alert_id"]) == (str(after_seq), after_id)
            assert after_seq == before_seq + 1  # the stream kept its messages across the restart
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(15)


def test_beyond_the_client_limit_new_streams_get_503(nats_url, tmp_path):
    process, url = start_server(nats_url, tmp_path / "streams.log", GATEWAY_STREAMS_MAX_CLIENTS="1")

    async def scenario():
        first = await open_stream(stream_url(url, "75"))
        try:
            with pytest.raises(HttpError) as refused:
                await open_stream(stream_url(url, "75"), headers={"Accept-Language": "en"})
        finally:
            first.close()
        return refused.value

    try:
        refused = asyncio.run(scenario())
        assert refused.status == 503 and refused.headers["retry-after"] == "5"
        body = json.loads(refused.body)
        assert body["type"] == "urn:gorontalo:problem:streams-full" and body["title"] == "Service unavailable"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(15)
