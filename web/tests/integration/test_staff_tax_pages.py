"""/petugas/pajak through Flask's test client against a stand-in gateway on a real socket: only Bapenda
officers, the day's reconciliation with mismatches first and marked, the bill search posted and kept out
of the address, the master data upload passed on as raw CSV with each row's problem shown (the real
stack's journey is tests/e2e/browser/test_staff_tax.py)."""

from __future__ import annotations

import io
import os
import re
import uuid

import pytest
from flask import Flask, request
from gorontalo_web import create_app
from gorontalo_web.config import WebSettings
from gorontalo_web.staff import pages_tax

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
ACCOUNTS = {
    "bapenda.kota": {"role": "officer", "agency": "Bapenda Kota Gorontalo", "jurisdiction": ["75.71"]},
    "petugas.kota": {"role": "officer", "agency": "DPMPTSP Kota Gorontalo", "jurisdiction": ["75.71"]},
}
DAY = {
    "channel": "bank-sulutgo",
    "date": "2026-12-06",
    "payment_count": 1,
    "total": "150000",
    "payments": [
        {
            "receipt_number": "7571-2026-00000001-4",
            "bill_id": "b1",
            "tax_type": "retribusi",
            "authority_code": "75.71",
            "billing_code": "7532295144703004",
            "channel_transaction_id": "TX-PAID",
            "amount": "150000",
            "recorded_at": "2026-12-06T01:00:00Z",
        }
    ],
    "refused": [
        {
            "reason": "billing_code_unknown",
            "channel_transaction_id": "TX-UNKNOWN",
            "billing_code": "7515819203073115",
            "amount": "250000",
            "received_at": "2026-12-06T03:00:00Z",
        },
        {
            "reason": "amount_mismatch",
            "channel_transaction_id": "TX-SHORT",
            "billing_code": "7532295144703004",
            "amount": "149000",
            "received_at": "2026-12-06T00:30:00Z",
        },
    ],
}


def problem(status, errors=(), detail="Data yang dikirim tidak valid."):
    return {"status": status, "title": "Permintaan tidak valid", "detail": detail, "errors": list(errors)}, status


def stand_in_gateway() -> Flask:
    app = Flask("stand-in-gateway")
    app.seen = []

    def who() -> str:
        return request.headers.get("Authorization", "").removeprefix("Bearer access-")

    @app.post("/v1/identity/token")
    def login():
        body = request.json
        if body["username"] not in ACCOUNTS or body.get("password") != "benar":
            return {"status": 401, "title": "Gagal masuk"}, 401
        if not body.get("otp"):
            return problem(400, [{"field": "otp", "reason": "OTP_REQUIRED", "detail": "Masukkan kode."}])
        name = body["username"]
        return {"access_token": f"access-{name}", "refresh_token": f"refresh-{name}", "expires_in": 900, "acr": 2}

    @app.get("/v1/me")
    def me():
        return {"full_name": "Petugas", **ACCOUNTS[who()]}

    @app.get("/v1/tax/reconciliation")
    def reconciliation():
        app.seen.append(("reconciliation", dict(request.args)))
        if request.args.get("date") == "3000-01-01":
            return problem(400, [{"field": "date", "reason": "OUT_OF_RANGE", "detail": "Tanggal di luar rentang."}])
        return DAY | {"channel": request.args["channel"], "date": request.args["date"]}

    @app.get("/v1/tax/bills:search")
    def search():
        query = request.args.get("query", "")
        app.seen.append(("search", query))
        if query == "XX 1 A":
            return problem(400, [{"field": "query", "reason": "PLATE_INVALID", "detail": "Nomor polisi tidak valid."}])
        return {
            "kind": "plate",
            "normalized": "DM 31 AB",
            "bills": [
                {
                    "id": "pkb-1",
                    "tax_type": "pkb",
                    "tax_year": 2026,
                    "authority_code": "75",
                    "description": "PKB DM 31 AB",
                    "due_date": "2026-06-30",
                    "status": "unpaid",
                    "principal": "300000",
                    "penalty": "15000",
                    "total": "315000",
                }
            ],
        }

    @app.post("/v1/tax/objects:import")
    def import_objects():
        data = request.get_data()
        app.seen.append(("import", request.content_type, data))
        if b"salah" in data:
            return {
                "imported": False,
                "rows": 2,
                "errors": [
                    {"line": 3, "field": "nop", "reason": "nop_invalid", "detail": "NOP tidak valid; 18 angka."}
                ],
            }
        return {"imported": True, "rows": 2, "vehicles_created": 1, "properties_created": 1, "unchanged": 0}

    return app


@pytest.fixture
def setup(http_server, redis_client):
    namespace = f"test-staff-tax-{uuid.uuid4().hex[:8]}"
    gateway = stand_in_gateway()
    settings = WebSettings(
        gateway_url=http_server(gateway), secret_key="test-secret", session_namespace=namespace, redis_url=REDIS_URL
    )
    app = create_app(settings)
    app.config["TESTING"] = True
    yield app.test_client(), gateway
    for key in redis_client.scan_iter(f"{namespace}:*"):
        redis_client.delete(key)


def csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def sign_in(client, username="bapenda.kota"):
    token = csrf(client.get("/petugas/masuk").get_data(as_text=True))
    client.post(
        "/petugas/masuk", data={"csrf_token": token, "step": "password", "username": username, "password": "benar"}
    )
    token = csrf(client.get("/petugas/masuk").get_data(as_text=True))
    done = client.post("/petugas/masuk", data={"csrf_token": token, "step": "code", "otp": "123456"})
    assert done.headers["Location"].endswith("/petugas"), done.get_data(as_text=True)


