"""/izin: finding a permit and applying with documents, through Flask's test client against a stand-in
gateway on a real socket. The journeys against the real stack are the browser tests'
(tests/e2e/browser/test_permit_journey.py)."""

from __future__ import annotations

import io
import re

from .permits_stand_in import (  # noqa: F401  (fixtures)
    PDF,
    PNG,
    TYPES,
    apply_form,
    client,
    csrf,
    form_key,
    web,
)


def test_find_a_permit_by_kbli_code_or_words_without_logging_in(web):
    app, _ = web
    client = app.test_client()
    everything = client.get("/izin")
    assert everything.status_code == 200
    assert all(t["title"] in everything.text for t in TYPES)
    by_code = client.get("/izin?q=4101").text
    assert "Konstruksi Gedung Hunian" in by_code and "Restoran" not in by_code
    by_words = client.get("/izin?q=warung").text  # 'Rumah/Warung Makan': case and the slash do not matter
    assert "Rumah/Warung Makan" in by_words and "Konstruksi" not in by_words
    assert "Rp 1.500.000" in client.get("/izin?q=konstruksi").text
    assert "Tidak ada izin yang cocok" in client.get("/izin?q=pesawat luar angkasa").text
    english = client.get("/izin?lang=en").text
    assert "Business permits" in english and "Apply for this permit" in english


def test_applying_needs_a_login(web):
    app, _ = web
    response = app.test_client().get("/izin/ajukan/56102")
    assert response.status_code == 303 and response.headers["Location"] == "/masuk"


def test_the_apply_form_is_multipart_with_a_labelled_file_input_per_required_document(client):
    page = client.get("/izin/ajukan/56102").text
    assert 'enctype="multipart/form-data"' in page
    for index, name in enumerate(["KTP penanggung jawab", "NPWP"]):
        assert f'<label for="document_{index}">{name}</label>' in page
        assert f'id="document_{index}" name="document_{index}" type="file"' in page
    assert '<option value="75.71.01">' in page  # kecamatan from servicekit's region list
    assert client.get("/izin/ajukan/99999").status_code == 404


def test_apply_uploads_each_file_as_raw_bytes_then_submits_once_and_shows_the_issued_permit(client, web):
    _, gateway = web
    data = apply_form(client)
    key = data["idempotency_key"]
    response = client.post("/izin/ajukan/56102", data=data, content_type="multipart/form-data")
    assert response.status_code == 303, response.text
    assert response.headers["Location"] == "/izin/permohonan/app-1"
    (ktp_type, ktp_name, ktp_mime, ktp_key, ktp_bytes), (npwp_type, npwp_name, npwp_mime, _, npwp_bytes) = (
        gateway.uploads
    )
    assert (ktp_type, ktp_name, ktp_mime, ktp_bytes) == ("KTP penanggung jawab", "ktp scan.png", "image/png", PNG)
    assert (npwp_type, npwp_name, npwp_mime, npwp_bytes) == ("NPWP", "npwp.pdf", "application/pdf", PDF)
    assert ktp_key.startswith(key)
    # Each file is sent for the application's region: the instance owning 75.71 keeps it for the submit.
    assert gateway.upload_regions == ["75.71.01", "75.71.01"]
    [body] = gateway.submissions
    assert body["document_ids"] == ["doc-1", "doc-2"]
    assert body["investment_rupiah"] == 25_000_000 and body["workforce"] == 3
    assert body["region_code"] == "75.71.01" and 0.15 < body["latitude"] < 1.2 and 121.1 < body["longitude"] < 123.6

    page = client.get("/izin/permohonan/app-1")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Terbit" in page.text and "7571/DPMPTSP/2026/000001" in page.text
    assert 'href="/izin/sertifikat/7571-DPMPTSP-2026-000001"' in page.text
    assert "6 Des 2026 09.30 WITA" in page.text  # 01:30 UTC on the timeline, in WITA

    # The same form sent again (the answer was lost): the same keys, nothing created twice.
    again = client.post("/izin/ajukan/56102", data=apply_form(client, idempotency_key=key))
    assert again.status_code == 303 and again.headers["Location"] == "/izin/permohonan/app-1"
    assert len(gateway.submissions) == 1 and len(gateway.documents) == 2

    listed = client.get("/izin/saya").text
    assert "Warung Binte" in listed and 'href="/izin/permohonan/app-1"' in listed


