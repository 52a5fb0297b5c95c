"""Each request's id, language, access log line and metrics, as WSGI middleware around the Flask app.

These ran as Flask before/after/teardown hooks, each reading Flask's request and g (issue 20: a share
of the gateway's ~0.5 ms in-app CPU per request); here they read the WSGI environ once. The id (the
client's X-Request-ID when well formed, else 128 random bits in 32 hex digits, as uuid4().hex gave, at
a quarter of its cost) and the negotiated language are context variables while the app answers: the
JSON logs, problem documents and outgoing calls read them.
It runs inside the tracing middleware (tracing_http), so the access line carries the trace id.
"""

from __future__ import annotations

import logging
import os
import re
import time

from werkzeug._internal import _wsgi_decoding_dance

from servicekit import i18n
from servicekit.logging import request_id_var

from .metrics import record_request

log = logging.getLogger("gateway")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
ROUTE_KEY = "gorontalo.route"  # the matched route's template, left in the environ by the app


class RequestContextWsgi:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        incoming = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else os.urandom(16).hex()
        tokens = (
            request_id_var.set(request_id),
            i18n.language_var.set(i18n.negotiate(environ.get("HTTP_ACCEPT_LANGUAGE"))),
        )
        answered = []

        def start_with_id(status: str, headers: list, *args):
            headers.append(("X-Request-ID", request_id))
            answered.append(status)
            return start_response(status, headers, *args)

        try:
            body = self.app(environ, start_with_id)
            if answered:
                _record(environ, int(answered[0].split(" ", 1)[0]), time.perf_counter() - started)
            return body
        finally:
            # A worker thread serves other requests next: no request id may leak into them.
            request_id_var.reset(tokens[0])
            i18n.language_var.reset(tokens[1])


def _record(environ, status: int, elapsed: float) -> None:
    method = environ.get("REQUEST_METHOD", "").upper()
    record_request(method, environ.get(ROUTE_KEY, "unmatched"), status, elapsed)
    # The path only: query strings may carry personal data.
    path = "/" + _wsgi_decoding_dance(environ.get("PATH_INFO") or "").lstrip("/")
    log.info(
        "%s %s %s",
        method,
        path,
        status,
        extra={"http_status": status, "path": path, "duration_ms": round(elapsed * 1000, 2)},
    )


def remember_route(environ, rule) -> None:
    """Called by the app once it has matched (or failed to match) the request's route."""
    environ[ROUTE_KEY] = rule.rule if rule is not None else "unmatched"