def test_only_bapenda_officers_and_the_landing_page_links(setup):
    client, _gateway = setup
    assert client.get("/petugas/pajak").headers["Location"].endswith("/petugas/masuk")
    sign_in(client, "petugas.kota")
    assert client.get("/petugas/pajak").status_code == 403
    assert "/petugas/pajak" not in client.get("/petugas").get_data(as_text=True)
    client.post("/petugas/keluar", data={"csrf_token": csrf(client.get("/petugas").get_data(as_text=True))})
    sign_in(client)
    home = client.get("/petugas").get_data(as_text=True)
    assert 'href="/petugas/pajak"' in home and 'href="/petugas/pajak/tagihan"' in home
    assert 'href="/petugas/pajak/impor"' in home


def test_reconciliation_marks_mismatches_first(setup):
    client, gateway = setup
    sign_in(client)
    answer = client.get("/petugas/pajak?channel=bank-sulutgo&date=2026-12-06")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert gateway.seen[-1] == ("reconciliation", {"channel": "bank-sulutgo", "date": "2026-12-06"})
    rows = re.findall(r'<tr class="(pj-refused-row[^"]*)" data-reason="([a-z_]+)"', page)
    assert rows == [("pj-refused-row pj-mismatch", "amount_mismatch"), ("pj-refused-row", "billing_code_unknown")]
    assert "SELISIH" in page and "DITOLAK" in page and "Kode bayar tidak dikenal" in page
    assert 'class="pj-mismatch-count">1<' in page and "Rp 150.000" in page and "7571-2026-00000001-4" in page
    refused = client.get("/petugas/pajak?channel=bank-sulutgo&date=3000-01-01")
    assert refused.status_code == 400
    assert 'id="date-error"' in refused.get_data(as_text=True)


def test_the_bill_search_keeps_the_query_out_of_the_address(setup):
    client, gateway = setup
    sign_in(client)
    token = csrf(client.get("/petugas/pajak/tagihan").get_data(as_text=True))
    posted = client.post("/petugas/pajak/tagihan", data={"csrf_token": token, "query": "dm31ab"})
    assert posted.status_code == 303 and posted.headers["Location"].endswith("/petugas/pajak/tagihan")
    page = client.get("/petugas/pajak/tagihan").get_data(as_text=True)
    assert gateway.seen[-1] == ("search", "dm31ab")
    assert "Dicari sebagai nomor polisi" in page and "DM 31 AB" in page and "Rp 315.000" in page
    assert "Belum dibayar" in page
    client.post("/petugas/pajak/tagihan", data={"csrf_token": token, "query": "XX 1 A"})
    refused = client.get("/petugas/pajak/tagihan")
    assert refused.status_code == 400
    assert 'id="query-error"' in refused.get_data(as_text=True)
    assert client.post("/petugas/pajak/tagihan", data={"query": "DM 31 AB"}).status_code == 400  # no CSRF token


def test_the_upload_goes_as_raw_csv_and_each_rows_problem_is_shown(setup):
    client, gateway = setup
    sign_in(client)
    token = csrf(client.get("/petugas/pajak/impor").get_data(as_text=True))
    missing = client.post("/petugas/pajak/impor", data={"csrf_token": token})
    assert missing.status_code == 400 and 'id="file-error"' in missing.get_data(as_text=True)
    wrong = b"kind,owner_nik\nsalah\n"
    refused = client.post(
        "/petugas/pajak/impor",
        data={"csrf_token": token, "file": (io.BytesIO(wrong), "objek.csv", "text/csv")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    assert gateway.seen[-1] == ("import", "text/csv", wrong)
    page = refused.get_data(as_text=True)
    assert 'data-line="3" data-reason="nop_invalid"' in page and "NOP tidak valid" in page
    assert "Tidak ada data yang disimpan" in page
    done = client.post(
        "/petugas/pajak/impor",
        data={"csrf_token": token, "file": (io.BytesIO(b"kind\nvehicle\n"), "objek.csv", "text/csv")},
        content_type="multipart/form-data",
    )
    assert done.status_code == 303
    page = client.get("/petugas/pajak/impor").get_data(as_text=True)
    assert "Berkas diimpor." in page and 'class="pj-import-vehicles">1<' in page
    assert "Berkas diimpor." not in client.get("/petugas/pajak/impor").get_data(as_text=True)  # shown once


def test_refusal_rows_sort_mismatches_first_then_newest():
    rows = pages_tax.refusal_rows(
        [
            {"reason": "signature_invalid", "received_at": "2026-12-06T05:00:00Z"},
            {"reason": "transaction_id_reused", "received_at": "2026-12-06T01:00:00Z"},
            {"reason": "something_new", "received_at": "2026-12-06T06:00:00Z"},
            {"reason": "amount_mismatch", "received_at": "2026-12-06T02:00:00Z"},
        ]
    )
    assert [(r["reason"], r["mismatch"]) for r in rows] == [
        ("amount_mismatch", True),
        ("transaction_id_reused", True),
        ("something_new", False),
        ("signature_invalid", False),
    ]
    assert rows[2]["reason_key"] == "" and rows[3]["reason_key"] == "staff_tax_reason_signature_invalid"
