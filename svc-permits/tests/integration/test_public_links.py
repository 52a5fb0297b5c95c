"""The certificate prints an absolute verify-by-number link, from the platform's PUBLIC_BASE_URL.

A printed '/v1/permits/verify/...' is useless on paper: whoever holds the certificate needs the
whole address. servicekit's ServiceSettings.public_base_url is read in bootstrap only.
"""

from __future__ import annotations

import dataclasses
import io

import pypdf
import pytest

from gorontalo.permits.v1 import permits_pb2
from gorontalo_permits import bootstrap as composition
from gorontalo_permits.adapters import certificate as certificate_pdf
from gorontalo_permits.service_layer import applications, permits

from ..conftest import seed_documents
from .test_grpc import as_, stub, valid_request  # noqa: F401 - fixtures

BASE = "https://layanan.gorontaloprov.go.id"


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def app(database_url, tmp_path, clock, minter, fee_bills, settings_for):
    """The service as the conftest wires it, behind a public origin (with a trailing slash, as
    operators write it)."""
    settings = dataclasses.replace(settings_for(database_url, tmp_path), public_base_url=BASE + "/")
    application = composition.bootstrap(settings, clock=clock, verifier=minter.verifier, fee_bills=fee_bills)
    seed_documents(application)
    yield application
    application.close()


def test_the_certificate_footer_carries_the_absolute_verify_url(app, catalog, clock, citizen, submission):
    issued = applications.submit_application(
        app.uow(), catalog, clock, citizen, **submission(kbli_code="56103", nib="9120001234567")
    )
    pdf = permits.certificate(
        app.uow(),
        citizen,
        issued.permit_number,
        sign=app.keys.sign,
        render=certificate_pdf.render,
        activity_of=lambda code: "Kedai Makanan",
        regency_name_of=lambda code: "Kota Gorontalo",
        public_base_url=app.public_base_url,
    )
    text = _text(pdf)
    assert BASE + "/v1/permits/verify/" + issued.permit_number.replace("/", "-") in text
    assert "daring: /v1/" not in text


def test_the_certificate_over_grpc_uses_the_configured_base(stub, as_):
    issued = stub.SubmitApplication(
        valid_request(kbli_code="56103", nib="9120001234567"), metadata=as_("citizen", "citizen-a")
    )
    number = issued.permit_number.replace("/", "-")
    body = stub.GetPermitCertificate(
        permits_pb2.GetPermitCertificateRequest(permit_number=number), metadata=as_("citizen", "citizen-a")
    )
    assert f"{BASE}/v1/permits/verify/{number}" in _text(body.data)
