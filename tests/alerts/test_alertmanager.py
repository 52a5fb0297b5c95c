"""deploy/alertmanager/alertmanager.yml: valid for `amtool check-config` (Debian's prometheus-alertmanager),
pages go to the on-call chat's webhook and tickets by e-mail (`amtool config routes test`), every severity
the rules use has its route, and a ServiceDown inhibits the other alerts of its job."""

from __future__ import annotations

import subprocess

import pytest
import yaml

from tests.alerts import metric_catalog
from tests.alerts.metric_catalog import ROOT

CONFIG = ROOT / "deploy" / "alertmanager" / "alertmanager.yml"


def _amtool(amtool: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([amtool, *args], cwd=CONFIG.parent, capture_output=True, text=True, timeout=60)


def test_amtool_accepts_the_configuration_and_its_templates(amtool):
    result = _amtool(amtool, "check-config", str(CONFIG))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 templates" in result.stdout


@pytest.mark.parametrize(
    ("labels", "receiver"),
    [
        (["severity=page", "alertname=ServiceDown", "job=disaster"], "oncall-chat"),
        (["severity=ticket", "alertname=PermitSlaBreached", "job=permits"], "ops-tickets"),
        (["alertname=SomethingUnlabelled"], "ops-tickets"),
    ],
)
def test_pages_reach_the_on_call_chat_and_tickets_the_mailbox(amtool, labels, receiver):
    result = _amtool(amtool, "config", "routes", "test", f"--config.file={CONFIG}", *labels)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == receiver


def test_the_receivers_are_a_webhook_for_pages_and_e_mail_for_tickets():
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    receivers = {receiver["name"]: receiver for receiver in config["receivers"]}
    assert receivers["oncall-chat"]["webhook_configs"][0]["send_resolved"] is True
    assert receivers["ops-tickets"]["email_configs"][0]["to"]
    routed = {route["matchers"][0] for route in config["route"]["routes"]}
    severities = {alert["labels"]["severity"] for alert in metric_catalog.alerts()}
    assert routed == {f'severity="{severity}"' for severity in severities}


def test_a_service_down_inhibits_the_other_alerts_of_its_job():
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    [rule] = [rule for rule in config["inhibit_rules"] if rule["source_matchers"] == ['alertname="ServiceDown"']]
    assert rule["equal"] == ["job"]
    # Every alert about one process keeps its job label, or the inhibition could not match it: as the
    # promtool unit tests show each one firing (the SLO alerts are about the platform, not one job).
    for path in sorted((ROOT / "tests" / "alerts" / "rules").glob("*_test.yml")):
        for test in yaml.safe_load(path.read_text(encoding="utf-8"))["tests"]:
            for case in test.get("alert_rule_test", []):
                for expected in case.get("exp_alerts") or []:
                    labels = expected["exp_labels"]
                    assert "job" in labels or "slo" in labels, case["alertname"]
