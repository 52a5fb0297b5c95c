"""deploy/prometheus/prometheus.yml, which the operators' status page reads through Prometheus: one job
per process, at the metrics ports deploy/services.toml and the gateway's defaults give, and valid for
`promtool check config` (Debian's prometheus package, installed by `make tools`)."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import tomllib

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[3]
CONFIG = ROOT / "deploy" / "prometheus" / "prometheus.yml"
GATEWAY_METRICS = {"gateway": 9100, "gateway-streams": 9106}  # GATEWAY_METRICS_PORT / GATEWAY_STREAMS_METRICS_PORT


def jobs() -> dict[str, list[str]]:
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    found = {}
    for job in config["scrape_configs"]:
        assert job.get("metrics_path", "/metrics") == "/metrics", job["job_name"]
        found[job["job_name"]] = [t for group in job["static_configs"] for t in group["targets"]]
    return found


def test_every_service_and_gateway_process_is_scraped_at_its_port():
    registry = tomllib.loads((ROOT / "deploy" / "services.toml").read_text(encoding="utf-8"))["services"]
    expected = {name: [f"127.0.0.1:{entry['metrics_port']}"] for name, entry in registry.items()}
    expected |= {name: [f"127.0.0.1:{port}"] for name, port in GATEWAY_METRICS.items()}
    assert jobs() == expected


def test_gateway_metrics_defaults_are_the_ones_scraped():
    from gorontalo_gateway import config
    from gorontalo_gateway.streams import config as streams_config

    assert config.DEFAULT_METRICS_PORT == GATEWAY_METRICS["gateway"]
    assert streams_config.DEFAULT_METRICS_PORT == GATEWAY_METRICS["gateway-streams"]


def test_promtool_accepts_the_configuration():
    promtool = shutil.which("promtool")
    if not promtool:
        if os.environ.get("CI") == "true":
            pytest.fail("promtool is required in CI (make tools)")
        pytest.skip("promtool is not installed (make tools)")
    checked = subprocess.run([promtool, "check", "config", str(CONFIG)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr
