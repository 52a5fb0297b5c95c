"""/pajak through Flask's test client against a stand-in gateway on a real socket (the journey through
the real stack is tests/e2e/browser/test_tax_and_identity.py): vehicles, bills with the penalty line,
register, claim, checkout to a kode bayar, receipts and the PDF passed through."""

from __future__ import annotations

import os
import re
import uuid

import pytest
from flask import Flask, request
from gorontalo_web import create_app
from gorontalo_web.config import WebSettings

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
BILL_ID = "0b7e8a52-2c1e-4a51-9d1f-3f0a1c2b4d5e"
PAID_ID = "5a1f0c9e-77aa-4c2b-8e31-2f6d9b0a1c3d"
RECEIPT = "75-2026-00000012-0"
CODE = "7510123456789015"
PDF = b"%PDF-1.4 bukti bayar"


@pytest.fixture
def namespace(redis_client):
    name = f"test-web-tax-{uuid.uuid4().hex[:8]}"
    yield name
    for key in redis_client.scan_iter(f"{name}:*"):
        redis_client.delete(key)


def _bill(bill_id=BILL_ID, status="unpaid"):
    bill = {
        "id": bill_id,
        "tax_type": "pkb",
        "tax_year": 2026,
        "authority_code": "75",
        "region_code": "75.71",
        "description": "PKB 2026 DM 1234 AB",
        "due_date": "2026-06-30",
        "status": status,
        "principal": "300000",
        "penalty": "18000",
        "penalty_months": 6,
        "total": "318000",
        "as_of": "2026-12-06T01:00:00Z",
        "lines": [
            {"kind": "pkb", "amount": "180000", "credited_to": "75"},
            {"kind": "opsen_pkb", "amount": "120000", "credited_to": "75.71"},
            {"kind": "penalty", "amount": "18000", "credited_to": "75"},
        ],
    }
    if status == "paid":
        bill.update(paid_at="2026-12-06T02:30:00Z", receipt_number=RECEIPT, amount_paid="318000")
    return bill


def stand_in_gateway() -> Flask:
    app = Flask("stand-in-tax-gateway")
    app.acr = 1
    app.calls = []
    app.status = {BILL_ID: "unpaid", PAID_ID: "paid"}
    app.down = False

    @app.before_request
    def unavailable():
        if app.down and request.path.startswith("/v1/tax/"):
            return {"status": 503, "title": "Layanan tidak tersedia"}, 503

    def seen():
        app.calls.append(
            (
                request.method,
                request.path,
                request.get_json(silent=True),
                request.headers.get("Idempotency-Key"),
                request.headers.get("Authorization"),
            )
        )

    @app.post("/v1/identity/token")
    def login():
        return {"access_token": "access-1", "refresh_token": "refresh-1", "expires_in": 900, "acr": app.acr}

    @app.get("/v1/tax/vehicles")
    def vehicles():
        seen()
        return {
            "vehicles": [
                {
                    "id": "v1",
                    "plate_number": "DM 1234 AB",
                    "vehicle_type": "sepeda_motor",
                    "model_year": 2022,
                    "annual_pkb": "300000",
                }
            ]
        }

    @app.post("/v1/tax/vehicles")
    def register():
        seen()
        body = request.json
        if body["plate_number"].upper().startswith("B "):
            problem = {
                "status": 400,
                "title": "Permintaan tidak valid",
                "detail": "Data yang dikirim tidak valid.",
                "errors": [{"field": "plate_number", "reason": "plate_not_gorontalo", "detail": "Bukan pelat DM."}],
            }
            return problem, 400
        return {"id": "v2", "plate_number": body["plate_number"].upper(), "vehicle_type": body["vehicle_type"]}

    @app.get("/v1/tax/bills")
    def bills():
        seen()
        pbb = _bill("pbb-1") | {
            "tax_type": "pbb",
            "description": "PBB-P2 2026 NOP 75.71.010.001.001-0001.0",
            "object_id": "p1",
        }
        return {"bills": [_bill(PAID_ID, "paid"), _bill(BILL_ID, app.status[BILL_ID]), pbb]}

    @app.get("/v1/tax/bills/<bill_id>")
    def bill(bill_id):
        seen()
        if bill_id not in app.status:
            return {"status": 404, "title": "Tidak ditemukan", "detail": "Tagihan tidak ditemukan."}, 404
        return _bill(bill_id, app.status[bill_id])

    @app.post("/v1/tax/bills/<bill_id>:checkout")
    def checkout(bill_id):
        seen()
        return {
            "bill_id": bill_id,
            "billing_code": CODE,
            "amount": "318000",
            "expires_at": "2099-01-01T00:00:00Z",
            "bill": _bill(bill_id),
        }

    @app.post("/v1/tax/objects:claim")
    def claim():
        seen()
        if app.acr < 2:
            return {"status": 403, "title": "Tingkat jaminan kurang", "detail": "Perlu pemeriksaan tatap muka."}, 403
        return {"vehicles": 1, "properties": 2, "bills": 3}

    @app.get("/v1/tax/receipts/<number>")
    def receipt(number):
        seen()
        return {
            "number": number,
            "bill_id": PAID_ID,
            "tax_type": "pkb",
            "tax_year": 2026,
            "authority_code": "75",
            "description": "PKB 2026 DM 1234 AB",
            "principal": "300000",
            "penalty": "18000",
            "amount": "318000",
            "channel": "bank-sulutgo",
            "paid_at": "2026-12-06T02:30:00Z",
        }

    @app.get("/v1/tax/receipts/<number>/pdf")
    def receipt_pdf(number):
        seen()
        return PDF, 200, {"Content-Type": "application/pdf", "Cache-Control": "private, max-age=600"}

    return app


