"""Every process's real /metrics, scraped where deploy/prometheus/prometheus.yml says (each job's
metrics_path on the process's metrics port) from a running stack (tests/e2e/stack.py: nats-server, the six
services, the gateway and the stream server as separate processes), after requests carrying ids, tracking
codes and raw paths that differ each round:

- `promtool check metrics` accepts each exposition (names, units, help text, one family per name);
- no label value carries anything a request sent, and no label gains values from one round to the next
  (a second round of the same requests with new ids must add none): labels stay bounded.
"""

from __future__ import annotations

import random
import string
import subprocess

import pytest
import requests
import yaml
from prometheus_client.parser import text_string_to_metric_families

from tests.alerts import label_bounds
from tests.alerts.metric_catalog import ROOT
from tests.e2e.stack import running_stack

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("scrape")]
REQUESTS_PER_ROUND = 8


def _token() -> str:
    return "ZQ" + "".join(random.choices(string.ascii_uppercase + string.digits, k=10))


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with running_stack(tmp_path_factory.mktemp("scrape"), on_postgres=()) as running:
        yield running


def _metrics_urls(stack) -> dict[str, str]:
    config = yaml.safe_load((ROOT / "deploy" / "prometheus" / "prometheus.yml").read_text(encoding="utf-8"))
    ports = {"gateway": stack.gateway_metrics_port, "gateway-streams": stack.streams_metrics_port}
    ports |= {name: metrics for name, (_grpc, metrics) in stack.ports.items()}
    return {
        job["job_name"]: f"http://127.0.0.1:{ports[job['job_name']]}{job.get('metrics_path', '/metrics')}"
        for job in config["scrape_configs"]
    }


def _scrape(stack) -> dict[str, str]:
    bodies = {}
    for job, url in _metrics_urls(stack).items():
        response = requests.get(url, timeout=10)
        assert response.status_code == 200, (job, url)
        bodies[job] = response.text
    return bodies


def _one_round(stack, http: requests.Session) -> set[str]:
    """Reads of every GET route with one path parameter, and writes and raw paths, each with a new token."""
    document = http.get(stack.url + "/openapi.json", timeout=10).json()
    templates = sorted(path for path, item in document["paths"].items() if "get" in item and path.count("{") == 1)
    assert len(templates) >= 5
    tokens = set()
    for _ in range(REQUESTS_PER_ROUND):
        token = _token()
        tokens.add(token)
        for template in templates:
            start, end = template.index("{"), template.index("}")
            http.get(stack.url + template[:start] + token + template[end + 1 :], timeout=10)
        http.get(f"{stack.url}/v1/no-such-thing/{token}", timeout=10)
        http.post(f"{stack.url}/v1/complaints", json={"description": f"jalan rusak {token}"}, timeout=10)
        http.post(f"{stack.url}/v1/disaster/reports", json={"hazard": "flood", "note": token}, timeout=10)
    return tokens


@pytest.fixture(scope="module")
def rounds(stack):
    http = requests.Session()
    tokens = _one_round(stack, http)
    first = _scrape(stack)
    tokens |= _one_round(stack, http)
    second = _scrape(stack)
    return tokens, first, second


def test_promtool_accepts_every_process_metrics(rounds, promtool):
    _tokens, _first, second = rounds
    for job, body in second.items():
        result = subprocess.run([promtool, "check", "metrics"], input=body, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, f"{job}: {result.stdout}{result.stderr}"


def test_no_label_value_carries_what_a_request_sent(rounds):
    tokens, _first, second = rounds
    # The requests were counted (with their route templates), so their labels were there to leak.
    counted = sum(
        sample.value
        for family in text_string_to_metric_families(second["gateway"])
        for sample in family.samples
        if sample.name == "gorontalo_gateway_http_requests_total"
    )
    assert counted >= len(tokens) * 7
    assert label_bounds.leaked(label_bounds.label_values(*second.values()), tokens) == {}


def test_no_label_gains_values_when_the_same_requests_come_again_with_new_ids(rounds):
    _tokens, first, second = rounds
    for job in second:
        before, after = label_bounds.label_values(first[job]), label_bounds.label_values(second[job])
        assert label_bounds.grown(before, after, allowance=REQUESTS_PER_ROUND // 2) == {}, job
