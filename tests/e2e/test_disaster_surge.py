"""The surge: thousands of reports (API and SMS) at once, the disaster service killed and restarted midway.

Every acknowledged report must be stored exactly once (clients retry with an Idempotency-Key, the
SMS gateway with its message id) and clustered into the right incidents afterwards.
Prints reports per second (a figure, not an assertion).
"""

from __future__ import annotations

import random
import re
import signal
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

TOTAL = 5000
SMS_SHARE = 0.4
THREADS = 24
# (hazard, API coordinates, SMS district): each group must become exactly one incident.
GROUPS = [
    ("banjir", (0.8500, 122.9000), "75.05.02"),  # Kwandang, Gorontalo Utara
    ("banjir", (0.4700, 121.9400), "75.04.04"),  # Marisa, Pohuwato
    ("gempa_bumi", (0.6260, 122.9780), "75.03.02"),  # felt province-wide: one incident
    ("angin_puting_beliung", (0.5200, 122.3500), "75.02.04"),  # Tilamuta, Boalemo
]


@pytest.fixture
def unlimited_clients(stack, monkeypatch):
    """All test traffic comes from 127.0.0.1: lift the per-address limit (the phones stay limited)."""
    monkeypatch.setenv("DISASTER_CLIENT_REPORTS_PER_MINUTE", "0")
    stack.stop_service("disaster")
    stack.start_service("disaster")
    yield


def secret_of(stack) -> str:
    return (stack.workdir / "var" / "disaster-sms-secret").read_text().strip()


@pytest.mark.surge
def test_surge_with_a_restart_loses_no_acknowledged_report(stack, unlimited_clients, report_figure):
    secret = secret_of(stack)
    run = uuid.uuid4().hex[:8]
    rng = random.Random(7)
    plan = []
    for i in range(TOTAL):
        group = i % len(GROUPS)
        plan.append(("sms" if rng.random() < SMS_SHARE else "api", group, i))
    acknowledged: dict[str, int] = {}  # report id -> group
    lock = threading.Lock()
    local = threading.local()
    counts = {"sent": 0, "retries": 0}

    def session():
        if not hasattr(local, "session"):
            local.session = requests.Session()
        return local.session

    def send(item):
        channel, group, i = item
        hazard, (lat, lon), district = GROUPS[group]
        key = f"surge-{run}-{i}"
        # A retry resends the same report: the key may only ever name one report (else 409).
        latitude, longitude = lat + rng.uniform(-0.002, 0.002), lon + rng.uniform(-0.002, 0.002)
        deadline = time.monotonic() + 90  # outlasts the restart and an orphaned key's 30 s lease
        while time.monotonic() < deadline:
            try:
                if channel == "api":
                    response = session().post(
                        stack.url + "/v1/disaster/reports",
                        timeout=10,
                        headers={"Idempotency-Key": key},
                        json={
                            "hazard": hazard,
                            "latitude": latitude,
                            "longitude": longitude,
                            "description": f"surge {i}",
                        },
                    )
                else:
                    phone = "0813" + f"{i:08d}"
                    stack.personal_numbers.add(phone)  # test_logs_hold_no_personal_numbers: never in a log line
                    word = {"banjir": "BANJIR", "gempa_bumi": "GEMPA", "angin_puting_beliung": "PUTING BELIUNG"}[hazard]
                    response = session().post(
                        stack.url + "/v1/disaster/sms-inbound",
                        timeout=10,
                        headers={"X-Siaga-Secret": secret},
                        data={"from": phone, "text": f"SIAGA {word} {district} surge {i}", "message_id": key},
                    )
            except requests.RequestException:
                response = None
            if response is not None and response.status_code == 200:
                body = response.json()
                report_id = body["id"] if channel == "api" else body["report_id"]
                assert channel == "api" or body["accepted"], body
                with lock:
                    acknowledged[report_id] = group
                    counts["sent"] += 1
                return
            retryable = (429, 409)  # 409: the killed first attempt still holds the Idempotency-Key's lease
            if response is not None and 400 <= response.status_code < 500 and response.status_code not in retryable:
                raise AssertionError(f"report {i} refused: {response.status_code} {response.text}")
            # 503 while the service restarts: a phone would try again, so does this client, as told.
            with lock:
                counts["retries"] += 1
            wait = response.headers.get("Retry-After") if response is not None else None
            time.sleep(min(float(wait), 1.0) if wait and wait.isdigit() else 0.25)
        raise AssertionError(f"report {i} never accepted")

    started = time.perf_counter()
    restarted = threading.Event()

    def restart_midway():
        while len(acknowledged) < TOTAL * 0.4:
            time.sleep(0.05)
        stack.stop_service("disaster", sig=signal.SIGKILL)  # a crash, not a polite shutdown
        stack.start_service("disaster")
        restarted.set()

    restarter = threading.Thread(target=restart_midway, daemon=True)
    restarter.start()
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(send, plan))
    elapsed = time.perf_counter() - started
    restarter.join(60)
    assert restarted.is_set()
    report_figure(
        f"surge: {len(acknowledged)} reports acknowledged in {elapsed:.1f} s = "
        f"{len(acknowledged) / elapsed:.0f} reports/s ({counts['retries']} retries around the restart)"
    )
    assert len(acknowledged) == TOTAL

    # Every acknowledged report is stored and, once the consumer has caught up, clustered.
    http = requests.Session()
    deadline = time.monotonic() + 180
    clustering_started = time.perf_counter()
    while True:
        stored, token, surge_numbers = {}, "", []
        while True:
            page = http.get(stack.url + "/v1/disaster/reports", params={"page_size": 100, "page_token": token}).json()
            stored.update({r["id"]: r.get("incident_id", "") for r in page.get("reports", [])})
            surge_numbers += [
                int(m.group(1))
                for r in page.get("reports", [])
                if (m := re.fullmatch(r"surge (\d+)", r.get("description", "")))
            ]
            token = page.get("next_page_token", "")
            if not token:
                break
        missing = set(acknowledged) - set(stored)
        assert not missing, f"{len(missing)} acknowledged reports lost"
        # Retries around the crash filed nothing twice.
        assert sorted(surge_numbers) == list(range(TOTAL))
        unclustered = [r for r in acknowledged if not stored[r]]
        if not unclustered:
            break
        assert time.monotonic() < deadline, f"{len(unclustered)} reports still not clustered"
        time.sleep(2)
    report_figure(
        f"surge: all {len(acknowledged)} stored; clustered {time.perf_counter() - clustering_started:.1f} s "
        f"after the last acknowledgement"
    )

    incident_of_group: dict[int, set[str]] = {}
    for report_id, group in acknowledged.items():
        incident_of_group.setdefault(group, set()).add(stored[report_id])
    assert all(len(ids) == 1 for ids in incident_of_group.values()), incident_of_group
    assert len({next(iter(ids)) for ids in incident_of_group.values()}) == len(GROUPS)
    for group, ids in incident_of_group.items():
        incident = http.get(f"{stack.url}/v1/disaster/incidents/{next(iter(ids))}").json()
        assert incident["hazard"] == GROUPS[group][0]
        assert incident["report_count"] >= TOTAL // len(GROUPS)
