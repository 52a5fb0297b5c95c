"""The pre-check report on the officer's application page (issue 22), through Flask's test client against
the console's stand-in gateway with the pre-check routes: "belum diperiksa" while the worker has not
reported, then each document with what was read and its confidence, the flags with the text behind them,
the note that AI proposes and the officer decides, and "Tandai salah" with a reason (the API's refusal next
to that flag's field, the reason kept); nothing read ever in an address. The journey against the real
stack is tests/e2e/browser/test_precheck_console.py."""

from __future__ import annotations

import copy
import re

import pytest
from flask import request

from .test_staff_permits_pages import csrf, problem, signed_in  # noqa: F401
from .test_staff_permits_pages import setup as staff_setup  # noqa: F401  (fixture, used below)

FOREIGN_NIK = "7571016403880005"
DECLARED_NIK = "7571014501900007"
REPORT = {
    "application_id": "a-soon",
    "status": "complete",
    "completed_at": "2026-12-06T02:00:00Z",
    "declared_nik": DECLARED_NIK,
    "declared_name": "Siti Rahmawati",
    "register_check": "match",
    "documents": [
        {
            "document_id": "doc-pdf",
            "document_type": "KTP penanggung jawab",
            "read_as": "ktp",
            "confidence": 0.874,
            "fields": {"name": "RAHMAT HASAN", "nik": FOREIGN_NIK, "birth_date": "1988-03-24"},
        },
        {"document_id": "doc-jpg", "document_type": "NPWP", "read_as": "npwp", "confidence": 0.91, "fields": {}},
    ],
    "flags": [
        {
            "id": "f-nik",
            "kind": "nik_mismatch",
            "detail": "not_declared_nik",
            "document_id": "doc-pdf",
            "read": {"nik": FOREIGN_NIK},
            "confidence": 0.874,
            "message": "NIK di KTP bukan NIK penanggung jawab yang dinyatakan.",
        },
        {
            "id": "f-risk",
            "kind": "risk_hint",
            "detail": "investment_low",
            "document_id": "",
            "read": {"investment_rupiah": "1000000"},
            "confidence": 1,
            "message": "Investasi sangat kecil untuk risiko menengah tinggi.",
        },
    ],
}


@pytest.fixture
def setup(staff_setup):  # noqa: F811
    app, gateway = staff_setup
    gateway.reports = {"a-soon": {"application_id": "a-soon", "status": "pending", "documents": []}}
    gateway.dismissals = []

    # The pre-check routes, before the stand-in's catch-all of /v1/permits/applications/<path>.
    def report(id_):
        if request.headers.get("Authorization") == "Bearer access-petugas.pohuwato":
            return problem(403, title="Ditolak")
        return gateway.reports.get(id_) or problem(404, title="Tidak ditemukan")

    def dismiss(id_, flag_id):
        reason = request.json.get("reason", "")
        if len(reason) < 5:
            return problem(400, "reason", "Alasan minimal 5 karakter.")
        flag = next((f for f in gateway.reports[id_]["flags"] if f["id"] == flag_id), None)
        if flag is None:
            return problem(404, title="Tidak ditemukan")
        if flag.get("dismissed"):
            return problem(409, title="Konflik", detail="Tanda ini sudah ditandai salah.")
        gateway.dismissals.append((id_, flag_id, reason))
        flag.update(dismissed=True, dismissal_reason=reason, dismissed_at="2026-12-06T03:00:00Z", dismissed_by="o-1")
        return gateway.reports[id_]

    gateway.add_url_rule("/v1/permits/applications/<id_>/precheck", view_func=report, methods=["GET"])
    gateway.add_url_rule(
        "/v1/permits/applications/<id_>/precheck/flags/<flag_id>:dismiss", view_func=dismiss, methods=["POST"]
    )
    yield app, gateway


def section(html: str) -> str:
    return re.search(r'<section class="staff-izin-box staff-precheck".*?</section>', html, re.S).group(0)


def test_belum_diperiksa_while_the_worker_has_not_reported(setup):
    app, _ = setup
    html = section(signed_in(app).get("/petugas/izin/a-soon").text)
    assert "Pra-periksa" in html and 'data-status="pending"' in html and "Belum diperiksa" in html
    assert "tidak pernah menyetujui atau menolak. Petugas yang memutuskan." in html


