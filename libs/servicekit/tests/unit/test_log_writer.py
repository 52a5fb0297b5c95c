"""servicekit.logging.LineWriter: request threads format and queue, one writer thread writes.

Nothing may be lost or reordered: errors are on the stream before the call that logged them goes on,
a service stopped with SIGTERM writes every queued line, a forked child gets a writer of its own."""

from __future__ import annotations

import io
import json
import logging
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

from servicekit import logging as sk_logging
from servicekit.logging import JsonFormatter, LineWriter, request_id_var


def _logger(name: str, writer: LineWriter) -> logging.Logger:
    logger = logging.getLogger(name)
    logger.handlers[:] = [writer]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger


def _writer(stream, flush_seconds: float) -> LineWriter:
    writer = LineWriter(stream, flush_seconds=flush_seconds)
    writer.setFormatter(JsonFormatter("svc-test"))
    return writer


def _entries(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def _wait_for(predicate, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_lines_are_written_by_the_writer_thread_in_order_with_the_logging_threads_request_id():
    stream = io.StringIO()
    writer = _writer(stream, flush_seconds=0.02)
    logger = _logger("servicekit.tests.writer1", writer)

    def log_as(request_id: str) -> None:
        request_id_var.set(request_id)
        for number in range(50):
            logger.info("line %d", number)

    threads = [threading.Thread(target=log_as, args=(f"req-{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    _wait_for(lambda: len(stream.getvalue().splitlines()) == 200)
    entries = _entries(stream)
    for i in range(4):
        mine = [e["message"] for e in entries if e["request_id"] == f"req-{i}"]
        assert mine == [f"line {n}" for n in range(50)]  # each thread's lines complete and in its order
    writer.close()


def test_an_error_is_written_at_once_with_every_line_queued_before_it():
    stream = io.StringIO()
    writer = _writer(stream, flush_seconds=3600)  # the writer thread would not write within this test
    logger = _logger("servicekit.tests.writer2", writer)
    logger.info("before")
    logger.warning("still before")
    assert stream.getvalue() == ""  # queued, not written yet
    logger.error("boom")
    assert [e["message"] for e in _entries(stream)] == ["before", "still before", "boom"]
    writer.close()


def test_close_and_logging_shutdown_write_what_is_queued():
    stream = io.StringIO()
    writer = _writer(stream, flush_seconds=3600)
    logger = _logger("servicekit.tests.writer3", writer)
    logger.info("queued")
    logging.shutdown([lambda: writer])  # what the interpreter runs at exit, for this handler only
    assert [e["message"] for e in _entries(stream)] == ["queued"]
    logger.info("after close")  # written at once: no writer thread after close
    assert [e["message"] for e in _entries(stream)] == ["queued", "after close"]


def test_configure_closes_the_writer_it_replaces():
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    try:
        sk_logging.configure("svc-test")
        first = root.handlers[0]
        assert isinstance(first, LineWriter)
        sk_logging.configure("svc-test")
        assert first._closed and root.handlers[0] is not first
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)


SERVICE = textwrap.dedent(
    """
    import logging, sys
    from servicekit import logging as sk_logging
    from servicekit.stop_signal import wait_for_stop_signal

    sk_logging.FLUSH_SECONDS = 3600  # only the exit can write them
    sk_logging.configure("svc-test")
    log = logging.getLogger("servicekit.rpc")
    for number in range(2000):
        log.info("call %d", number)
    wait_for_stop_signal(ready=lambda: print("ready", flush=True))
    log.info("last words")
    """
)


def test_a_service_stopped_with_sigterm_writes_every_queued_line():
    process = subprocess.Popen(
        [sys.executable, "-c", SERVICE], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout.readline().strip() == "ready"
    process.send_signal(signal.SIGTERM)
    _out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    messages = [json.loads(line)["message"] for line in err.splitlines()]
    assert messages == [
        *(f"call {n}" for n in range(2000)),
        "received SIGTERM; shutting down",
        "last words",
    ]


FORKING = textwrap.dedent(
    """
    import logging, os, time
    from servicekit import logging as sk_logging

    sk_logging.configure("svc-test")
    log = logging.getLogger("servicekit.rpc")
    log.info("parent before fork")
    pid = os.fork()
    if pid == 0:
        log.info("child")
        time.sleep(0.5)  # the child's own writer thread writes it; os._exit flushes nothing
        os._exit(0)
    os.waitpid(pid, 0)
    log.info("parent after fork")
    """
)


def test_a_forked_child_gets_a_writer_thread_of_its_own():
    done = subprocess.run([sys.executable, "-c", FORKING], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    messages = sorted(json.loads(line)["message"] for line in done.stderr.splitlines())
    assert messages == ["child", "parent after fork", "parent before fork"]


def test_logging_from_a_process_that_exits_normally_loses_nothing():
    script = "import logging\nfrom servicekit import logging as sk\nsk.FLUSH_SECONDS = 3600\nsk.configure('t')\n"
    script += "[logging.getLogger('x').info('n %d', i) for i in range(500)]\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30, env=os.environ)
    assert [json.loads(line)["message"] for line in done.stderr.splitlines()] == [f"n {i}" for i in range(500)]
