"""Two `make bench` results side by side, as a Markdown table: `python tests/bench/compare.py before.json after.json`.

Ratios to the hello of each run and CPU milliseconds per request (both far steadier on a busy machine
than requests per second), then the intake, event latency, memory and start-up figures.
"""

from __future__ import annotations

import json
import sys

HELLO = "baseline: bare Flask hello"


def rows(before: dict, after: dict, backend: str) -> list[str]:
    b, a = before.get(backend, {}), after.get(backend, {})
    if "scenarios" not in b or "scenarios" not in a:
        return []
    out = [
        f"**{backend}**",
        "",
        "| scenario | x hello before | x hello after | CPU ms/req before | CPU ms/req after | change |",
        "|---|---|---|---|---|---|",
    ]
    hb, ha = b["scenarios"][HELLO]["rps"] or 1, a["scenarios"][HELLO]["rps"] or 1
    for name, r in a["scenarios"].items():
        old = b["scenarios"].get(name)
        if old is None:
            continue
        change = (r["cpu_ms_per_request"] / old["cpu_ms_per_request"] - 1) * 100 if old["cpu_ms_per_request"] else 0
        # x_hello: the scenario's own paired hello (runs since round 5), else the run's first hello
        out.append(
            f"| {name} | {old.get('x_hello', old['rps'] / hb):.2f} | {r.get('x_hello', r['rps'] / ha):.2f} | "
            f"{old['cpu_ms_per_request']:.2f} | "
            f"{r['cpu_ms_per_request']:.2f} | {change:+.0f} % |"
        )
    out.append("")
    extra = []
    if "event_latency" in b and "event_latency" in a:
        eb, ea = b["event_latency"], a["event_latency"]
        extra.append(
            f"| event latency p50 / p99 (offered {ea['offered_per_s']:.0f}/s; achieved {eb['achieved_per_s']:.0f} / "
            f"{ea['achieved_per_s']:.0f}/s) | {eb['p50_ms']:.0f} / {eb['p99_ms']:.0f} ms | {ea['p50_ms']:.0f} / {ea['p99_ms']:.0f} ms |"
        )
    if "intake" in b and "intake" in a:
        ib, ia = b["intake"], a["intake"]
        extra.append(
            f"| disaster intake with kill -9 ({ia['seconds']:.0f} s) | {ib['reports_per_s']:.0f}/s, {ib['missing_after_kill']} missing "
            f"| {ia['reports_per_s']:.0f}/s, {ia['missing_after_kill']} missing |"
        )
    if "idle_pss_mb" in b and "idle_pss_mb" in a:
        pb, pa = b["idle_pss_mb"], a["idle_pss_mb"]
        extra.append(
            f"| idle PSS: largest process / total ({len(pa)} processes) | {max(pb.values()):.0f} / {sum(pb.values()):.0f} MB "
            f"| {max(pa.values()):.0f} / {sum(pa.values()):.0f} MB |"
        )
    extra.append(f"| start-up to ready | {b['startup_s']} s | {a['startup_s']} s |")
    extra.append(
        f"| GET /v1/public/complaints on the wire | {b.get('public_complaints_wire_bytes')} B | {a.get('public_complaints_wire_bytes')} B |"
    )
    return [*out, "| figure | before | after |", "|---|---|---|", *extra, ""]


def main() -> int:
    before, after = (json.loads(open(path).read()) for path in sys.argv[1:3])
    print(
        f"before: {before['git']} at {before['when']} (load {before['load_average_at_start'][0]:.1f}); "
        f"after: {after['git']} at {after['when']} (load {after['load_average_at_start'][0]:.1f})\n"
    )
    for backend in ("sqlite", "postgresql"):
        print("\n".join(rows(before, after, backend)))
    b, a = before.get("make_run_startup"), after.get("make_run_startup")
    if b or a:
        print(
            f"make run to ready, installed checkout (median): {(b or {}).get('installed_median_s', '-')} s before, "
            f"{(a or {}).get('installed_median_s', '-')} s after"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
