"""Keep one forked child per service alive, as gunicorn's master keeps its workers (servicekit.launcher).

The parent forks a child per service, forks a child again when it dies (logged, with a growing pause
when it keeps dying right after its start), and on SIGTERM or SIGINT sends every child SIGTERM once,
waits for them to drain and exits. Each child's pid is in `<run_dir>/<name>.pid` for operators and
tests, the exit code of its last death in `<name>.exited` (a negative number: killed by that signal,
as subprocess reports it); a `<run_dir>/<name>.down` file holds that service down (not forked again) until it is removed
(daemontools' convention; SIGHUP makes the parent look at once). The children are the processes
`gorontalo-<service> serve` would be: their own pid, ports, database, logs.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import os
import pathlib
import select
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger("servicekit.launcher")

PR_SET_PDEATHSIG = 1
PR_SET_NAME = 15
# A child that dies sooner than this after its start is forked again after a pause that doubles each
# time (a broken configuration must not spin the CPU); one that ran longer comes back at once.
QUICK_DEATH_SECONDS = 10.0
FIRST_PAUSE_SECONDS = 0.5
LONGEST_PAUSE_SECONDS = 30.0
# What the parent handles itself; see _start_if_due.
HELD_ACROSS_FORK = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGCHLD)


@dataclass
class Child:
    """One supervised service: what to run in the forked child and its current state."""

    name: str
    run: Callable[[], int]  # the service's own entry point (e.g. its cli's main(["serve"]))
    argv: tuple[str, ...] = ()  # what its console script's sys.argv would be: ("gorontalo-tax", "serve")
    pid: int = 0
    started_at: float = 0.0
    not_before: float = 0.0  # monotonic time before which it is not forked again
    pause: float = 0.0
    signalled: bool = False


def _prctl(option: int, value) -> None:
    with contextlib.suppress(OSError, AttributeError):  # not Linux: the child only lacks the nicety
        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)


def threads_of_this_process() -> list[str]:
    """The names of this process's OS threads, C ones included (gRPC's core, OpenBLAS): /proc shows
    what threading.enumerate() misses."""
    try:
        tasks = sorted(os.listdir("/proc/self/task"))
    except OSError:
        import threading

        return [thread.name for thread in threading.enumerate()]
    names = []
    for task in tasks:
        with contextlib.suppress(OSError):
            names.append(pathlib.Path(f"/proc/self/task/{task}/comm").read_text().strip())
    return names


def describe_exit(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exited with {os.waitstatus_to_exitcode(status)}"


class Supervisor:
    def __init__(
        self,
        children: list[Child],
        run_dir: pathlib.Path,
        stop_seconds: float = 60.0,
        log_dir: pathlib.Path | None = None,
    ):
        self.children = {child.name: child for child in children}
        self.run_dir = run_dir
        # None: every child writes to the launcher's stdout and stderr (each line names its service);
        # else each appends to <log_dir>/<name>.log, as separate processes' outputs would be kept.
        self.log_dir = log_dir
        self.stop_seconds = stop_seconds
        self.stopping_since: float | None = None
        self._wakeup_read, self._wakeup_write = -1, -1

    # -- the parent ---------------------------------------------------------------------------------

    def run(self) -> int:
        """Supervise until stopped; 0 when every child exited by itself after SIGTERM.

        A forked child never returns from here: it leaves through SystemExit (its service's exit code),
        so it ends as `gorontalo-<service> serve` does (atexit handlers, non-daemon threads joined).
        That is also why this loop has no try/finally: a child would run the parent's clean-up.
        """
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self._wakeup_read, self._wakeup_write = os.pipe()
        os.set_blocking(self._wakeup_write, False)
        signal.set_wakeup_fd(self._wakeup_write)
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._on_stop)
        # Handlers that do nothing: their only effect is a byte on the wake-up pipe.
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.signal(signal.SIGHUP, lambda *_: None)
        forced = False
        while True:
            self._reap()
            if self.stopping_since is None:
                for child in self.children.values():
                    self._start_if_due(child)
            else:
                running = [child for child in self.children.values() if child.pid]
                if not running:
                    break
                for child in running:
                    if not child.signalled:
                        self._signal(child, signal.SIGTERM)
                if time.monotonic() - self.stopping_since > self.stop_seconds and not forced:
                    for child in running:
                        log.error(
                            "service %s (pid %d) still running after %.0f s: SIGKILL",
                            child.name,
                            child.pid,
                            self.stop_seconds,
                        )
                        self._signal(child, signal.SIGKILL)
                    forced = True
            self._sleep(1.0)
        log.info("every service stopped")
        signal.set_wakeup_fd(-1)
        return 1 if forced else 0

    def _on_stop(self, signum, _frame) -> None:
        if self.stopping_since is None:
            log.info("received %s: stopping every service", signal.Signals(signum).name)
            self.stopping_since = time.monotonic()

    def _sleep(self, seconds: float) -> None:
        """Until a signal arrives (SIGCHLD, SIGTERM, SIGHUP) or `seconds` pass."""
        due = [c.not_before for c in self.children.values() if not c.pid and c.not_before > time.monotonic()]
        timeout = min([seconds, *(d - time.monotonic() for d in due)])
        with contextlib.suppress(InterruptedError):
            readable, _, _ = select.select([self._wakeup_read], [], [], max(timeout, 0.0))
            if readable:
                os.read(self._wakeup_read, 512)

    def _reap(self) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            child = next((c for c in self.children.values() if c.pid == pid), None)
            if child is None:
                continue
            lived = time.monotonic() - child.started_at
            child.pid, child.signalled = 0, False
            # The exit code first: whoever sees the pid file gone can read it.
            (self.run_dir / f"{child.name}.exited").write_text(f"{os.waitstatus_to_exitcode(status)}\n")
            self._pid_file(child).unlink(missing_ok=True)
            if self.stopping_since is not None:
                log.info("service %s (pid %d) %s", child.name, pid, describe_exit(status))
                continue
            child.pause = (
                min(max(child.pause * 2, FIRST_PAUSE_SECONDS), LONGEST_PAUSE_SECONDS)
                if lived < QUICK_DEATH_SECONDS
                else 0.0
            )
            child.not_before = time.monotonic() + child.pause
            log.error(
                "service %s (pid %d) %s after %.1f s; forking it again in %.1f s",
                child.name,
                pid,
                describe_exit(status),
                lived,
                child.pause,
            )

    def _start_if_due(self, child: Child) -> None:
        if child.pid or time.monotonic() < child.not_before or self._down_file(child).exists():
            return
        # What the parent allocated since the last fork joins the frozen generation: the children's
        # collections never touch (so never copy) the pages of objects born in the parent.
        gc.freeze()
        # A signal sent to the new pid before the child has reset its handlers would run the parent's
        # Python handler in the child (and be lost): held pending across the fork, it reaches the child
        # once its own dispositions are in place.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, HELD_ACROSS_FORK)
        pid = os.fork()
        if pid == 0:
            self._become(child, mask)  # never returns
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        child.pid, child.started_at, child.signalled = pid, time.monotonic(), False
        self._pid_file(child).write_text(f"{pid}\n")
        log.info("service %s forked (pid %d)", child.name, pid)

    def _signal(self, child: Child, signum: int) -> None:
        child.signalled = True
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, signum)

    def _pid_file(self, child: Child) -> pathlib.Path:
        return self.run_dir / f"{child.name}.pid"

    def _down_file(self, child: Child) -> pathlib.Path:
        return self.run_dir / f"{child.name}.down"

    # -- the child ----------------------------------------------------------------------------------

    def _become(self, child: Child, mask: set[signal.Signals]) -> None:
        parent = os.getppid()
        code = 1
        try:
            signal.set_wakeup_fd(-1)
            os.close(self._wakeup_read)
            os.close(self._wakeup_write)
            # The process a service's own console script would be: default signal handling (its serve
            # installs its own), Ctrl-C's SIGINT reaching only the launcher (which sends SIGTERM once:
            # a second signal must not cut a child's drain short), and gone when the launcher is.
            for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD):
                signal.signal(signum, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            os.setpgid(0, 0)
            if self.log_dir is not None:
                sys.stdout.flush()
                sys.stderr.flush()
                log = os.open(self.log_dir / f"{child.name}.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
                os.dup2(log, 1)
                os.dup2(log, 2)
                os.close(log)
            _prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
            if os.getppid() != parent:  # the launcher died between fork and prctl
                raise SystemExit(1)
            _prctl(PR_SET_NAME, child.name.encode()[:15])  # what ps, top and /proc/<pid>/comm show
            sys.argv = list(child.argv or (child.name,))
            gc.enable()
            code = child.run()
        except SystemExit as exit_:
            code = exit_.code
        except BaseException:
            log.exception("service %s failed", child.name)
            code = 1
        raise SystemExit(code)
