"""What a response costs on the wire: status line, every header and the body, as a phone receives it."""

from __future__ import annotations

import socket
import urllib.parse


def wire_bytes(url: str, headers: dict[str, str]) -> tuple[int, int]:
    """(whole response, body alone) for a GET with gzip accepted (a header in `headers` overrides it):
    HTTP/1.1 over a plain socket, read until the server closes."""
    parsed = urllib.parse.urlsplit(url)
    lines = [f"GET {parsed.path}{'?' + parsed.query if parsed.query else ''} HTTP/1.1", f"Host: {parsed.netloc}"]
    lines += [f"{k}: {v}" for k, v in {"Accept-Encoding": "gzip", **headers, "Connection": "close"}.items()]
    with socket.create_connection((parsed.hostname, parsed.port), timeout=10) as conn:
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        response = b""
        while chunk := conn.recv(65536):
            response += chunk
    head, _, body = response.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(f"{url}: {head[:80]!r}")
    return len(response), len(body)
