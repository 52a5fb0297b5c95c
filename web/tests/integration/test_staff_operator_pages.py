"""/operator and /operator/analitik through Flask's test client, against a stand-in gateway and a
stand-in Prometheus HTTP API on real sockets: who may open them, services down by the health check or by
`up`, routes, outbox and consumers as Prometheus answers them, Prometheus unreachable, and the analytics
flagging a drifting agency and place (not the steady ones) with the reason in words, and its CSV.
(The real stack with a real Prometheus: tests/e2e/browser/test_operator.py.)"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import uuid

import pytest
from flask import Flask, request
from gorontalo_web import create_app
from gorontalo_web.config import WebSettings
from gorontalo_web.formatting import WITA
from gorontalo_web.staff import operator_status

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
ROLES = {"operator": "operator", "admin": "admin", "petugas.kota": "officer"}


def months_back(count: int) -> list[str]:
    first = dt.datetime.now(WITA).date().replace(day=1)
    out = []
    for _ in range(count):
        out.append(first.isoformat()[:7])
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return out[::-1]


def history_rows() -> list[dict]:
    """Eight months: Kota Gorontalo's PUPR one of six late every month, Pohuwato's month i: i of six."""
    rows = []
    for i, month in enumerate(months_back(8)):
        for agency, name, regency, regency_name, late in (
            ("dinas-pupr-7571", "Dinas PUPR Kota Gorontalo", "75.71", "Kota Gorontalo", 1),
            ("dinas-pupr-7504", "Dinas PUPR Kabupaten Pohuwato", "75.04", "Kabupaten Pohuwato", min(i, 6)),
        ):
            rows.append(
                {
                    "month": month,
                    "agency_code": agency,
                    "agency_name": name,
                    "regency_code": regency,
                    "regency_name": regency_name,
                    "category": "jalan_rusak",
                    "received": 6,
                    "breached": late,
                    "resolved": 6,
                    "median_resolution_seconds": 3 * 3600,
                }
            )
    return rows


def permit_rows() -> list[dict]:
    """Eight months: Kota Gorontalo's office one of ten late each month, Bone Bolango's jumping at the end."""
    rows = []
    months = months_back(8)
    for i, month in enumerate(months):
        for regency, name, late in (
            ("75.71", "Kota Gorontalo", 1),
            ("75.03", "Kabupaten Bone Bolango", 8 if i == len(months) - 1 else 1),
        ):
            rows.append(
                {
                    "month": month,
                    "regency_code": regency,
                    "regency_name": name,
                    "kbli_code": "56101",
                    "permit_type": "Restoran",
                    "received": 10,
                    "decided": 9,
                    "breached": late,
                    "median_working_days": 4.0,
                }
            )
    return rows


def stand_in_gateway(state: dict) -> Flask:
    app = Flask("stand-in-gateway")
    app.asked = []

    def who() -> str:
        return request.headers.get("Authorization", "").removeprefix("Bearer access-")

    @app.post("/v1/identity/token")
    def login():
        body = request.json
        if body.get("username") not in ROLES or body.get("password") != "benar":
            return {"status": 401, "title": "Gagal masuk"}, 401
        if body.get("otp") != "123456":
            return {
                "status": 400,
                "title": "Permintaan tidak valid",
                "errors": [{"field": "otp", "reason": "OTP_REQUIRED", "detail": "Masukkan kode."}],
            }, 400
        return {"access_token": f"access-{body['username']}", "refresh_token": "r", "expires_in": 900, "acr": 2}

    @app.get("/v1/me")
    def me():
        return {"full_name": who(), "role": ROLES[who()], "agency": "", "jurisdiction": []}

    @app.get("/readyz")
    def readyz():
        checks = {name: ("down" if name in state["down"] else "up") for name in state["services"]} | {"nats": "up"}
        ready = all(v == "up" for v in checks.values())
        return {"status": "ready" if ready else "not_ready", "checks": checks}, 200 if ready else 503

    @app.get("/v1/services")
    def services():
        return {
            "services": [
                {"name": name, "title": f"Layanan {name}", "status": "down" if name in state["down"] else "up"}
                for name in state["services"]
            ]
        }

    @app.get("/v1/complaints/service-level")
    def service_level():
        if ROLES.get(who()) not in ("operator", "admin"):
            return {"status": 403, "title": "Ditolak"}, 403
        app.asked.append(dict(request.args))
        return {"from_month": request.args["from_month"], "to_month": request.args["to_month"], "rows": state["rows"]}

    @app.get("/v1/permits/sla-figures")
    def sla_figures():
        if ROLES.get(who()) not in ("operator", "admin"):
            return {"status": 403, "title": "Ditolak"}, 403
        if state["permits"] is None:
            return {"status": 503, "title": "Layanan tidak tersedia"}, 503
        return {"rows": state["permits"]}

    return app


def vector(*series):
    return [{"metric": labels, "value": [1764979200, str(value)]} for labels, value in series]


def stand_in_prometheus(state: dict) -> Flask:
    app = Flask("stand-in-prometheus")
    app.queries = []

    @app.get("/api/v1/query")
    def query():
        expr = request.args["query"]
        app.queries.append(expr)
        answers = {
            "up": vector(
                ({"job": "gateway", "instance": "127.0.0.1:9100"}, 1),
                ({"job": "identity", "instance": "127.0.0.1:9101"}, 1),
                ({"job": "permits", "instance": "127.0.0.1:9102"}, 1),
                ({"job": "permits", "instance": "10.0.0.2:9102"}, 0),
                ({"job": "complaints", "instance": "127.0.0.1:9104"}, 0 if "complaints" in state["down"] else 1),
            ),
            "requests": vector(({"route": "/v1/permits/applications"}, 2.0), ({"route": "/v1/me"}, 4.0)),
            "errors": vector(({"route": "/v1/permits/applications"}, 0.5)),
            "p99": vector(({"route": "/v1/permits/applications"}, 0.75), ({"route": "/v1/me"}, "NaN")),
            "outbox_pending": vector(({"job": "permits", "instance": "127.0.0.1:9102"}, 7)),
            "outbox_age": vector(({"job": "permits", "instance": "127.0.0.1:9102"}, 95.4)),
            "lag": vector(({"job": "inbox", "consumer": "inbox_timeline"}, 12)),
            "dead_letters": vector(({"job": "inbox", "consumer": "inbox_timeline"}, 3)),
            "dead_letters_recent": vector(({"job": "inbox", "consumer": "inbox_timeline"}, 1.0)),
        }
        key = next(k for k, e in operator_status.QUERIES.items() if e == expr)
        return {"status": "success", "data": {"resultType": "vector", "result": answers[key]}}

    return app


@pytest.fixture
def setup(http_server, redis_client, monkeypatch):
    state = {
        "services": ["identity", "permits", "tax", "complaints"],
        "down": set(),
        "rows": history_rows(),
        "permits": permit_rows(),
    }
    namespace = f"test-operator-{uuid.uuid4().hex[:8]}"
    prometheus = stand_in_prometheus(state)
    monkeypatch.setenv("PROMETHEUS_URL", http_server(prometheus))
    gateway = stand_in_gateway(state)
    settings = WebSettings(
        gateway_url=http_server(gateway), secret_key="test-secret", session_namespace=namespace, redis_url=REDIS_URL
    )
    app = create_app(settings)
    app.config["TESTING"] = True
    yield app.test_client(), state, gateway, prometheus
    for key in redis_client.scan_iter(f"{namespace}:*"):
        redis_client.delete(key)


def csrf(client, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def sign_in(client, username: str) -> None:
    client.post(
        "/petugas/masuk",
        data={
            "csrf_token": csrf(client, "/petugas/masuk"),
            "step": "password",
            "username": username,
            "password": "benar",
        },
    )
    done = client.post(
        "/petugas/masuk", data={"csrf_token": csrf(client, "/petugas/masuk"), "step": "code", "otp": "123456"}
    )
    assert done.headers["Location"].endswith("/petugas"), done.get_data(as_text=True)


def row_of(html: str, attribute: str, value: str) -> str:
    found = re.search(rf'<tr {attribute}="{re.escape(value)}"[^>]*>(.*?)</tr>', html, re.S)
    assert found, f"no row {attribute}={value}"
    return found.group(0)


def test_only_operators_and_admins_open_the_operator_pages(setup):
    client, _state, _gateway, _prometheus = setup
    assert client.get("/operator").headers["Location"].endswith("/petugas/masuk")
    assert client.get("/operator/analitik").headers["Location"].endswith("/petugas/masuk")
    sign_in(client, "petugas.kota")
    assert client.get("/operator").status_code == 403
    assert client.get("/operator/analitik").status_code == 403
    assert client.get("/operator/analitik.csv").status_code == 403
    client.post("/petugas/keluar", data={"csrf_token": csrf(client, "/petugas")})
    sign_in(client, "admin")
    assert client.get("/operator").status_code == 200


def test_status_shows_services_down_by_health_check_and_by_up(setup):
    client, state, _gateway, prometheus = setup
    state["down"] = {"tax", "complaints"}
    sign_in(client, "operator")
    page = client.get("/operator")
    assert page.status_code == 200 and page.headers["Cache-Control"].startswith("no-store")
    html = page.get_data(as_text=True)
    assert "<h1>Status platform</h1>" in html
    assert re.search(r'id="operator-down">Layanan mati: [a-z, ]*complaints', html)
    assert 'data-service="tax" data-state="down"' in html  # the gateway's probe: down at once
    assert 'data-service="complaints" data-state="down"' in html  # probe and `up` both
    assert 'data-service="identity" data-state="up"' in html
    # One of permits' two instances does not answer Prometheus: the service is degraded, not down.
    permits = row_of(html, "data-service", "permits")
    assert (
        'data-state="degraded"' in permits and "10.0.0.2:9102: Mati" in permits and "127.0.0.1:9102: Hidup" in permits
    )
    assert 'data-service="nats" data-state="up"' in html

    route = row_of(html, "data-route", "/v1/permits/applications")
    assert "2.00" in route and "25.0%" in route and ">750<" in route
    me = row_of(html, "data-route", "/v1/me")
    assert "0.0%" in me and "—" in me  # no p99 (NaN) is shown as none, not as nan
    assert html.index('data-route="/v1/permits/applications"') < html.index('data-route="/v1/me"')  # worst first
    outbox = re.search(r'id="operator-outbox".*?</table>', html, re.S).group(0)
    assert "permits" in outbox and ">7<" in outbox and ">95<" in outbox
    consumer = row_of(html, "data-consumer", "inbox_timeline")
    assert ">12<" in consumer and ">1<" in consumer and ">3<" in consumer
    assert set(prometheus.queries) == set(operator_status.QUERIES.values())

    state["down"] = set()
    html = client.get("/operator").get_data(as_text=True)
    assert "Semua layanan hidup." in html or 'data-state="degraded"' in html
    assert 'data-service="tax" data-state="up"' in html


def test_status_without_prometheus_still_shows_the_health_checks(setup, monkeypatch):
    client, state, _gateway, _prometheus = setup
    state["down"] = {"tax"}
    sign_in(client, "operator")
    client.application.extensions["gorontalo_prometheus_url"] = "http://127.0.0.1:9"  # nothing listens
    html = client.get("/operator").get_data(as_text=True)
    assert 'id="operator-prometheus-error"' in html and "Prometheus tidak dapat dihubungi" in html
    assert 'data-service="tax" data-state="down"' in html and 'data-service="identity" data-state="up"' in html


def test_analytics_flags_the_drifting_agency_and_place_not_the_steady_ones(setup):
    client, _state, gateway, _prometheus = setup
    sign_in(client, "operator")
    page = client.get("/operator/analitik")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    months = months_back(12)
    assert gateway.asked[-1] == {"from_month": months[0], "to_month": months[-1]}
    flags = re.findall(r'<article class="operator-flag" data-kind="(\w+)" data-key="([^"]+)" data-flag="(\w+)">', html)
    assert sorted(flags) == [
        ("agency", "dinas-pupr-7504", "drift"),
        ("office", "dpmptsp-7503", "jump"),
        ("regency", "75.04", "drift"),
    ]
    flag = re.search(r'data-key="dinas-pupr-7504" data-flag="drift">\s*<h4>(.*?)</h4>\s*<p>(.*?)</p>', html, re.S)
    assert flag.group(1) == "Instansi: Dinas PUPR Kabupaten Pohuwato"
    assert "Memburuk perlahan" in flag.group(2) and "100%" in flag.group(2) and "poin persen per bulan" in flag.group(2)
    office = re.search(r'data-key="dpmptsp-7503" data-flag="jump">\s*<h4>(.*?)</h4>\s*<p>(.*?)</p>', html, re.S)
    assert office.group(1) == "Kantor perizinan: DPMPTSP Kabupaten Bone Bolango"
    assert office.group(2).startswith("Lonjakan: pada ") and "80% permohonan izin melewati tenggat" in office.group(2)
    assert "rata-rata 7 bulan sebelumnya 10%" in office.group(2)
    keys = {k for _, k, _ in flags}
    assert "dinas-pupr-7571" not in keys and "75.71" not in keys and "dpmptsp-7571" not in keys
    assert "simpangan baku" in re.search(r'id="operator-rule">(.*?)</p>', html, re.S).group(1)
    cells = re.search(r'id="operator-complaints-cells".*?</table>', html, re.S).group(0)
    assert cells.index("Pohuwato") < cells.index("Kota Gorontalo")  # the worse share first
    trend = re.search(r'id="operator-complaints-trend".*?</table>', html, re.S).group(0)
    assert trend.count("<tr>") == 12 + 1  # one row a month (and the header)
    permits = re.search(r'id="operator-permits-cells".*?</table>', html, re.S).group(0)
    assert "56101 Restoran" in permits and ">4.0<" in permits

    english = client.get("/operator/analitik?lang=en&bulan=6").get_data(as_text=True)
    assert "Slowly worsening" in english and gateway.asked[-1]["from_month"] == months_back(6)[0]


def test_analytics_csv_has_every_cell_and_the_flags(setup):
    client, state, _gateway, _prometheus = setup
    state["rows"] = history_rows() + [dict(history_rows()[0], agency_name="=HYPERLINK(1)", agency_code="x")]
    sign_in(client, "operator")
    answer = client.get("/operator/analitik.csv?bulan=12")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/csv")
    assert answer.headers["Content-Disposition"].startswith('attachment; filename="analitik-layanan-')
    rows = list(csv.reader(io.StringIO(answer.get_data().decode("utf-8-sig"))))
    assert rows[0][:4] == ["layanan", "bulan", "kode_instansi", "instansi"]
    assert len(rows) == 1 + 17 + 16
    pohuwato = [r for r in rows[1:] if r[2] == "dinas-pupr-7504"]
    assert {r[11] for r in pohuwato} == {"ya"} and {r[12] for r in pohuwato} == {"ya"}
    kota = [r for r in rows[1:] if r[2] == "dinas-pupr-7571"]
    assert {r[11] for r in kota} == {"tidak"} and kota[0][10] == "0.12" and kota[0][0] == "pengaduan"
    bone = [r for r in rows[1:] if r[2] == "dpmptsp-7503"]
    assert len(bone) == 8 and {r[0] for r in bone} == {"perizinan"} and {r[11] for r in bone} == {"ya"}
    assert bone[0][6] == "56101 Restoran" and bone[0][10] == "4.00"
    assert [r for r in rows[1:] if r[2] == "x"][0][3] == "'=HYPERLINK(1)"  # never a formula in a spreadsheet


def test_analytics_says_when_the_figures_are_empty_or_unavailable(setup):
    client, state, _gateway, _prometheus = setup
    state["rows"] = []
    state["permits"] = None
    sign_in(client, "operator")
    html = client.get("/operator/analitik").get_data(as_text=True)
    assert "Belum ada pengaduan pada periode ini." in html
    permits = re.search(r'id="operator-permits".*?</section>', html, re.S).group(0)
    assert "Angka layanan ini tidak tersedia saat ini (Layanan tidak tersedia)." in permits
