"""Block the main thread until SIGTERM or SIGINT, reliably.

A plain ``threading.Event().wait()`` in the main thread can sleep through the signal: the kernel may
deliver SIGTERM to any thread (gRPC's and NATS's threads included), CPython only records it, and the
Python-level handler runs when the *main* thread next executes bytecode. A main thread parked in a lock
wait without a timeout never does, so the service ignored ``kill`` until SIGKILL (seen in CI: a service
that did not stop within 60 s and logged nothing). Waking every half second lets the handler run.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable

log = logging.getLogger("servicekit.server")

POLL_SECONDS = 0.5


WORK_ENDED = "work_ended"


def wait_for_stop_signal(ready: Callable[[], object] | None = None, working: Callable[[], bool] | None = None) -> str:
    """Return the name of the signal (SIGTERM or SIGINT) once one arrives. `ready` is called once the
    handlers are in place (a signal sent before then would still take its default action). With
    `working`, return WORK_ENDED as soon as it says False: a process whose only worker thread died
    must exit (so its supervisor restarts it) rather than live on doing nothing."""
    stopped = threading.Event()
    received: list[str] = []

    def _stop(signum, _frame):
        received.append(signal.Signals(signum).name)
        stopped.set()

    previous = {signum: signal.signal(signum, _stop) for signum in (signal.SIGTERM, signal.SIGINT)}
    try:
        if ready is not None:
            ready()
        while not stopped.wait(POLL_SECONDS):
            if working is not None and not working():
                return WORK_ENDED
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    log.info("received %s; shutting down", received[0])
    return received[0]
