"""What the stack's processes cost, read from /proc: CPU seconds and proportional set size (PSS).

CPU seconds per request are less sensitive to a busy machine than requests per second: a request
costs roughly the same CPU whether it waited for a core or not. PSS shares the pages two processes
map (the same Python, the same libraries) between them, so the figures of a whole stack add up.
"""

from __future__ import annotations

import os
import pathlib
import time

TICKS = os.sysconf("SC_CLK_TCK")
PROC = pathlib.Path("/proc")


def _stat(pid: int) -> tuple[str, int, float] | None:
    """(command name, parent pid, CPU seconds in user and kernel mode), None when it is gone."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    name = text[text.index("(") + 1 : text.rindex(")")]
    fields = text[text.rindex(")") + 2 :].split()
    # After the name: state(0) ppid(1) ... utime(11) stime(12).
    return name, int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS


def descendants(root: int) -> list[int]:
    """Every living process below `root` (children, gunicorn's workers under their master, ...)."""
    parents: dict[int, int] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            parents[int(entry.name)] = stat[1]
    found, frontier = [], [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        found += children
        frontier += children
    return found


def label(pid: int) -> str:
    """A short name for a process of the stack: identity, gateway worker, web master, nats-server, ..."""
    try:
        argv = [a.decode(errors="replace") for a in (PROC / str(pid) / "cmdline").read_bytes().split(b"\0") if a]
    except OSError:
        return str(pid)
    if not argv:
        return str(pid)
    text = " ".join(argv)
    if "gunicorn" in text:
        app = "hello" if "hello" in text else "web" if "gorontalo_web" in text else "gateway"
        stat = _stat(pid)
        try:
            parent = (PROC / str(stat[1]) / "cmdline").read_bytes() if stat else b""
        except OSError:
            parent = b""
        return f"{app} {'worker' if b'gunicorn' in parent else 'master'}"
    for word in argv[:3]:
        name = pathlib.Path(word).name
        if name == "gorontalo-services":  # servicekit.launcher: its children are named by their comm
            try:
                comm = (PROC / str(pid) / "comm").read_text().strip()
            except OSError:
                return str(pid)
            return comm.replace("gateway-streams", "gateway streams") if comm != name[:15] else "services launcher"
        if name.startswith("gorontalo-"):
            rest = argv[argv.index(word) + 1 : argv.index(word) + 2]
            return name[len("gorontalo-") :] + (" streams" if rest == ["streams"] else "")
    return pathlib.Path(argv[0]).name


def cpu_of(pid: int) -> float:
    """One process's CPU seconds so far (0 when it is gone)."""
    stat = _stat(pid)
    return stat[2] if stat else 0.0


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    out = {}
    for pid in pids:
        stat = _stat(pid)
        if stat is not None:
            out[pid] = stat[2]
    return out


def cpu_spent(before: dict[int, float], after: dict[int, float]) -> dict[int, float]:
    """CPU seconds each process spent between two readings (a process born in between: all of it)."""
    return {pid: seconds - before.get(pid, 0.0) for pid, seconds in after.items()}


def pss_mb(pid: int) -> float | None:
    """Proportional set size in MB (smaps_rollup, Linux 4.14+); None when unreadable."""
    try:
        for line in (PROC / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def wait_until_quiet(
    pids_of, *, busy_share: float = 0.15, quiet_seconds: int = 6, timeout: float = 120.0
) -> tuple[float, float]:
    """Wait until `pids_of()` together use less than `busy_share` of one core in each of
    `quiet_seconds` seconds in a row.

    A stack that answers is not yet idle: assist builds its search index at its start and again once
    the sources it could not read then answer (its retry is 5 s later; a build takes a core for a
    second or two), which a scenario measured meanwhile would pay for. Returns (seconds waited,
    the busiest share of a core in the quiet stretch).
    """
    started = time.monotonic()
    stretch: list[float] = []
    while time.monotonic() - started < timeout and len(stretch) < quiet_seconds:
        before, at = cpu_seconds(pids_of()), time.monotonic()
        time.sleep(1.0)
        share = sum(cpu_spent(before, cpu_seconds(pids_of())).values()) / (time.monotonic() - at)
        stretch = [*stretch, share] if share < busy_share else []
    return round(time.monotonic() - started, 1), round(max(stretch, default=float("nan")), 3)
