"""deploy/grafana: the committed dashboard JSON is what deploy/grafana/generate.py makes now, and every
query of every panel reads only metrics that exist (recording rules of deploy/prometheus/, metrics the
code defines, Prometheus's own), so renaming a metric fails here instead of blanking a panel."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

import pytest

from tests.alerts import metric_catalog
from tests.alerts.metric_catalog import ROOT

GRAFANA = ROOT / "deploy" / "grafana"
DASHBOARDS = sorted((GRAFANA / "dashboards").glob("*.json"))


def queries(board: dict) -> list[tuple[str, str]]:
    return [
        (panel["title"], target["expr"])
        for panel in board["panels"]
        for target in panel.get("targets", [])
        if target.get("expr")
    ]


def test_the_committed_json_is_what_the_generator_makes():
    result = subprocess.run(
        [sys.executable, str(GRAFANA / "generate.py"), "--check"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_there_is_an_overview_an_events_a_journeys_and_one_dashboard_per_service():
    names = {path.stem for path in DASHBOARDS}
    services = tomllib.loads((ROOT / "deploy" / "services.toml").read_text(encoding="utf-8"))["services"]
    assert names == {"overview", "events", "journeys"} | {f"service-{name}" for name in services}


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda path: path.stem)
def test_every_panel_queries_only_metrics_that_exist(path):
    board = json.loads(path.read_text(encoding="utf-8"))
    known = metric_catalog.known_names()
    found = queries(board)
    assert found, "a dashboard without queries"
    for title, expr in found:
        names = metric_catalog.metric_names(expr)
        assert names, (title, expr)
        assert names <= known, f"{path.name} / {title}: {names - known}"
    for panel in board["panels"]:
        if panel["type"] != "row":
            assert panel.get("targets"), panel["title"]
            assert panel["datasource"] == "${datasource}", panel["title"]
