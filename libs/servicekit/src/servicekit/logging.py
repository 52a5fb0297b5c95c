"""JSON logs that carry the request id and the trace (trace_id, span_id), with personal numbers scrubbed.

Scrubbing is a last line of defence: code must not log NIK, KK or phone
numbers in the first place, but a stray exception message must not leak them.

Lines are formatted on the logging thread (its request id and span) and written by one writer thread
per process (LineWriter): a service logs a line per call, and writing each from its request thread,
under the handler's lock, was the largest single cost of a trivial call (issue 20). What that changes:
- an INFO or WARNING line reaches the stream within FLUSH_SECONDS (0.05 s), in the order logged;
- an ERROR or CRITICAL line is written at once, with every line queued before it, before the call
  that logged it goes on;
- a normal exit (a service's SIGTERM/SIGINT through servicekit.stop_signal, gunicorn's worker exit,
  sys.exit) writes what is queued: logging.shutdown flushes every handler;
- SIGKILL, os._exit or a signal left at its default action loses at most the last FLUSH_SECONDS of
  lines below ERROR (errors are already written).
"""

from __future__ import annotations

import collections
import contextvars
import json
import logging
import os
import re
import sys
import threading
import time
import weakref

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
        return _ENCODER.encode(entry)


# json.dumps(..., ensure_ascii=False) builds a new encoder per call; one serves every line.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


# How long a line below ERROR may wait for the writer thread; and a backlog that wakes it sooner.
FLUSH_SECONDS = 0.05
WAKE_AT_LINES = 512


class LineWriter(logging.StreamHandler):
    """A StreamHandler whose request threads only format and queue their line; one writer thread writes
    what has gathered in one write every FLUSH_SECONDS, errors at once (see the module's docstring)."""

    def __init__(self, stream=None, flush_seconds: float | None = None):
        super().__init__(stream)
        self.flush_seconds = FLUSH_SECONDS if flush_seconds is None else flush_seconds
        self._queued: collections.deque[str] = collections.deque()  # append and popleft are atomic
        self._writing = threading.Lock()  # one writer of the stream at a time, in queue order
        self._wake = threading.Event()
        self._writer_started = False  # in this process (a forked child starts its own)
        self._closed = False
        _LINE_WRITERS.add(self)

    def handle(self, record: logging.LogRecord) -> bool:
        # No handler lock around the formatting: the formatter keeps no state a thread could tear.
        if not self.filter(record):
            return False
        self.emit(record)
        return True

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record) + self.terminator
        except Exception:  # noqa: BLE001 - logging must not fail the call that logs
            self.handleError(record)
            return
        self._queued.append(line)
        if record.levelno >= logging.ERROR or self._closed:
            self.flush()
            return
        if not self._writer_started:
            self._start_writer()
        elif len(self._queued) >= WAKE_AT_LINES:
            self._wake.set()

    def flush(self) -> None:
        """Write every queued line now (the writer thread, errors, exit and close call it)."""
        with self._writing:
            queued = self._queued
            if not queued:
                return
            text = "".join([queued.popleft() for _ in range(len(queued))])
            try:
                self.stream.write(text)
                self.stream.flush()
            except (OSError, ValueError):  # the stream is gone (closed at exit, a broken pipe): nothing to tell
                pass

    def close(self) -> None:
        self._closed = True
        self._wake.set()
        self.flush()
        super().close()

    def _start_writer(self) -> None:
        with self._writing:
            if self._writer_started:
                return
            self._writer_started = True
            threading.Thread(target=self._write_until_closed, name="log-writer", daemon=True).start()

    def _write_until_closed(self) -> None:
        while not self._closed:
            self._wake.wait(self.flush_seconds)
            self._wake.clear()
            self.flush()

    def _after_fork_in_child(self) -> None:
        # The parent's writer thread does not exist here and its lock may have been held at fork; lines
        # queued by the parent's other threads during the fork are the parent's to write, not twice.
        self._writing = threading.Lock()
        self._wake = threading.Event()
        self._writer_started = False
        self._queued.clear()


_LINE_WRITERS: weakref.WeakSet[LineWriter] = weakref.WeakSet()
os.register_at_fork(
    before=lambda: [writer.flush() for writer in list(_LINE_WRITERS)],
    after_in_child=lambda: [writer._after_fork_in_child() for writer in list(_LINE_WRITERS)],
)


def configure(service: str, level: str = "INFO") -> None:
    handler = LineWriter(sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    for replaced in root.handlers:
        if isinstance(replaced, LineWriter):
            replaced.close()  # its queued lines written, its thread ended
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # What JsonFormatter never writes, LogRecord need not look up on every line: the caller's file and
    # line (a stack walk; logging's own switch is _srcfile = None), thread names (~2 us of a line's ~10;
    # issue 20). The process id stays: gunicorn's own error log formats %(process)d with it.
    logging._srcfile = None
    logging.logThreads = logging.logMultiprocessing = False
    # nats-py logs reconnect noise at ERROR on every attempt; the bus logs its own summary.
    logging.getLogger("nats").setLevel(logging.CRITICAL)
