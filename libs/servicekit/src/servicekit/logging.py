"""JSON logs that carry the request id and the trace (trace_id, span_id), with personal numbers scrubbed.

Scrubbing is a last line of defence: code must not log NIK, KK or phone
numbers in the first place, but a stray exception message must not leak them.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import sys

from opentelemetry import trace

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

# 16-digit NIK/KK numbers and Indonesian mobile numbers (08..., 628..., +628...).
_PERSONAL_NUMBER = re.compile(r"(?<!\d)(?:\d{16}|(?:\+?62|0)[ .-]?8(?:[ .-]?\d){7,12})(?!\d)")
# E-mail addresses are contact details too (anonymous complainants give one).
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")


def scrub(text: str) -> str:
    return _EMAIL.sub("[redacted]", _PERSONAL_NUMBER.sub("[redacted]", text))


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str):
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
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
        for key in ("event_id", "event_type", "grpc_method", "grpc_code", "duration_ms", "http_status", "path"):
            if hasattr(record, key):
                value = getattr(record, key)
                entry[key] = scrub(value) if isinstance(value, str) else value
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
