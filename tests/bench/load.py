"""Load generators for the benchmark: wrk when installed, else a bounded closed-loop Python client.

Only 127.0.0.1 is ever targeted. The Python client can vary each request (a fresh Idempotency-Key,
a new title) through a `make_request(n) -> (headers, body)` callable; wrk sends one fixed request.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import re
import subprocess
import tempfile
import threading
import time
import urllib.parse


def python_load(url: str, *, method: str, headers: dict, body, seconds: float, connections: int):
    """Closed loop: each connection sends its next request when the last one is answered.

    `body` is bytes, None, or a callable n -> (extra headers, bytes) for requests that must differ."""
    parsed = urllib.parse.urlparse(url)
    target = parsed.path + (f"?{parsed.query}" if parsed.query else "")
    latencies: list[float] = []
    errors = [0]
    statuses: dict[int, int] = {}
    first_error: list[str] = []
    lock = threading.Lock()
    counter = itertools.count()
    deadline = time.perf_counter() + seconds

    def worker():
        connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
        mine = []
        while time.perf_counter() < deadline:
            if callable(body):
                extra, payload = body(next(counter))
                sent_headers = {**headers, **extra}
            else:
                sent_headers, payload = headers, body
            started = time.perf_counter()
            try:
                connection.request(method, target, body=payload, headers=sent_headers)
                response = connection.getresponse()
                answer = response.read()
                if response.status >= 400:
                    with lock:
                        if not first_error:
                            first_error.append(answer[:300].decode(errors="replace"))
                        errors[0] += 1
                        statuses[response.status] = statuses.get(response.status, 0) + 1
            except (OSError, http.client.HTTPException):
                with lock:
                    errors[0] += 1
                connection.close()
                connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
                continue
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    if not latencies:
        return {"rps": 0.0, "p50_ms": float("nan"), "p99_ms": float("nan"), "errors": errors[0], "requests": 0}
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": pick(0.50),
        "p99_ms": pick(0.99),
        "errors": errors[0],
        "error_statuses": statuses,
        "first_error": first_error[0] if first_error else "",
        # Answered requests (errors included): what the CPU per request divides by.
        "requests": len(latencies),
    }


def _wrk_ms(text: str, label: str) -> float:
    match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def wrk_load(url: str, *, method: str, headers: dict, body, seconds: float, connections: int):
    if callable(body):  # wrk sends one fixed request: requests that must differ use the Python client
        return python_load(url, method=method, headers=headers, body=body, seconds=seconds, connections=connections)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(f"wrk.method = {json.dumps(method)}\n")
        for key, value in headers.items():
            script.write(f"wrk.headers[{json.dumps(key)}] = {json.dumps(value)}\n")
        if body:
            script.write(f"wrk.body = {json.dumps(body.decode())}\n")
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{int(seconds)}s", "--latency", "-s", script.name, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "rps": rps,
        "p50_ms": _wrk_ms(output, "50"),
        "p99_ms": _wrk_ms(output, "99"),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
        "requests": total,
    }
