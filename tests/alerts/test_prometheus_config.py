"""deploy/prometheus/prometheus.yml scrapes every process the platform runs, where the code serves its
metrics: the services at their deploy/services.toml metrics ports, the gateway and the stream server at
their default metrics ports, /metrics on all. `promtool check config` accepts it with its rule files, and
ServiceDown watches exactly the jobs scraped. (That the processes really answer on those paths is
test_scraped_metrics.py's part: it scrapes a running stack at each job's metrics_path.)"""

from __future__ import annotations

import re
import subprocess
import tomllib

import yaml

from tests.alerts import metric_catalog
from tests.alerts.metric_catalog import ROOT

CONFIG = ROOT / "deploy" / "prometheus" / "prometheus.yml"


def scrape_jobs() -> dict[str, dict]:
    return {job["job_name"]: job for job in yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["scrape_configs"]}


def expected_targets() -> dict[str, str]:
    from gorontalo_gateway import config as gateway_config
    from gorontalo_gateway.streams import config as streams_config

    registry = tomllib.loads((ROOT / "deploy" / "services.toml").read_text(encoding="utf-8"))["services"]
    expected = {name: f"127.0.0.1:{entry['metrics_port']}" for name, entry in registry.items()}
    expected["gateway"] = f"127.0.0.1:{gateway_config.DEFAULT_METRICS_PORT}"
    expected["gateway-streams"] = f"127.0.0.1:{streams_config.DEFAULT_METRICS_PORT}"
    return expected


def test_every_process_is_scraped_at_its_metrics_port_and_path():
    jobs = scrape_jobs()
    targets = {name: [t for group in job["static_configs"] for t in group["targets"]] for name, job in jobs.items()}
    assert targets == {name: [target] for name, target in expected_targets().items()}
    assert {job.get("metrics_path", "/metrics") for job in jobs.values()} == {"/metrics"}


def test_promtool_accepts_the_configuration_and_its_rule_files(promtool):
    result = subprocess.run([promtool, "check", "config", str(CONFIG)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    loaded = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["rule_files"]
    assert [CONFIG.parent / name for name in loaded] == list(metric_catalog.RULE_FILES)


def test_service_down_watches_every_scraped_job():
    [service_down] = [alert for alert in metric_catalog.alerts() if alert["alert"] == "ServiceDown"]
    watched = set(re.search(r'job=~"([^"]+)"', service_down["expr"]).group(1).split("|"))
    assert watched == set(scrape_jobs())
