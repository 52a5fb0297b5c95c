"""`gorontalo-permits precheck-worker`: the process that reads uploaded documents (issue 22).

A process of its own, so OCR never competes with requests inside the gRPC server: it lowers its own
priority (os.nice) and that of its tesseract children, and reads one document at a time. Its durable
consumers (`permits-precheck-submitted`, `permits-precheck-resubmitted`) turn each submission, and each
resubmission with new documents, into a pending report; the loop reads pending documents, oldest
request first. Run one or more next to `serve`, on the same database.
"""

from __future__ import annotations

import logging
import os
import threading

from gorontalo.permits.v1.events_pb2 import ApplicationStatusChanged, ApplicationSubmitted
from servicekit.bus import EventBus, Subscription
from servicekit.nats_connection import NatsConnection
from servicekit.stop_signal import WORK_ENDED, wait_for_stop_signal

from ..service_layer import precheck
from ..service_layer.unit_of_work import ConsumerUnitOfWork

log = logging.getLogger(__name__)
SUBMITTED_CONSUMER = "permits-precheck-submitted"
RESUBMITTED_CONSUMER = "permits-precheck-resubmitted"
NICENESS = 10  # below requests: the scheduler gives the service's own processes the CPU first
IDLE_SECONDS = 5.0  # with nothing pending, look again this often even without a wake-up


class PrecheckWorker:
    def __init__(self, app, *, ocr, register, idle_seconds: float = IDLE_SECONDS):
        self.app = app
        self.ocr = ocr
        self.register = register
        self.idle_seconds = idle_seconds
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.bus = EventBus(
            nats_url=app.settings.nats_url,
            stream=app.settings.stream,
            session_factory=app.session_factory,
            connection=NatsConnection.for_service(app.settings.name, app.settings.nats_url, app.settings.var_dir),
            subscriptions=[
                Subscription.for_event(SUBMITTED_CONSUMER, ApplicationSubmitted, self.on_submitted),
                Subscription.for_event(RESUBMITTED_CONSUMER, ApplicationStatusChanged, self.on_status_changed),
            ],
        )

    def on_submitted(self, session, submitted: ApplicationSubmitted, envelope: dict) -> None:
        self._request(session, submitted.application_id)

    def on_status_changed(self, session, changed: ApplicationStatusChanged, envelope: dict) -> None:
        if precheck.is_resubmission(changed):
            self._request(session, changed.application_id)

    def _request(self, session, application_id: str) -> None:
        uow = ConsumerUnitOfWork(session, cipher=self.app.cipher)
        if precheck.request_precheck(uow, self.app.clock, application_id):
            uow.after_commit(self.wake.set)

    def step(self) -> str:
        return precheck.read_next(
            self.app.uow,
            storage=self.app.storage,
            ocr=self.ocr,
            register=self.register,
            catalog=self.app.catalog,
            clock=self.app.clock,
        )

    def run(self) -> None:
        """Until stop(): work while there is work, else wait for a wake-up or the idle interval."""
        self.bus.start()
        try:
            while not self.stopping.is_set():
                try:
                    outcome = self.step()
                except Exception:  # noqa: BLE001 - a database hiccup: log (no personal data) and go on
                    log.exception("pre-check step failed")
                    outcome = "idle"
                if outcome == "idle":
                    self.wake.wait(self.idle_seconds)
                    self.wake.clear()
        finally:
            self.bus.stop()

    def stop(self) -> None:
        self.stopping.set()
        self.wake.set()


def lower_priority() -> None:
    try:
        os.nice(NICENESS)
    except OSError:  # pragma: no cover - a platform without nice: run as is
        log.warning("cannot lower the pre-check worker's priority")


def main(settings, *, build_app, build_ocr, build_register) -> int:
    lower_priority()
    app = build_app(settings)
    ocr = build_ocr()
    ocr.check()  # no tesseract or no Indonesian data: stop now, not on the first document
    worker = PrecheckWorker(app, ocr=ocr, register=build_register(settings))
    loop = threading.Thread(target=worker.run, name="precheck", daemon=True)
    log.info("pre-check worker started (nice %d)", os.nice(0))
    try:
        # The main thread stays free for SIGTERM; a loop that died ends the process (exit 1), so the
        # supervisor restarts it instead of a worker that lives on reading nothing.
        reason = wait_for_stop_signal(ready=loop.start, working=loop.is_alive)
    finally:
        worker.stop()
        loop.join(120)  # a document being read is finished (tesseract has its own timeout)
        app.close()
    if reason == WORK_ENDED:
        log.error("pre-check loop ended unexpectedly; exiting so the supervisor restarts the worker")
        return 1
    return 0