@pytest.fixture
def web(http_server, redis_client, namespace):
    gateway = stand_in_gateway()
    settings = WebSettings(
        gateway_url=http_server(gateway), secret_key="test-secret", session_namespace=namespace, redis_url=REDIS_URL
    )
    return create_app(settings, redis_client=redis_client), gateway


def csrf(client, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def signed_in(app):
    client = app.test_client()
    answer = client.post(
        "/masuk", data={"username": "7571010101900001", "password": "x", "csrf_token": csrf(client, "/masuk")}
    )
    assert answer.status_code == 303
    return client


def _form(client, path: str, form_id: str = "") -> dict[str, str]:
    page = client.get(path).text
    return {
        "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),
        "idempotency_key": (re.search(r'name="idempotency_key" value="([^"]+)"', page) or [None, ""])[1],
    }


def test_pajak_needs_login(web):
    app, gateway = web
    for path in ("/pajak", f"/pajak/tagihan/{BILL_ID}", f"/pajak/kwitansi/{RECEIPT}", f"/pajak/kwitansi/{RECEIPT}/pdf"):
        answer = app.test_client().get(path)
        assert (answer.status_code, answer.headers["Location"]) == (303, "/masuk"), path
    assert gateway.calls == []


def test_overview_lists_bills_vehicles_properties_and_asks_level_two_for_a_claim(web):
    app, _ = web
    page = signed_in(app).get("/pajak")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    html = page.text
    assert "DM 1234 AB" in html and "Sepeda motor" in html
    assert "Rp 318.000" in html and "termasuk denda Rp 18.000" in html  # the unpaid bill's total now
    assert "75.71.010.001.001-0001.0" in html  # the property, as its PBB-P2 bill names it
    assert html.index("Belum dibayar") < html.index("Lunas")  # unpaid first
    assert "30 Jun 2026" in html  # due date
    assert 'action="/pajak/klaim"' not in html and "/saya/identitas#pemeriksaan" in html
    assert '<option value="75.04">Kabupaten Pohuwato</option>' in html  # regencies from servicekit


def test_overview_in_english(web):
    app, _ = web
    html = signed_in(app).get("/pajak?lang=en").text
    assert "My taxes" in html and "Motorcycle" in html and "penalty included" in html


def test_register_posts_numbers_with_an_idempotency_key_and_redirects(web):
    app, gateway = web
    client = signed_in(app)
    form = _form(client, "/pajak")
    values = {
        "plate_number": "dm 77 xy",
        "vehicle_type": "mobil_penumpang",
        "model_year": "2021",
        "taxable_value": "Rp 180.000.000",
        "regency_code": "75.71",
    }
    answer = client.post("/pajak/kendaraan", data=form | values)
    assert (answer.status_code, answer.headers["Location"]) == (303, "/pajak#kendaraan")
    again = client.post("/pajak/kendaraan", data=form | values)  # resent: the same key again
    assert again.status_code == 303
    posts = [call for call in gateway.calls if call[:2] == ("POST", "/v1/tax/vehicles")]
    assert [call[2] for call in posts] == [
        {
            "plate_number": "dm 77 xy",
            "vehicle_type": "mobil_penumpang",
            "model_year": 2021,
            "taxable_value": 180000000,
            "regency_code": "75.71",
        }
    ] * 2
    assert posts[0][3] == posts[1][3] == form["idempotency_key"] and form["idempotency_key"]
    assert posts[0][4] == "Bearer access-1"
    shown = client.get("/pajak").text
    assert "Kendaraan DM 77 XY terdaftar" in shown
    assert "Kendaraan DM 77 XY terdaftar" not in client.get("/pajak").text  # told once


def test_register_errors_are_shown_next_to_the_inputs(web):
    app, gateway = web
    client = signed_in(app)
    form = _form(client, "/pajak")
    values = {
        "plate_number": "B 1 XY",
        "vehicle_type": "bus",
        "model_year": "2020",
        "taxable_value": "5000000",
        "regency_code": "75.01",
    }
    answer = client.post("/pajak/kendaraan", data=form | values)
    assert answer.status_code == 400
    assert re.search(r'id="plate_number-error"[^>]*>Bukan pelat DM\.<', answer.text)
    assert 'value="B 1 XY"' in answer.text and '<option value="bus" selected>' in answer.text
    # Not a number: said at once, nothing sent.
    before = len(gateway.calls)
    answer = client.post("/pajak/kendaraan", data=form | values | {"model_year": "dua ribu"})
    assert answer.status_code == 400 and 'id="model_year-error"' in answer.text
    assert not [call for call in gateway.calls[before:] if call[0] == "POST"]
    assert client.post("/pajak/kendaraan", data=values).status_code == 400  # no CSRF token


def test_claim_needs_level_two_and_tells_what_was_found(web):
    app, gateway = web
    client = signed_in(app)
    refused = client.post("/pajak/klaim", data={"csrf_token": csrf(client, "/pajak")})
    assert refused.status_code == 403 and "Perlu pemeriksaan tatap muka." in refused.text
    gateway.acr = 2
    client = signed_in(app)
    assert 'action="/pajak/klaim"' in client.get("/pajak").text
    answer = client.post("/pajak/klaim", data={"csrf_token": csrf(client, "/pajak")})
    assert (answer.status_code, answer.headers["Location"]) == (303, "/pajak#tagihan")
    assert "1 kendaraan, 2 tanah/bangunan, 3 tagihan" in client.get("/pajak").text


def test_bill_shows_its_lines_and_checkout_gives_a_kode_bayar_with_instructions(web):
    app, gateway = web
    client = signed_in(app)
    page = client.get(f"/pajak/tagihan/{BILL_ID}")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    html = page.text
    assert "Denda keterlambatan (6 bulan)" in html and "Opsen PKB" in html and "Kota Gorontalo" in html
    assert "Rp 318.000" in html and "6 Des 2026 09.00 WITA" in html  # penalty as of, in WITA
    assert CODE not in html
    form = _form(client, f"/pajak/tagihan/{BILL_ID}")
    answer = client.post(f"/pajak/tagihan/{BILL_ID}/bayar", data=form)
    assert (answer.status_code, answer.headers["Location"]) == (303, f"/pajak/tagihan/{BILL_ID}#kode-bayar")
    checkout = [call for call in gateway.calls if call[1].endswith(":checkout")]
    assert checkout and checkout[0][3] == form["idempotency_key"]
    html = client.get(f"/pajak/tagihan/{BILL_ID}").text
    assert "7510 1234 5678 9015" in html and f'data-billing-code="{CODE}"' in html
    assert "Bank SulutGo" in html and "Kantor Pos" in html and "1 Jan 2099 08.00 WITA" in html
    # Once paid, the code is gone and the receipt is offered.
    gateway.status[BILL_ID] = "paid"
    html = client.get(f"/pajak/tagihan/{BILL_ID}").text
    assert CODE not in html and f'href="/pajak/kwitansi/{RECEIPT}"' in html and "Lunas" in html


def test_bill_ids_and_receipt_numbers_are_checked_before_the_gateway_sees_them(web):
    app, gateway = web
    client = signed_in(app)
    before = len(gateway.calls)
    for path in ("/pajak/tagihan/x:checkout", "/pajak/tagihan/..%2Fvehicles", "/pajak/kwitansi/12345"):
        assert client.get(path).status_code == 404, path
    assert len(gateway.calls) == before
    assert client.get("/pajak/tagihan/unknown-bill").status_code == 404


def test_receipt_and_its_pdf_passed_through_never_cached(web):
    app, _ = web
    client = signed_in(app)
    html = client.get(f"/pajak/kwitansi/{RECEIPT}").text
    assert RECEIPT in html and "Rp 318.000" in html and "Bank SulutGo" in html
    assert f'href="/pajak/kwitansi/{RECEIPT}/pdf"' in html
    pdf = client.get(f"/pajak/kwitansi/{RECEIPT}/pdf")
    assert pdf.status_code == 200 and pdf.data == PDF and pdf.mimetype == "application/pdf"
    assert pdf.headers["Cache-Control"] == "no-store"
    assert RECEIPT in pdf.headers["Content-Disposition"]


def test_tax_service_down_is_said_on_the_page(web):
    app, gateway = web
    client = signed_in(app)
    gateway.down = True
    page = client.get("/pajak")
    assert page.status_code == 503 and "Layanan sedang tidak dapat dihubungi" in page.text
    assert "Belum ada tagihan" not in page.text  # not "nothing", but "cannot tell now"
    assert client.get(f"/pajak/tagihan/{BILL_ID}").status_code == 503
    assert client.get(f"/pajak/kwitansi/{RECEIPT}/pdf").status_code == 503
