"""gunicorn's gthread worker, with the errors gunicorn answers itself as problem+json.

A request line over limit_request_line (414), header fields over limit_request_fields or
limit_request_field_size (431) or an unreadable request (400) never reach Flask: gunicorn writes
an HTML page. Clients of this API read problem+json for every error, so the worker keeps
gunicorn's own judgement (which status, what it logs) and only replaces the page it writes.
"""

from __future__ import annotations

import json
import uuid

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

from servicekit import i18n

from . import messages
from .config import LIMIT_REQUEST_FIELD_SIZE, LIMIT_REQUEST_FIELDS, LIMIT_REQUEST_LINE
from .http_policy import BASELINE_POLICY

_DETAIL = {
    414: ("request_line_too_long", {"limit": LIMIT_REQUEST_LINE}),
    431: ("request_headers_too_large", {"fields": LIMIT_REQUEST_FIELDS, "size": LIMIT_REQUEST_FIELD_SIZE}),
    400: ("request_unreadable", {}),
}
_REASON = {414: "request_line_too_long", 431: "request_headers_too_large", 400: "request_unreadable", 500: "internal"}


class _Capture:
    """Stands in for the client socket while gunicorn writes its page, which is kept, not sent."""

    def __init__(self, sock):
        self._sock = sock
        self.written = b""

    def sendall(self, data) -> None:
        self.written += bytes(data)

    def send(self, data) -> int:
        self.written += bytes(data)
        return len(data)

    def __getattr__(self, name):  # timeouts, blocking mode, addresses: the real socket's
        return getattr(self._sock, name)


def _language(req) -> str:
    headers = dict(getattr(req, "headers", None) or [])
    return i18n.negotiate(headers.get("ACCEPT-LANGUAGE"))


def problem_response(status: int, reason_phrase: str, language: str) -> bytes:
    reason, params = _DETAIL.get(status, (None, {}))
    title = messages.translate(f"title_{status}", language)
    document = {
        "type": f"urn:gorontalo:problem:{_REASON.get(status, f'http-{status}').replace('_', '-')}",
        "title": title if title != f"title_{status}" else reason_phrase,
        "status": status,
        "detail": messages.translate(reason, language, **params) if reason else reason_phrase,
        "request_id": uuid.uuid4().hex,
    }
    body = json.dumps(document, ensure_ascii=False).encode()
    head = (
        f"HTTP/1.1 {status} {reason_phrase}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/problem+json; charset=utf-8\r\n"
        f"Content-Language: {language}\r\n"
        f"Content-Length: {len(body)}\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        f"Content-Security-Policy: {BASELINE_POLICY}\r\n"
        "Cache-Control: no-store\r\n"
        f"X-Request-ID: {document['request_id']}\r\n\r\n"
    )
    return head.encode("latin-1") + body


class ProblemThreadWorker(ThreadWorker):
    def handle_error(self, req, client, addr, exc):
        capture = _Capture(client)
        super().handle_error(req, capture, addr, exc)
        status_line = capture.written.split(b"\r\n", 1)[0].decode("latin-1")
        parts = status_line.split(" ", 2)
        if len(parts) < 2 or not parts[1].isdigit():
            if capture.written:  # not a page we understand: send it as gunicorn wrote it
                util.write_nonblock(client, capture.written)
            return
        status, phrase = int(parts[1]), parts[2] if len(parts) > 2 else ""
        try:
            util.write_nonblock(client, problem_response(status, phrase, _language(req)))
        except OSError:  # the client has gone: nothing to tell it
            self.log.debug("Failed to send error message.")
