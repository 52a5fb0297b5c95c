"""`gorontalo-assist evaluate` runs on the shipped question set and prints its figures (a real process)."""

from __future__ import annotations

import re
import subprocess
import sys


def test_evaluate_prints_top1_top3_and_refusals():
    run = subprocess.run(
        [sys.executable, "-m", "gorontalo_assist.entrypoints.cli", "evaluate"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    figures = dict(
        re.findall(
            r"^(top-1 retrieval accuracy|top-3 retrieval accuracy|refusal share \(all questions\)): "
            r"\d+/\d+ = ([\d.]+)%$",
            run.stdout,
            re.MULTILINE,
        )
    )
    assert set(figures) == {"top-1 retrieval accuracy", "top-3 retrieval accuracy", "refusal share (all questions)"}
    assert re.search(r"^questions: (\d+)$", run.stdout, re.MULTILINE).group(1) >= "100"
    # A loose floor (README states the figures): retrieval must not silently collapse.
    assert float(figures["top-1 retrieval accuracy"]) >= 70.0
    assert float(figures["top-3 retrieval accuracy"]) >= float(figures["top-1 retrieval accuracy"])
