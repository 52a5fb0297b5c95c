"""Issue 11 through the gateway, for identity, permits and tax: printed links are absolute (from
PUBLIC_BASE_URL, which defaults to the gateway the stack starts), uploaded file names keep only a safe
base name, and dates at the calendar's edge are a 400 naming the field, never a 500."""

import io

import pypdf
import pytest

from tests.e2e.conftest import login, unique
from tests.e2e.test_permits_documents import pdf_bytes
from tests.e2e.test_permits_flow import _permit_types, _submit, random_nib, upload

EDGES = ["9999-12-31", "0001-01-01", "0001-01-01T00:00:00-12:00"]


def _problem_fields(response) -> list[str]:
    assert response.status_code == 400, (response.status_code, response.text[:300])
    assert response.headers["Content-Type"].startswith("application/problem+json")
    return [error["field"] for error in response.json()["errors"]]


def test_the_certificate_prints_the_absolute_verify_url(stack, http, citizen):
    permit_type = next(t for t in _permit_types(stack, http) if t["risk_level"] == "rendah")
    application = _submit(stack, http, citizen, permit_type["kbli_code"], unique("Toko Binte"), nib=random_nib())
    dashed = application["permit_number"].replace("/", "-")
    pdf = http.get(stack.url + f"/v1/permits/permits/{dashed}/certificate", headers=citizen["headers"])
    assert pdf.status_code == 200, pdf.text[:300]
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    link = f"{stack.url}/v1/permits/verify/{dashed}"
    assert link in text
    assert http.get(link).status_code == 200  # the printed link is the public check itself


def test_an_uploaded_path_keeps_only_its_base_name(stack, http, citizen):
    stored = upload(stack, http, citizen, "NPWP", pdf_bytes(), "application/pdf", file_name="../../../../probe.pdf")
    assert stored.status_code == 200, stored.text
    assert stored.json()["file_name"] == "probe.pdf"
    content = http.get(stack.url + f"/v1/permits/documents/{stored.json()['id']}/content", headers=citizen["headers"])
    assert content.status_code == 200
    # RFC 6266, set by permits and passed on by the gateway because the contract lists the header.
    assert content.headers["Content-Disposition"] == "attachment; filename=\"probe.pdf\"; filename*=UTF-8''probe.pdf"
    unicode_name = upload(stack, http, citizen, "NPWP", pdf_bytes(), "application/pdf", file_name="surat izin ü.pdf")
    disposition = http.get(
        stack.url + f"/v1/permits/documents/{unicode_name.json()['id']}/content", headers=citizen["headers"]
    ).headers["Content-Disposition"]
    assert "filename*=UTF-8''surat%20izin%20%C3%BC.pdf" in disposition and "\n" not in disposition
    windows = upload(stack, http, citizen, "NPWP", pdf_bytes(), "application/pdf", file_name="..\\..\\..")
    assert windows.status_code == 200, windows.text
    assert windows.json()["file_name"] == "dokumen.pdf"


@pytest.mark.parametrize("raw", EDGES)
def test_reconciliation_dates_at_the_calendar_edge_are_400_naming_date(stack, http, raw):
    bapenda = login(stack, http, "bapenda.provinsi", stack.demo_credentials()["bapenda.provinsi"])
    answer = http.get(
        stack.url + "/v1/tax/reconciliation", headers=bapenda, params={"channel": "bank-sulutgo", "date": raw}
    )
    assert _problem_fields(answer) == ["date"]


@pytest.mark.parametrize("raw", EDGES)
def test_birth_dates_at_the_calendar_edge_are_400_naming_birth_date(stack, http, residents, raw):
    resident = residents.take()
    answer = http.post(
        stack.url + "/v1/identity/citizens",
        json={
            "nik": resident["nik"],
            "full_name": resident["full_name"],
            "birth_date": raw,
            "phone": "",
            "password": "kata-sandi-aman-1",
        },
    )
    assert "birth_date" in _problem_fields(answer)
