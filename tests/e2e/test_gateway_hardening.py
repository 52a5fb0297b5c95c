"""Issue 11, through the real gunicorn gateway: compression, caching, CSP, metrics off the API port,
gunicorn's own 4xx answers as problem+json, deeply nested JSON."""

import base64
import gzip
import hashlib
import json
import pathlib
import re
import socket

import requests

from tests.e2e.conftest import check_in_person

PROBLEM = "application/problem+json"


def _is_problem(response, status):
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith(PROBLEM), response.headers
    body = response.json()
    assert body["status"] == status and body["title"] and body["type"]
    return body


def _raw(port: int, request: bytes) -> tuple[int, dict, bytes]:
    """One request on a fresh socket, read to EOF: gunicorn's own errors close the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(lines[0].split()[1]), headers, body


def _raw_problem(port: int, request: bytes, status: int) -> dict:
    got, headers, body = _raw(port, request)
    assert got == status, body[:300]
    assert headers["content-type"].startswith(PROBLEM), (headers, body[:300])
    assert headers["x-content-type-options"] == "nosniff"
    document = json.loads(body)
    assert document["status"] == status and document["title"] and document["type"]
    return document


def _gateway_log_tracebacks(stack) -> int:
    return (stack.logs / "gateway.log").read_text(errors="replace").count("Traceback")


# -- compression -------------------------------------------------------------------------------------
def test_large_json_is_gzipped_only_when_asked(stack, http):
    plain = http.get(stack.url + "/openapi.json", headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    assert "Accept-Encoding" in plain.headers["Vary"]
    zipped = http.get(stack.url + "/openapi.json", headers={"Accept-Encoding": "gzip"}, stream=True)
    raw = zipped.raw.read(decode_content=False)
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert len(raw) < len(plain.content) / 4
    assert json.loads(gzip.decompress(raw)) == plain.json()
    # Not worth it under ~1 KB.
    small = http.get(stack.url + "/healthz", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in small.headers


def test_already_compressed_media_and_event_streams_are_sent_as_they_are(stack, http, citizen):
    check_in_person(stack, http, citizen)  # a credential needs level 2
    credential = requests.post(stack.url + "/v1/me/credentials", headers=citizen["headers"], json={}, timeout=10).json()
    png = http.get(
        stack.url + f"/v1/me/credentials/{credential['id']}/qr",
        headers={**citizen["headers"], "Accept-Encoding": "gzip"},
    )
    assert png.status_code == 200 and png.headers["Content-Type"] == "image/png"
    assert len(png.content) > 1024 and "Content-Encoding" not in png.headers
    with http.get(
        stack.url + "/v1/disaster/alerts/stream?region=75.03",
        headers={"Accept-Encoding": "gzip"},
        stream=True,
        timeout=10,
    ) as events:
        assert events.status_code == 200 and events.headers["Content-Type"].startswith("text/event-stream")
        assert "Content-Encoding" not in events.headers


# -- caching --------------------------------------------------------------------------------------------
def test_responses_with_credentials_or_personal_data_are_never_stored(stack, http, citizen):
    me = http.get(stack.url + "/v1/me", headers=citizen["headers"])
    assert me.status_code == 200 and me.headers["Cache-Control"] == "no-store"
    refused = http.get(stack.url + "/v1/me", headers={"Authorization": "Bearer not-a-token"})
    assert refused.status_code == 401 and refused.headers["Cache-Control"] == "no-store"
    reporter = http.get(stack.url + "/v1/complaints/GTO-0000-00", headers={"X-Reporter-Key": "k" * 32})
    assert reporter.headers["Cache-Control"] == "no-store"
    # The answer to a log-in holds tokens although the request carried none.
    token = requests.post(
        stack.url + "/v1/identity/token", timeout=10, json={"username": citizen["nik"], "password": "kata-sandi-aman-1"}
    )
    assert token.status_code == 200 and token.headers["Cache-Control"] == "no-store"
    # Public reads keep their caching.
    public = http.get(stack.url + "/v1/permits/types")
    assert public.status_code == 200 and "no-store" not in public.headers.get("Cache-Control", "")


# -- Content-Security-Policy ---------------------------------------------------------------------------
def _policy(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


def test_docs_has_a_strict_content_security_policy(stack, http):
    docs = http.get(stack.url + "/docs")
    assert docs.status_code == 200
    policy = _policy(docs.headers["Content-Security-Policy"])
    assert policy["default-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert "script-src" not in policy  # no script at all: default-src 'none' forbids every script
    assert all("unsafe" not in source for sources in policy.values() for source in sources)
    assert docs.headers["X-Content-Type-Options"] == "nosniff"
    # The one inline style block is allowed by its hash, nothing else (no CDN, no external file).
    styles = re.findall(r"<style>(.*?)</style>", docs.text, re.DOTALL)
    hashes = ["'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in styles]
    assert policy["style-src"] == hashes
    assert not re.search(r"<(script|link|img|iframe)\b", docs.text)
    # Every API answer has a baseline policy: a browser opening it runs nothing and frames nothing.
    api = http.get(stack.url + "/v1/permits/types")
    baseline = _policy(api.headers["Content-Security-Policy"])
    assert baseline["default-src"] == ["'none'"] and baseline["frame-ancestors"] == ["'none'"]
    assert api.headers["X-Content-Type-Options"] == "nosniff"


# -- metrics on their own loopback listener -----------------------------------------------------------
def _listening_address(port: int) -> str:
    """The local address a TCP port listens on, from /proc/net/tcp (IPv4)."""
    for line in pathlib.Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        address, hex_port = fields[1].split(":")
        if int(hex_port, 16) == port and fields[3] == "0A":
            return socket.inet_ntoa(bytes.fromhex(address)[::-1])
    raise AssertionError(f"nothing listens on {port}")


def _counter(text: str, prefix: str) -> float:
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(prefix))


def test_metrics_are_off_the_api_ports_and_count_every_worker(stack, http):
    _is_problem(http.get(stack.url + "/metrics"), 404)
    _is_problem(http.get(stack.streams_url + "/metrics"), 404)
    assert _listening_address(stack.gateway_metrics_port) == "127.0.0.1"
    assert _listening_address(stack.streams_metrics_port) == "127.0.0.1"
    series = 'gorontalo_gateway_http_requests_total{method="GET",route="/v1/services",status="200"}'
    before = _counter(requests.get(stack.metrics_url + "/metrics", timeout=10).text, series)
    for _ in range(12):  # a fresh connection each: both gunicorn workers answer some
        assert requests.get(stack.url + "/v1/services", timeout=10).status_code == 200
    after = _counter(requests.get(stack.metrics_url + "/metrics", timeout=10).text, series)
    assert after - before == 12
    streams = requests.get(stack.streams_metrics_url + "/metrics", timeout=10).text
    assert "gorontalo_stream_clients " in streams


# -- errors gunicorn answers itself, and the common 4xx ------------------------------------------------
def test_oversized_request_line_and_headers_are_problem_json(stack):
    port = stack.gateway_port
    before = _gateway_log_tracebacks(stack)
    long_line = b"GET /v1/permits/types?q=" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"
    _raw_problem(port, long_line, 414)
    big_header = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 9000 + b"\r\n\r\n"
    _raw_problem(port, big_header, 431)
    many = b"".join(b"X-H%d: v\r\n" % i for i in range(150))
    _raw_problem(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + many + b"\r\n", 431)
    english = _raw_problem(
        port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\nX-Big: " + b"b" * 9000 + b"\r\n\r\n", 431
    )
    assert english["detail"]
    _raw_problem(port, b"NOT A REQUEST\r\n\r\n", 400)
    # Within the limits the gateway answers as usual.
    status, _, _ = _raw(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status == 200
    assert _gateway_log_tracebacks(stack) == before


def test_404_405_413_415_are_problem_json(stack, http):
    # Writes on fresh connections: a pooled one the gateway closed after keep-alive is not retried.
    _is_problem(http.get(stack.url + "/no/such/path"), 404)
    _is_problem(requests.put(stack.url + "/v1/permits/types", timeout=10), 405)
    _is_problem(
        requests.post(
            stack.url + "/v1/identity/citizens",
            data="x" * (1024 * 1024 + 10),
            timeout=10,
            headers={"Content-Type": "application/json"},
        ),
        413,
    )
    _is_problem(
        requests.post(
            stack.url + "/v1/identity/citizens",
            data="nik=1",
            timeout=10,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ),
        415,
    )


def test_json_nested_50000_deep_is_400_without_a_traceback(stack, http):
    before = _gateway_log_tracebacks(stack)
    deep = "[" * 50_000 + "]" * 50_000
    body = _is_problem(
        requests.post(
            stack.url + "/v1/identity/citizens", data=deep, timeout=10, headers={"Content-Type": "application/json"}
        ),
        400,
    )
    assert body["type"].endswith("malformed-json")
    deep_object = '{"a":' * 50_000 + "1" + "}" * 50_000
    _is_problem(
        requests.post(
            stack.url + "/v1/disaster/reports",
            data=deep_object,
            timeout=10,
            headers={"Content-Type": "application/json"},
        ),
        400,
    )
    assert _gateway_log_tracebacks(stack) == before
