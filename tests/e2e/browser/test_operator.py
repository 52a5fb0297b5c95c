"""The operators' pages in a real chromium against the real stack and a real Prometheus (issue 16):
/operator shows every service up from the gateway's health checks and Prometheus `up`, with the gateway's
routes, the outboxes and the consumers' lag as the processes export them; a stopped service shows as down
within seconds (the health check at once, Prometheus within its one-second scrape interval);
/operator/analitik shows the complaints' monthly figures, the stated rule and the CSV. axe-core and a
screenshot on every page; the status page also without JavaScript.

The stack (tests/e2e/stack.py) starts neither Prometheus nor a web app that knows one: this module runs
Debian's `prometheus` (make tools) on a free port scraping the stack's metrics ports, and a second web app
of the same stack with PROMETHEUS_URL set, which this module's `web_url` names for its browser pages.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import uuid

import pytest
import requests

from servicekit.testing import free_port
from tests.e2e.browser.conftest import axe_violations, sign_in_staff
from tests.e2e.stack import BIN, SERVICES
from tests.e2e.staff_accounts import new_staff

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

KOTA_VILLAGE = "75.71.01.1001"


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


def _wait(predicate, timeout: float, message: str, interval: float = 0.25):
    deadline = time.monotonic() + timeout
    while True:
        found = predicate()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s: {message}")
        time.sleep(interval)


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _stop(process: subprocess.Popen, log) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture(scope="module")
def prometheus(stack):
    """A real Prometheus scraping this stack's every /metrics listener each second."""
    binary = shutil.which("prometheus")
    if not binary:
        _unavailable("prometheus is not installed (make tools installs Debian's prometheus)")
    home = stack.workdir / f"prometheus-{uuid.uuid4().hex[:6]}"
    home.mkdir()
    targets = {"gateway": stack.gateway_metrics_port, "gateway-streams": stack.streams_metrics_port}
    targets |= {name: stack.ports[name][1] for name in SERVICES}
    jobs = "".join(
        f"  - job_name: {job}\n    static_configs:\n      - targets: ['127.0.0.1:{port}']\n"
        for job, port in targets.items()
    )
    config = home / "prometheus.yml"
    config.write_text(
        "global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\n  evaluation_interval: 1s\nscrape_configs:\n" + jobs
    )
    port = free_port()
    log = open(home / "prometheus.log", "ab")
    process = subprocess.Popen(
        [
            binary,
            f"--config.file={config}",
            f"--storage.tsdb.path={home / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--storage.tsdb.retention.time=1h",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=home,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(lambda: _answers(url + "/-/ready"), 30, "prometheus ready")
        yield url
    finally:
        _stop(process, log)


@pytest.fixture(scope="module")
def web_url(stack, prometheus):
    """This stack's web app once more, with PROMETHEUS_URL: the operator pages' browser tests open it."""
    port = free_port()
    env = stack.env() | {"WEB_BIND": f"127.0.0.1:{port}", "WEB_WORKERS": "1", "PROMETHEUS_URL": prometheus}
    log = open(stack.logs / "web-operator.log", "ab")
    process = subprocess.Popen(
        [str(BIN / "gorontalo-web")], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=stack.workdir
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(lambda: _answers(url + "/"), 30, "the operators' web app ready")
        yield url
    finally:
        _stop(process, log)


@pytest.fixture
def operator(stack):
    """A fresh operator account per test (the demo one stays as other tests use it), enrolled at sign-in."""
    username = new_staff(stack, role="operator", full_name="Operator Uji Pemantauan")
    return {"username": username, "totp": None}


def _sign_in(page, operator: dict) -> None:
    """Enrolment the first time, the next authenticator code afterwards."""
    operator["totp"] = sign_in_staff(page, operator["username"], operator["totp"])


def _row(service: str) -> str:
    return f'#operator-services tr[data-service="{service}"]'


def _state(page, service: str) -> str:
    return page.locator(_row(service)).get_attribute("data-state") or ""


def _reload_until(page, predicate, timeout: float, message: str):
    def attempt():
        page.goto("/operator")
        return predicate()

    return _wait(attempt, timeout, message, interval=0.2)


def test_status_shows_a_stopped_service_down_within_seconds(phone, stack, operator, screenshot):
    problems = {}
    page = phone
    _sign_in(page, operator)
    page.goto("/operator")
    assert page.locator("h1").inner_text().strip() == "Status platform"

    # Prometheus has scraped every process once: all up, each with its instance.
    def every_instance_up():
        rows = page.locator("#operator-services tr[data-service]")
        states = {r.get_attribute("data-service"): r.get_attribute("data-state") for r in rows.all()}
        # A row is "up" from the health check alone until Prometheus' first scrape names its instance.
        scraped = all(page.locator(f"{_row(name)} .operator-instance").count() for name in SERVICES)
        return (
            scraped and all(states.get(n) == "up" for n in (*SERVICES, "gateway", "gateway-streams", "nats")) and states
        )

    states = _reload_until(page, every_instance_up, 30, "every service and instance up")
    for name in SERVICES:
        cell = page.locator(f'#operator-services tr[data-service="{name}"] .operator-instance')
        assert cell.count() == 1 and cell.get_attribute("data-up") == "1"
        assert f"127.0.0.1:{stack.ports[name][1]}" in cell.inner_text()
    assert page.locator("#operator-down").inner_text().strip() == "Semua layanan hidup.", states

    # The exported figures arrive: the gateway's routes (this very traffic), every service's outbox,
    # the consumers' lag (each consumer reads its own every few seconds).
    _reload_until(page, lambda: page.locator("#operator-routes tr[data-route]").count() > 0, 30, "gateway routes")
    _reload_until(
        page,
        lambda: (
            {r.get_attribute("data-service") for r in page.locator("#operator-outbox tr[data-service]").all()}
            >= set(SERVICES)
        ),
        30,
        "every service's outbox",
    )
    _reload_until(page, lambda: page.locator("#operator-consumers tr[data-consumer]").count() > 0, 30, "consumers")
    screenshot(page, "operator-status")
    problems["operator-status"] = axe_violations(page)

    stopped_at = time.monotonic()
    stack.stop_service("tax")
    try:
        # The gateway's health check sees it at once.
        _reload_until(page, lambda: _state(page, "tax") == "down", 10, "tax down by the health check")
        assert time.monotonic() - stopped_at < 10
        assert "tax" in page.locator("#operator-down").inner_text()
        assert _state(page, "identity") == "up"
        # And Prometheus' `up` within its scrape interval (one second here).
        _reload_until(
            page,
            lambda: (
                page.locator('#operator-services tr[data-service="tax"] .operator-instance').get_attribute("data-up")
                == "0"
            ),
            15,
            "tax's instance down in Prometheus",
        )
        assert time.monotonic() - stopped_at < 20
        screenshot(page, "operator-status-tax-down")
        problems["operator-status-tax-down"] = axe_violations(page)
    finally:
        stack.restart_service("tax")
        stack.wait_ready()
    _reload_until(page, lambda: _state(page, "tax") == "up", 20, "tax up again")
    assert {name: found for name, found in problems.items() if found} == {}


def test_status_without_javascript(phone_without_javascript, operator, screenshot):
    page = phone_without_javascript
    _sign_in(page, operator)
    page.goto("/operator")
    assert page.locator("h1").inner_text().strip() == "Status platform"
    assert page.locator("#operator-services tr[data-service]").count() >= 8
    page.get_by_role("link", name="Di mana layanan tertinggal").click()
    page.wait_for_url(re.compile(r"/operator/analitik$"))
    page.get_by_label("Periode", exact=True).select_option("6")
    page.get_by_role("button", name="Tampilkan", exact=True).click()
    page.wait_for_url(re.compile(r"/operator/analitik\?bulan=6$"))
    assert page.locator("#bulan").input_value() == "6"
    screenshot(page, "operator-analitik-tanpa-js")
    # No axe here: with JavaScript off its evaluation never settles (axe.run waits on timers the
    # disabled page does not run); the same pages are checked with axe in the tests above and below.


def test_analytics_shows_this_months_complaints_the_rule_and_the_csv(phone, stack, http, citizen, operator, screenshot):
    for n in range(3):
        filed = http.post(
            stack.url + "/v1/complaints",
            headers=citizen["headers"],
            json={
                "category": "jalan_rusak",
                "title": f"Jalan berlubang nomor {n}",
                "description": "Lubang besar di tengah jalan, motor sering jatuh pada malam hari.",
                "region_code": KOTA_VILLAGE,
                "latitude": 0.5435,
                "longitude": 123.0595,
            },
        )
        assert filed.status_code == 200, filed.text
    agency = filed.json()["agency_name"]

    page = phone
    _sign_in(page, operator)
    page.goto("/operator/analitik")
    assert page.locator("h1").inner_text().strip() == "Di mana layanan tertinggal"
    assert "simpangan baku" in page.locator("#operator-rule").inner_text()
    this_month = page.locator("#operator-complaints-trend tbody tr").last
    received = int(this_month.locator("td").first.inner_text())
    assert received >= 3
    cells = page.locator("#operator-complaints-cells").inner_text()
    assert agency in cells and "jalan_rusak" in cells
    # One month of history is not enough to judge anybody.
    assert page.locator("#operator-complaints .operator-no-flags").is_visible()
    # The permits service answered the operator through the gateway (figures or "none yet", no error).
    assert page.locator("#operator-permits .operator-alert").count() == 0
    assert page.locator("#operator-permits-cells, #operator-permits .staff-empty").count() == 1
    screenshot(page, "operator-analitik")
    assert axe_violations(page) == []

    answer = page.request.get("/operator/analitik.csv")
    assert answer.status == 200 and answer.headers["content-type"].startswith("text/csv")
    lines = answer.body().decode("utf-8-sig").splitlines()
    assert lines[0].startswith("layanan,bulan,kode_instansi,instansi,")
    assert any(line.startswith("pengaduan,") and agency in line and ",jalan_rusak," in line for line in lines[1:])
