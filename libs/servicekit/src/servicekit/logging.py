"""JSON logs that carry the request id and the trace (trace_id, span_id), with personal numbers scrubbed.

Scrubbing is a last line of defence: code must not log NIK, KK or phone
numbers in the first place, but a stray exception message must not leak them.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
import time

from opentelemetry import trace

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

# 16-digit NIK/KK numbers and Indonesian mobile numbers (08..., 628..., +628...).
_PERSONAL_NUMBER = re.compile(r"(?<!\d)(?:\d{16}|(?:\+?62|0)[ .-]?8(?:[ .-]?\d){7,12})(?!\d)")
# E-mail addresses are contact details too (anonymous complainants give one).
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
# Neither can be in a text without a run of 7 digits (separators allowed between them) or an "@":
# most log lines ("GET /v1/me 200") are let through after this one cheap search (issue 20).
_MAYBE_PERSONAL = re.compile(r"@|\d(?:[ .-]?\d){6}")
# Extra fields whose values the code chooses (a method, a status): nothing personal to scrub.
_FIXED_FIELDS = frozenset(("grpc_method", "grpc_code", "http_status", "duration_ms"))
_EXTRA_FIELDS = ("event_id", "event_type", "grpc_method", "grpc_code", "duration_ms", "http_status", "path")


def scrub(text: str) -> str:
    if not _MAYBE_PERSONAL.search(text):
        return text
    return _EMAIL.sub("[redacted]", _PERSONAL_NUMBER.sub("[redacted]", text))


class _UtcSeconds:
    """The "2026-12-06T08:00:00" part of a timestamp, formatted once per second, not once per line."""

    def __init__(self):
        self.second, self.text = -1, ""

    def format(self, created: float) -> str:
        second = int(created)
        if second != self.second:  # a race between threads only formats the same second twice
            self.text, self.second = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second)), second
        return f"{self.text}.{int((created - second) * 1000):03d}+00:00"


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str):
        super().__init__()
        self.service = service
        self._seconds = _UtcSeconds()

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self._seconds.format(record.created),
            "level": record.levelname.lower(),
            "service": self.service,
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        request_id = getattr(record, "request_id", None) or request_id_var.get()
        if request_id:
            entry["request_id"] = request_id
        # The span current on the logging thread: one trace id greps a request across every process.
        span_context = trace.get_current_span().get_span_context()
        if span_context.is_valid:
            entry["trace_id"] = format(span_context.trace_id, "032x")
            entry["span_id"] = format(span_context.span_id, "016x")
        fields = record.__dict__
        for key in _EXTRA_FIELDS:
            if key in fields:
                value = fields[key]
                entry[key] = scrub(value) if isinstance(value, str) and key not in _FIXED_FIELDS else value
        if record.exc_info:
            entry["error"] = scrub(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


def configure(service: str, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # nats-py logs reconnect noise at ERROR on every attempt; the bus logs its own summary.
    logging.getLogger("nats").setLevel(logging.CRITICAL)
