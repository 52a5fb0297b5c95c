"""/izin/permohonan: one application (fee, revision, NIB, withdrawal) and the certificate, through Flask's
test client against the stand-in gateway of permits_stand_in."""

from __future__ import annotations

import io
import re

from .permits_stand_in import (  # noqa: F401  (fixtures)
    PDF,
    PNG,
    apply_form,
    client,
    csrf,
    form_key,
    web,
)


def _high_risk(client, gateway) -> str:
    data = apply_form(
        client, kbli="41011", document_1=None, document_0=(io.BytesIO(PDF), "akta.pdf", "application/pdf")
    )
    response = client.post("/izin/ajukan/41011", data=data)
    assert response.status_code == 303, response.text
    return response.headers["Location"].rsplit("/", 1)[1]


def test_pay_the_fee_shows_the_kode_bayar_of_the_bill(client, web):
    _, gateway = web
    application_id = _high_risk(client, gateway)
    gateway.applications[application_id].update(
        status="awaiting_payment", next_step="payment", bill_id="bill-9", payment_status="billed"
    )
    page = client.get(f"/izin/permohonan/{application_id}").text
    assert "Menunggu pembayaran" in page and "Buat kode bayar" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    paid = client.post(f"/izin/permohonan/{application_id}/bayar", data={"csrf_token": token})
    assert paid.status_code == 303 and paid.headers["Location"].endswith("#bayar")
    assert gateway.checkouts == ["bill-9"]
    page = client.get(f"/izin/permohonan/{application_id}").text
    assert "7530123456789012" in page and "Rp 1.500.000" in page


def test_answer_a_revision_with_one_new_document_and_withdraw(client, web):
    _, gateway = web
    application_id = _high_risk(client, gateway)
    application = gateway.applications[application_id]
    application["documents"] = [
        {"document_id": "doc-1", "document_type": "Akta pendirian badan usaha"},
        {"document_id": "old-2", "document_type": "NPWP badan usaha"},
    ]
    application.update(status="revision_requested", next_step="applicant_revision", sla_paused=True)
    page = client.get(f"/izin/permohonan/{application_id}").text
    assert "Perbaiki permohonan" in page and "Batas waktu berhenti sementara" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        f"/izin/permohonan/{application_id}/perbaiki",
        data={
            "csrf_token": token,
            "idempotency_key": form_key(page),
            "note": "NPWP diperbarui",
            "document_1": (io.BytesIO(PNG), "npwp-baru.png", "image/png"),
        },
    )
    assert response.status_code == 303, response.text
    verb_id, verb, body = gateway.actions[-1]
    assert (verb_id, verb, body["note"]) == (application_id, "resubmit", "NPWP diperbarui")
    assert body["document_ids"][0] == "doc-1" and body["document_ids"][1] != "old-2"  # only the new one replaced
    assert gateway.uploads[-1][0] == "NPWP badan usaha"

    page = client.get(f"/izin/permohonan/{application_id}").text
    assert "Tarik permohonan ini" in page
    withdrawn = client.post(
        f"/izin/permohonan/{application_id}/tarik", data={"csrf_token": token, "note": "tidak jadi"}
    )
    assert withdrawn.status_code == 303
    assert gateway.actions[-1] == (application_id, "withdraw", {"note": "tidak jadi"})
    assert "Ditarik" in client.get(f"/izin/permohonan/{application_id}").text


def test_an_nib_error_is_shown_on_the_application_page(client, web):
    _, gateway = web
    application_id = _high_risk(client, gateway)
    gateway.applications[application_id].update(status="approved", next_step="applicant_nib")
    page = client.get(f"/izin/permohonan/{application_id}").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    refused = client.post(f"/izin/permohonan/{application_id}/nib", data={"csrf_token": token, "nib": "123"})
    assert refused.status_code == 400
    assert '<p id="nib-error" class="field-error" role="alert">NIB harus 13 digit.</p>' in refused.text


def test_an_unknown_application_is_404_and_pages_are_personal(client, web):
    assert client.get("/izin/permohonan/app-404").status_code == 404
    app, _ = web
    anonymous = app.test_client()
    for path in ("/izin/saya", "/izin/permohonan/app-1", "/izin/sertifikat/7571-DPMPTSP-2026-000001"):
        assert anonymous.get(path).headers["Location"] == "/masuk", path


def test_files_over_the_apps_limit_are_told_in_the_residents_words(client, web):
    app, gateway = web
    app.config["MAX_CONTENT_LENGTH"] = 1024
    data = apply_form(client, document_0=(io.BytesIO(PNG * 40), "ktp.png", "image/png"))
    refused = client.post("/izin/ajukan/56102", data=data)
    assert refused.status_code == 413
    assert "terlalu besar" in refused.text and refused.headers["Cache-Control"] == "no-store"
    assert not gateway.uploads


def test_the_application_page_in_english(client, web):
    _, gateway = web
    assert client.post("/izin/ajukan/56102", data=apply_form(client)).status_code == 303
    page = client.get("/izin/permohonan/app-1?lang=en").text
    assert "Issued" in page and "Download the permit certificate (PDF)" in page
    assert "6 Dec 2026 09:30 WITA" in page
