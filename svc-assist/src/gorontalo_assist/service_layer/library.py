"""The indexed sources: read at start and every refresh; a source that cannot be read keeps what was
read before (marked stale, and answers quoting it say so) instead of emptying the index."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from ..domain.passages import Passage, SourceUnavailable
from ..domain.retrieval import PassageIndex
from . import metrics

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceState:
    name: str
    passages: tuple[Passage, ...] = ()
    read_at: dt.datetime | None = None
    problem: str = ""

    @property
    def stale(self) -> bool:
        return bool(self.problem)


class SourceLibrary:
    """Sources are objects with `name` and `read() -> list[Passage]` (raising SourceUnavailable)."""

    def __init__(self, sources: list, clock: Callable[[], dt.datetime], aliases: dict[str, str] | None = None):
        self.sources = list(sources)
        self.clock = clock
        self.aliases = aliases or {}
        self._states = {s.name: SourceState(s.name) for s in self.sources}
        self._index = PassageIndex([])
        self._lock = threading.Lock()  # one refresh at a time; readers take the index as it stands

    @property
    def index(self) -> PassageIndex:
        return self._index

    def states(self) -> list[SourceState]:
        return [self._states[s.name] for s in self.sources]

    def state_of(self, name: str) -> tuple[bool, dt.datetime | None]:
        state = self._states.get(name)
        return (True, None) if state is None else (state.stale, state.read_at)

    def refresh(self) -> list[SourceState]:
        with self._lock:
            states, changed = dict(self._states), False
            for source in self.sources:
                before = states[source.name]
                try:
                    passages = tuple(self._with_aliases(p) for p in source.read())
                except SourceUnavailable as error:
                    # Only the source's name and the reason: never anything a resident typed.
                    log.warning("assist source %s unreadable (%s); answering from what was read", source.name, error)
                    states[source.name] = dataclasses.replace(before, problem=error.reason)
                    metrics.SOURCE_FAILURES.labels(source.name).inc()
                    continue
                changed |= passages != before.passages
                states[source.name] = SourceState(source.name, passages, self.clock())
                metrics.SOURCE_PASSAGES.labels(source.name).set(len(passages))
            if changed:
                # The new index is in place before the states say the sources are read: whoever sees a
                # source fresh (ListSources) gets answers from it.
                self._index = PassageIndex([p for s in self.sources for p in states[s.name].passages])
            self._states = states
            return self.states()

    def _with_aliases(self, passage: Passage) -> Passage:
        words = self.aliases.get(passage.id)
        return dataclasses.replace(passage, aliases=words) if words else passage


class Refresher:
    """Refreshes the library every `seconds` on a daemon thread until stopped; every `retry_seconds`
    while a source is stale (the services start together: complaints may answer a moment after us)."""

    def __init__(self, library: SourceLibrary, seconds: float, retry_seconds: float = 5.0):
        self.library = library
        self.seconds = seconds
        self.retry_seconds = min(retry_seconds, seconds)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="assist-refresh", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self._next_wait()):
            try:
                self.library.refresh()
            except Exception:  # noqa: BLE001 - a refresh must never end the thread; the next one tries again
                log.exception("assist source refresh failed")

    def _next_wait(self) -> float:
        return self.retry_seconds if any(s.stale for s in self.library.states()) else self.seconds
