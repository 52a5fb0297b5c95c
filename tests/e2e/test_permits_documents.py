"""Documents and retries through the gateway: raw uploads checked by content, who may download,
and a submission repeated with the same Idempotency-Key."""

import io

from reportlab.pdfgen import canvas

from tests.e2e.conftest import unique
from tests.e2e.test_permits_flow import _permit_types, _staff, _submit, png_bytes, upload, upload_required

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 400


def pdf_bytes() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Surat Pernyataan Kesanggupan")
    page.showPage()
    page.save()
    return buffer.getvalue()


def _problem(response, status, field, reason):
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert [(e["field"], e["reason"]) for e in body["errors"]] == [(field, reason)], body
    assert all(e["detail"] for e in body["errors"])
    return body


def test_uploads_are_checked_by_content(stack, http, citizen):
    pdf = pdf_bytes()
    stored = upload(stack, http, citizen, "NPWP", pdf, "application/pdf", file_name="npwp.pdf")
    assert stored.status_code == 200, stored.text
    body = stored.json()
    assert (body["media_type"], int(body["size_bytes"]), body["document_type"]) == ("application/pdf", len(pdf), "NPWP")
    content = http.get(stack.url + f"/v1/permits/documents/{body['id']}/content", headers=citizen["headers"])
    assert content.status_code == 200 and content.content == pdf
    assert content.headers["Content-Type"] == "application/pdf"

    # A PNG that says it is a PDF, a PNG named .pdf, an executable sent as a JPEG: each a clear field error.
    _problem(
        upload(stack, http, citizen, "NPWP", png_bytes(), "application/pdf"), 400, "file", "DOCUMENT_CONTENT_MISMATCH"
    )
    _problem(
        upload(stack, http, citizen, "NPWP", png_bytes(), "image/png", file_name="izin.pdf"),
        400,
        "file_name",
        "DOCUMENT_NAME_MISMATCH",
    )
    _problem(
        upload(stack, http, citizen, "NPWP", EXE, "image/jpeg", file_name="foto.jpg"),
        400,
        "file",
        "DOCUMENT_CONTENT_INVALID",
    )
    _problem(upload(stack, http, citizen, "Foto selfie", png_bytes()), 400, "document_type", "DOCUMENT_TYPE_UNKNOWN")
    too_large = upload(stack, http, citizen, "NPWP", b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024), "application/pdf")
    assert too_large.status_code == 413, too_large.text
    english = http.post(
        stack.url + "/v1/permits/documents",
        params={"document_type": "NPWP"},
        data=png_bytes(),
        headers={**citizen["headers"], "Content-Type": "application/pdf", "Accept-Language": "en"},
    )
    assert "image/png" in english.json()["errors"][0]["detail"]
    assert (
        http.post(
            stack.url + "/v1/permits/documents",
            params={"document_type": "NPWP"},
            data=pdf,
            headers={"Content-Type": "application/pdf"},
        ).status_code
        == 401
    )


def test_documents_are_the_applicants_own_and_cover_the_requirements(stack, http, citizen, residents):
    from tests.e2e.conftest import sign_up

    permit_type = next(t for t in _permit_types(stack, http) if t["kbli_code"] == "56101")
    mine = upload_required(stack, http, citizen, permit_type)
    other = sign_up(stack, http, residents.take())
    theirs = upload_required(stack, http, other, permit_type)
    fields = {
        "kbli_code": "56101",
        "business_name": "Rumah Makan Tilapia",
        "business_address": "Jl. Raja Eyato 5",
        "region_code": "75.71.01.1001",
        "latitude": 0.5435,
        "longitude": 123.0595,
    }
    missing = http.post(
        stack.url + "/v1/permits/applications", headers=citizen["headers"], json={**fields, "document_ids": mine[:-1]}
    )
    _problem(missing, 400, "document_ids", "DOCUMENTS_MISSING")
    borrowed = http.post(
        stack.url + "/v1/permits/applications",
        headers=citizen["headers"],
        json={**fields, "document_ids": [*mine[:-1], theirs[-1]]},
    )
    assert borrowed.status_code == 400
    assert (f"document_ids[{len(mine) - 1}]", "DOCUMENT_NOT_FOUND") in [
        (e["field"], e["reason"]) for e in borrowed.json()["errors"]
    ]
    assert http.get(stack.url + "/v1/permits/applications", headers=citizen["headers"]).json()["applications"] == []
    # Another citizen's document is not theirs to read either.
    assert (
        http.get(stack.url + f"/v1/permits/documents/{theirs[0]}/content", headers=citizen["headers"]).status_code
        == 404
    )


def test_the_same_idempotency_key_creates_one_application(stack, http, citizen):
    permit_type = next(t for t in _permit_types(stack, http) if t["kbli_code"] == "56101")
    ids = upload_required(stack, http, citizen, permit_type)
    name = unique("Rumah Makan Ilabulo")
    key = {"Idempotency-Key": "e2e-" + name.split()[-1]}
    first = _submit(stack, http, citizen, "56101", name, headers=key, document_ids=ids)
    again = _submit(stack, http, citizen, "56101", name, headers=key, document_ids=ids)
    assert again["id"] == first["id"] and again["timeline"] == first["timeline"]
    listed = http.get(stack.url + "/v1/permits/applications", headers=citizen["headers"]).json()["applications"]
    assert [a["id"] for a in listed] == [first["id"]]
    changed = http.post(
        stack.url + "/v1/permits/applications",
        headers={**citizen["headers"], **key},
        json={
            "kbli_code": "56101",
            "business_name": name + " Baru",
            "business_address": "Jl. Nani Wartabone No. 10",
            "region_code": "75.71.01.1001",
            "latitude": 0.5435,
            "longitude": 123.0595,
            "document_ids": ids,
        },
    )
    assert changed.status_code == 422, changed.text  # servicekit.idempotency: another body under a used key
    assert changed.json()["type"] == "urn:gorontalo:problem:idempotency-key-reused"
    assert "Idempotency-Key" in changed.json()["detail"]
    kota = _staff(stack, http, "petugas.kota")
    queue = http.get(stack.url + "/v1/permits/applications", headers=kota, params={"page_size": 100}).json()
    assert [a["id"] for a in queue["applications"]].count(first["id"]) == 1
