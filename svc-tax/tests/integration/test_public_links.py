"""The receipt PDF prints an absolute verify-by-number link, from the platform's PUBLIC_BASE_URL."""

from __future__ import annotations

import dataclasses
import io

import pypdf
import pytest

from gorontalo.tax.v1 import tax_pb2
from gorontalo_tax.bootstrap import bootstrap

from ..conftest import settings_for
from ..payment_fixtures import body, checkout, fee_bill, notify

BASE = "https://layanan.gorontaloprov.go.id"


@pytest.fixture
def app(database_url, tmp_path, clock):
    """As the conftest wires it, behind a public origin written with a trailing slash."""
    settings = dataclasses.replace(settings_for(database_url, tmp_path), public_base_url=BASE + "/")
    application = bootstrap(settings, clock=clock)
    yield application
    application.session_factory.kw["bind"].dispose()


def test_the_receipt_pdf_footer_carries_the_absolute_verify_url(app, grpc_stub, minter):
    bill = fee_bill(app, "ref-links")
    code = checkout(app, bill.id).code
    number = notify(app, body(code.code, code.amount)).payment.receipt_number
    metadata = minter.metadata(role="citizen", subject="citizen-1")
    pdf = grpc_stub.GetReceiptPdf(tax_pb2.GetReceiptRequest(number=number), metadata=metadata).data
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert f"{BASE}/v1/tax/receipts/verify/{number}" in text
    assert "daring: /v1/" not in text
