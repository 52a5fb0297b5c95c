"""deploy/prometheus's rule files are valid and fire as meant: `promtool check rules`, and `promtool test
rules` on tests/alerts/rules/*_test.yml, where every alert has an input that fires it and one that does not;
every alert says how urgent it is and links a runbook that exists; and every metric a rule reads is one the
code defines (or one named in metric_catalog.PENDING), so a renamed metric cannot leave an alert silent."""

from __future__ import annotations

import subprocess

import yaml

from tests.alerts import metric_catalog
from tests.alerts.metric_catalog import ROOT, RULE_FILES

UNIT_TESTS = sorted((ROOT / "tests" / "alerts" / "rules").glob("*_test.yml"))


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT / "tests" / "alerts" / "rules", capture_output=True, text=True, timeout=120)


def test_the_rule_files_are_valid(promtool):
    result = _run(promtool, "check", "rules", *map(str, RULE_FILES))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("SUCCESS") == len(RULE_FILES)


def test_the_alerts_fire_and_stay_silent_as_meant(promtool):
    result = _run(promtool, "test", "rules", *map(str, UNIT_TESTS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_has_a_test_that_fires_it_and_one_that_does_not():
    fired, silent = set(), set()
    for path in UNIT_TESTS:
        for test in yaml.safe_load(path.read_text(encoding="utf-8"))["tests"]:
            for case in test.get("alert_rule_test", []):
                (fired if case.get("exp_alerts") else silent).add(case["alertname"])
    names = {alert["alert"] for alert in metric_catalog.alerts()}
    assert names - fired == set(), "no test fires these"
    assert names - silent == set(), "no test shows these silent"
    assert fired | silent <= names, "tests of alerts that do not exist"


def test_every_alert_says_its_severity_and_links_its_runbook():
    for alert in metric_catalog.alerts():
        name = alert["alert"]
        assert alert["labels"]["severity"] in ("page", "ticket"), name
        assert alert["annotations"]["runbook_url"] == f"docs/runbooks/{name}.md", name
        assert (ROOT / "docs" / "runbooks" / f"{name}.md").is_file(), name
        assert {"summary", "description"} <= set(alert["annotations"]), name


def test_the_rules_read_only_metrics_that_exist():
    known = metric_catalog.known_names()
    for group in metric_catalog.rule_groups():
        for rule in group["rules"]:
            missing = metric_catalog.metric_names(rule["expr"]) - known
            assert missing == set(), f"{rule.get('alert') or rule.get('record')} reads {missing}"


def test_pending_metrics_are_not_defined_yet():
    """When the code defines one, it leaves PENDING (and the check above covers it as any other)."""
    assert set(metric_catalog.PENDING) & set(metric_catalog.defined_families()) == set()


def test_the_query_parser_finds_names_and_skips_the_rest():
    """The check above is only as good as metric_names: it must see a renamed metric."""
    expr = (
        'sum by (job, route) (rate(foo_total{status=~"5..", route!="bar_total"}[5m])) / ignoring (le) '
        'histogram_quantile(0.99, baz_bucket) > 2 * 3600 and on (job) {__name__=~"a_total|b_total"} offset 1d'
    )
    assert metric_catalog.metric_names(expr) == {"foo_total", "baz_bucket", "a_total", "b_total"}