def test_a_field_error_is_shown_next_to_its_input_and_the_files_are_not_asked_again(client, web):
    _, gateway = web
    data = apply_form(client, business_name="W")
    refused = client.post("/izin/ajukan/56102", data=data)
    assert refused.status_code == 400
    assert re.search(
        r'id="business_name"[^>]*aria-describedby="business_name-error"[^>]*aria-invalid="true"', refused.text
    )
    assert '<p id="business_name-error" class="field-error" role="alert">Nama usaha terlalu pendek.</p>' in refused.text
    assert "Sudah diunggah: <strong>ktp scan.png</strong>" in refused.text
    assert form_key(refused.text) == data["idempotency_key"]
    # Corrected and sent without choosing the files again: the documents already uploaded are used.
    fixed = apply_form(client, idempotency_key=data["idempotency_key"], document_0=None, document_1=None)
    response = client.post("/izin/ajukan/56102", data=fixed)
    assert response.status_code == 303, response.text
    assert gateway.submissions[-1]["document_ids"] == ["doc-1", "doc-2"]
    assert len(gateway.documents) == 2


def test_a_refused_file_and_a_missing_file_are_told_next_to_their_inputs(client, web):
    _, gateway = web
    data = apply_form(client, document_0=(io.BytesIO(b"GIF89a not a scan"), "ktp.gif", "image/gif"), document_1=None)
    refused = client.post("/izin/ajukan/56102", data=data)
    assert refused.status_code == 400
    assert '<p id="document_0-error" class="field-error" role="alert">Berkas bukan PDF' in refused.text
    assert '<p id="document_1-error" class="field-error" role="alert">Pilih berkas' in refused.text
    assert "Dokumen belum lengkap" not in refused.text  # each file is told at its input, not twice
    assert (
        gateway.uploads[0][2] == "application/octet-stream"
    )  # a type the platform does not take: it reads the content
    assert not gateway.submissions


def test_a_coordinate_error_is_told_at_the_district(client, web):
    _, gateway = web
    refused = client.post("/izin/ajukan/56102", data=apply_form(client, region_code="75.71.01.1001"))
    assert refused.status_code == 400
    assert 'id="region_code-error"' in refused.text


def test_the_certificate_is_passed_through_as_a_pdf_download_never_cached(client, web):
    _, gateway = web
    response = client.get("/izin/sertifikat/7571-DPMPTSP-2026-000001")
    assert response.status_code == 200 and response.data == PDF
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="izin-7571-DPMPTSP-2026-000001.pdf"'
    assert response.headers["Cache-Control"] == "no-store"
    assert gateway.certificate_number == "7571-DPMPTSP-2026-000001"
    assert client.get("/izin/sertifikat/..%2F..%2Fetc").status_code == 404


def test_files_uploaded_for_another_region_are_asked_again_after_the_region_changes(client, web):
    _, gateway = web
    data = apply_form(client, business_name="W")
    assert client.post("/izin/ajukan/56102", data=data).status_code == 400
    assert gateway.upload_regions == ["75.71.01", "75.71.01"]
    # Now another kecamatan, of another regency: the files kept at Kota's instance do not count there.
    moved = apply_form(
        client, idempotency_key=data["idempotency_key"], region_code="75.01.01", document_0=None, document_1=None
    )
    refused = client.post("/izin/ajukan/56102", data=moved)
    assert refused.status_code == 400 and 'id="document_0-error"' in refused.text
    assert not gateway.submissions
    again = apply_form(client, idempotency_key=data["idempotency_key"], region_code="75.01.01")
    assert client.post("/izin/ajukan/56102", data=again).status_code == 303
    assert gateway.upload_regions[-2:] == ["75.01.01", "75.01.01"]
    assert gateway.submissions[-1]["region_code"] == "75.01.01"