def test_the_report_shows_what_was_read_its_confidence_and_the_flags(setup):
    app, gateway = setup
    gateway.reports["a-soon"] = copy.deepcopy(REPORT)
    page = signed_in(app).get("/petugas/izin/a-soon")
    assert page.headers["Cache-Control"] == "no-store"
    html = section(page.text)
    assert "Selesai diperiksa" in html and "2 tanda perlu dilihat" in html
    assert "Siti Rahmawati · NIK " + DECLARED_NIK in html and 'data-register="match"' in html
    ktp = re.search(r'<article class="staff-precheck-document" data-document-id="doc-pdf".*?</article>', html, re.S)
    ktp = ktp.group(0)
    assert 'data-read-as="ktp">KTP<' in ktp and "keyakinan 87%" in ktp
    # The card's fields in the order it prints them.
    assert re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", ktp)[:3] == [
        ("NIK", FOREIGN_NIK),
        ("Nama", "RAHMAT HASAN"),
        ("Tanggal lahir", "1988-03-24"),
    ]
    assert 'data-kind="nik_mismatch"' in ktp and "NIK tidak cocok dengan penanggung jawab" in ktp
    assert "NIK di KTP bukan NIK penanggung jawab yang dinyatakan." in ktp
    # The application's own flag (no document) under its own heading; every open flag has its form.
    assert "Tanda untuk permohonan" in html and 'data-kind="risk_hint"' in html
    assert html.count("<summary>Tandai salah</summary>") == 2
    # Nothing read is put in an address.
    assert FOREIGN_NIK not in " ".join(re.findall(r'(?:href|action|src)="([^"]+)"', page.text))
    english = section(signed_in(app).get("/petugas/izin/a-soon?lang=en").text)
    assert "Pre-check" in english and "NIK does not match the declared person" in english and "Risk hint" in english


def test_a_flag_is_marked_wrong_with_a_reason(setup):
    app, gateway = setup
    gateway.reports["a-soon"] = copy.deepcopy(REPORT)
    client = signed_in(app)
    path = "/petugas/izin/a-soon/pra-periksa/f-nik/tandai-salah"
    token = csrf(client, "/petugas/izin/a-soon")
    assert f'action="{path}"' in client.get("/petugas/izin/a-soon").text

    empty = client.post(path, data={"csrf_token": token, "reason": "  "})
    assert empty.status_code == 400 and gateway.dismissals == []
    assert 'id="reason-f-nik-error"' in empty.text and 'id="reason-f-risk-error"' not in empty.text
    short = client.post(path, data={"csrf_token": token, "reason": "ok"})
    assert short.status_code == 400
    assert re.search(r'id="reason-f-nik-error" class="field-error">Alasan minimal 5 karakter.<', short.text)
    assert re.search(r'<details class="staff-precheck-dismiss" open>', short.text)
    assert re.search(r'<textarea id="reason-f-nik"[^>]*aria-invalid="true"[^>]*>ok</textarea>', short.text)

    done = client.post(path, data={"csrf_token": token, "reason": "KTP asli ada di   berkas lain"})
    assert done.status_code == 303
    assert done.headers["Location"].endswith("/petugas/izin/a-soon?selesai=tandai-salah#pra-periksa")
    assert gateway.dismissals == [("a-soon", "f-nik", "KTP asli ada di berkas lain")]
    html = section(client.get(done.headers["Location"]).text)
    assert "Tanda ditandai salah." in html and "1 tanda perlu dilihat" in html
    assert 'data-dismissed="ya"' in html and "“KTP asli ada di berkas lain”" in html
    assert html.count("<summary>Tandai salah</summary>") == 1
    again = client.post(path, data={"csrf_token": token, "reason": "sekali lagi"})
    assert again.status_code == 409 and "sudah ditandai salah" in again.text
    assert client.post(path, data={"reason": "tanpa token csrf"}).status_code == 400


def test_another_office_sees_no_report_and_the_page_still_works(setup):
    app, gateway = setup
    gateway.reports["a-soon"] = copy.deepcopy(REPORT)
    gateway.applications["a-soon"]["regency_code"] = "75.04"  # now Pohuwato's application
    html = signed_in(app, "petugas.pohuwato").get("/petugas/izin/a-soon").text
    assert "Laporan pra-periksa tidak tersedia untuk Anda." in html and FOREIGN_NIK not in html
