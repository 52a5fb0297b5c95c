"""deploy/prometheus/alerts.yml is valid and fires as meant: `promtool check rules` and `promtool test rules`
(tests/alerts/alerts_test.yml: SmsCostCapReached on a cost-cap refusal, NotificationDeliveriesFailing on a
delivery given up, neither on retries or sends, both resolving). promtool comes with Debian's `prometheus`
package (`apt-get install prometheus`); without it the test skips, and fails in CI."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess

import pytest

HERE = pathlib.Path(__file__).resolve().parent
RULES = HERE.parents[1] / "deploy" / "prometheus" / "alerts.yml"


@pytest.fixture(scope="module")
def promtool() -> str:
    path = shutil.which("promtool")
    if path is None:
        reason = "promtool not installed (apt-get install prometheus)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + ": required in CI")
        pytest.skip(reason)
    return path


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=HERE, capture_output=True, text=True, timeout=60)


def test_the_rule_file_is_valid(promtool):
    result = _run(promtool, "check", "rules", str(RULES))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 rules found" in result.stdout


def test_the_alerts_fire_and_resolve_as_meant(promtool):
    result = _run(promtool, "test", "rules", "alerts_test.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_alerts_watch_metrics_the_code_exports():
    """A renamed metric would leave its alert silent for ever: each one the rules read must exist."""
    import re

    from prometheus_client import REGISTRY

    import servicekit.notify  # noqa: F401 - registers the notify metrics

    exported = {sample.name for metric in REGISTRY.collect() for sample in metric.samples}
    exported |= {metric.name + "_total" for metric in REGISTRY.collect() if metric.type == "counter"}
    watched = set(re.findall(r"\b(gorontalo_[a-z_]+)", RULES.read_text(encoding="utf-8")))
    assert watched == {"gorontalo_sms_cost_cap_reached_total", "gorontalo_notify_deliveries_total"}
    assert watched <= exported, watched - exported
