"""How far behind each durable consumer is, in messages: JetStream's num_pending, asked now and then.

The event bus owns the service's NATS connection on its own thread; this probe keeps a small one of
its own so the metric never waits on (or disturbs) the consumers it measures.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable

import nats

from servicekit.nats_connection import NatsConnection

log = logging.getLogger(__name__)


class PendingProbe:
    def __init__(
        self,
        nats_url: str,
        stream: str,
        durables: list[str],
        report: Callable[[str, int], None],
        *,
        interval: float = 15.0,
        first_interval: float = 0.5,
    ):
        self.nats_url, self.stream, self.durables = nats_url, stream, list(durables)
        self.report, self.interval, self.first_interval = report, interval, first_interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="inbox-pending-probe", daemon=True)

    def start(self) -> PendingProbe:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            reported = 0
            try:
                reported = asyncio.run(self.probe_once())
            except Exception as error:  # noqa: BLE001 - NATS down: the consumers say so themselves
                log.debug("pending probe failed: %s", error)
            # The bus creates its consumers just after this thread starts: until each has been seen,
            # ask again soon, so every consumer's series is there within seconds of a start.
            self._stop.wait(self.interval if reported == len(self.durables) else self.first_interval)

    async def probe_once(self) -> int:
        """Report each durable's pending count; how many durables exist."""
        nc = await NatsConnection.of_process(self.nats_url).connect(
            connect_timeout=2, max_reconnect_attempts=0, name="inbox-probe"
        )
        reported = 0
        try:
            js = nc.jetstream()
            for durable in self.durables:
                try:
                    info = await js.consumer_info(self.stream, durable)
                except nats.js.errors.NotFoundError:
                    continue  # not created yet (the bus subscribes on its first start)
                self.report(durable, int(info.num_pending or 0))
                reported += 1
        finally:
            await nc.close()
        return reported
