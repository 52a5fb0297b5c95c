"""Profiles under load (issue 20): py-spy samples a gateway worker and the service answering.

`python tests/bench/profile.py [--seconds 15]` starts a stack as `make run` ships it (SQLite), signs a
citizen up, then for GET /v1/me (identity) and POST /v1/disaster/reports (disaster) runs the closed-loop
load while py-spy records both processes. Printed per process: the functions holding the most samples
on their own (self) and with what they call (inclusive), as percentages of the process's samples.
The collapsed stacks stay in var/profiles/ (flame graphs: any collapsed-stack viewer reads them).
"""

from __future__ import annotations

import argparse
import collections
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench import procstat  # noqa: E402
from tests.bench.load import python_load  # noqa: E402
from tests.bench.run import sign_up_citizen  # noqa: E402
from tests.e2e.stack import running_stack  # noqa: E402

BIN = pathlib.Path(sys.executable).parent


def summarize(collapsed: pathlib.Path, top: int) -> dict:
    """Self and inclusive shares of each function (name (file:line) as py-spy writes frames)."""
    own: collections.Counter = collections.Counter()
    inclusive: collections.Counter = collections.Counter()
    total = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        n = int(count)
        frames = [
            f.split(" (")[0] + " (" + f.split(" (")[1].split(":")[0].split("/")[-1] + ")" if " (" in f else f
            for f in stack.split(";")
        ]
        total += n
        own[frames[-1]] += n
        for frame in set(frames):
            inclusive[frame] += n
    share = lambda c: [(name, round(100 * v / max(total, 1), 1)) for name, v in c.most_common(top)]  # noqa: E731
    return {"samples": total, "self": share(own), "inclusive": share(inclusive)}


def record(pid: int, seconds: float, output: pathlib.Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(BIN / "py-spy"),
            "record",
            "--pid",
            str(pid),
            "--duration",
            str(int(seconds)),
            "--rate",
            "250",
            "--format",
            "raw",
            "--nonblocking",
            "--gil",  # only the thread holding the GIL: where the CPU goes, not who waits
            "--output",
            str(output),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--output", default=str(ROOT / "var" / "profiles"))
    args = parser.parse_args()
    out = pathlib.Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="gorontalo-profile-"))
    results = {}
    try:
        with running_stack(workdir, ()) as stack:
            auth = sign_up_citizen(stack)
            report = json.dumps(
                {"hazard": "banjir", "latitude": 0.55, "longitude": 123.06, "description": "p"}
            ).encode()
            cases = [
                ("GET /v1/me", "identity", stack.url + "/v1/me", "GET", auth, None),
                (
                    "POST /v1/disaster/reports",
                    "disaster",
                    stack.url + "/v1/disaster/reports",
                    "POST",
                    {**auth, "Content-Type": "application/json"},
                    report,
                ),
            ]
            for name, service, url, method, headers, body in cases:
                python_load(url, method=method, headers=headers, body=body, seconds=1, connections=4)
                workers = [
                    p
                    for p in procstat.descendants(stack.processes["gateway"].pid)
                    if procstat.label(p) == "gateway worker"
                ]
                targets = {"gateway worker": workers[0], service: stack.processes[service].pid}
                files = {
                    k: out / f"{name.split()[1].strip('/').replace('/', '_')}-{k.replace(' ', '_')}.txt"
                    for k in targets
                }
                spies = [record(pid, args.seconds, files[k]) for k, pid in targets.items()]
                loader = threading.Thread(
                    target=python_load,
                    kwargs={
                        "url": url,
                        "method": method,
                        "headers": headers,
                        "body": body,
                        "seconds": args.seconds + 1,
                        "connections": 16,
                    },
                )
                loader.start()
                for spy in spies:
                    spy.wait(args.seconds + 30)
                loader.join()
                results[name] = {k: summarize(files[k], args.top) for k in targets if files[k].exists()}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    for name, processes in results.items():
        for process, summary in processes.items():
            print(f"\n== {name}: {process} ({summary['samples']} samples)")
            print("  self:      " + "; ".join(f"{f} {p}%" for f, p in summary["self"][:12]))
            print("  inclusive: " + "; ".join(f"{f} {p}%" for f, p in summary["inclusive"]))
    (out / "summary.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
