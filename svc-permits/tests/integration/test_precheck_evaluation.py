"""`gorontalo-permits evaluate-precheck` on a small fixed subset (fixed seed), as `make test` recomputes it:
the command runs the real OCR on generated cards and computes every figure. Only a loose floor on clean
cards is asserted (the same seed draws the same cards, and Tesseract reads them the same way)."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

BIN = pathlib.Path(sys.executable).parent


def test_the_command_prints_and_writes_the_figures_by_quality(tmp_path):
    output = tmp_path / "figures.json"
    run = subprocess.run(
        [str(BIN / "gorontalo-permits"), "evaluate-precheck", "--count", "12", "--seed", "22", "--output", str(output)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    table = run.stdout.splitlines()
    assert table[0].startswith("| quality | n | kind | NIK |")
    assert [row.split("|")[1].strip() for row in table[2:]] == ["clean", "noisy", "tilted", "all"]

    figures = json.loads(output.read_text())
    assert (figures["count"], figures["seed"], figures["overall"]["documents"]) == (12, 22, 12)
    overall = figures["overall"]
    assert set(overall["field_accuracy"]) == {"kind", "nik", "name", "birth_date", "npwp", "nib"}
    assert sum(f["n"] for k, f in overall["field_accuracy"].items() if k != "kind") > 12
    assert set(overall["flags"]) == {"wrong_document_type", "nik_mismatch", "nib_mismatch"}
    for flag in overall["flags"].values():
        assert flag["planted"] == 0 or 0 <= flag["recall"] <= 1
        assert flag["raised"] == 0 or 0 <= flag["precision"] <= 1
    assert 0 <= overall["unreadable_share"] <= 1
    assert figures["by_quality"]["clean"]["field_accuracy"]["kind"]["accuracy"] >= 0.5  # a loose floor


def test_a_count_below_one_is_refused():
    run = subprocess.run([str(BIN / "gorontalo-permits"), "evaluate-precheck", "--count", "0"], capture_output=True)
    assert run.returncode == 2
