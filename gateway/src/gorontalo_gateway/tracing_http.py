"""The server span of each HTTP request, a child of an incoming W3C traceparent (the web app's calls to
the gateway join its trace); the gRPC calls the request makes are its children (servicekit.tracing).

What opentelemetry-instrumentation-flask did, at a fraction of its cost (issue 20: ~130 us of a
gateway request even when nothing was recorded): the span is made and current for every request, so
its ids reach the logs and the calls; its attributes, status and exceptions are only written when the
span records (an exporter is configured, or a sampled caller asked: servicekit.tracing.configure).
"""

from __future__ import annotations

import os
import re

from flask import Flask, request
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind, Status, StatusCode

# Probes and scrapes would drown the traces of real requests.
UNTRACED_PATHS = "/healthz$,/readyz$,/metrics$,/static/"
SPAN_KEY = "gorontalo.span"  # the request's span, in its WSGI environ

_tracer = trace.get_tracer("gorontalo_gateway.http")
_EMPTY_CONTEXT = otel_context.Context()


def instrument(app: Flask) -> None:
    """A server span per request of `app`, named "METHOD /route" once Flask has matched the route.
    OTEL_PYTHON_FLASK_EXCLUDED_URLS (comma-separated regular expressions searched in the request's URL,
    as the OpenTelemetry instrumentation read them) leaves requests untraced."""
    app.wsgi_app = TracedWsgi(app.wsgi_app, os.environ.get("OTEL_PYTHON_FLASK_EXCLUDED_URLS", UNTRACED_PATHS))

    @app.teardown_request
    def _name_span(_error=None):
        span = request.environ.get(SPAN_KEY)
        if span is not None and span.is_recording() and request.url_rule is not None:
            span.update_name(f"{request.method} {request.url_rule.rule}")
            span.set_attribute("http.route", request.url_rule.rule)


class TracedWsgi:
    """WSGI middleware: the request's server span, current while the application answers (its log
    lines and outgoing calls carry its ids), ended when the application has returned its answer."""

    def __init__(self, app, excluded_urls: str = ""):
        self.app = app
        patterns = [p.strip() for p in excluded_urls.split(",") if p.strip()]
        self._excluded = re.compile("|".join(patterns)) if patterns else None
        # The environ keys of the headers the configured propagators read (OTEL_PROPAGATORS): when a
        # request has none of them there is nothing to extract.
        self._carrier_keys = tuple(_environ_key(name) for name in propagate.get_global_textmap().fields)

    def __call__(self, environ, start_response):
        if self._excluded is not None and self._excluded.search(_url(environ)):
            return self.app(environ, start_response)
        if any(key in environ for key in self._carrier_keys):
            parent = propagate.extract(environ, getter=ENVIRON_GETTER)
        else:
            parent = _EMPTY_CONTEXT  # never the worker thread's leftovers
        method = environ.get("REQUEST_METHOD", "")
        span = _tracer.start_span(method, context=parent, kind=SpanKind.SERVER)
        environ[SPAN_KEY] = span
        if span.is_recording():
            span.set_attributes(_request_attributes(environ, method))
            start_response = _recording_status(span, start_response)
        token = otel_context.attach(trace.set_span_in_context(span, parent))
        try:
            return self.app(environ, start_response)
        except BaseException as error:
            if span.is_recording():
                span.record_exception(error)
                span.set_status(Status(StatusCode.ERROR, type(error).__name__))
            raise
        finally:
            otel_context.detach(token)
            span.end()


def _environ_key(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")


class _EnvironGetter:
    """A propagator's header (traceparent) as a WSGI environ holds it (HTTP_TRACEPARENT)."""

    def get(self, carrier, key):
        value = carrier.get(_environ_key(key))
        return [value] if value is not None else None

    def keys(self, carrier):
        return [k[5:].lower().replace("_", "-") for k in carrier if k.startswith("HTTP_")]


ENVIRON_GETTER = _EnvironGetter()


def _url(environ) -> str:
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    query = environ.get("QUERY_STRING")
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}{path}" + (f"?{query}" if query else "")


def _request_attributes(environ, method: str) -> dict:
    attributes = {
        "http.method": method,
        "http.scheme": environ.get("wsgi.url_scheme", ""),
        "http.host": environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""),
        "http.target": environ.get("PATH_INFO", ""),
        "http.flavor": environ.get("SERVER_PROTOCOL", "").removeprefix("HTTP/"),
        "net.peer.ip": environ.get("REMOTE_ADDR", ""),
    }
    if environ.get("HTTP_USER_AGENT"):
        attributes["http.user_agent"] = environ["HTTP_USER_AGENT"]
    return attributes


def _recording_status(span, start_response):
    def recorded(status: str, headers, *args):
        code = int(status.split(" ", 1)[0])
        span.set_attribute("http.status_code", code)
        if code >= 500:
            span.set_status(Status(StatusCode.ERROR))
        return start_response(status, headers, *args)

    return recorded
