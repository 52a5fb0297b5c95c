"""Fixtures of svc-permits' tests: a controllable clock, principals, a wired app per database."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from gorontalo_permits import bootstrap as composition
from gorontalo_permits.adapters import catalog as catalog_adapter
from gorontalo_permits.domain.documents import PNG, Document, document_types
from servicekit.auth import Principal
from servicekit.config import ServiceSettings
from servicekit.testing import TokenMinter

KOTA_VILLAGE = "75.71.01.1001"  # Dembe I, Kota Barat, Kota Gorontalo
POHUWATO_DISTRICT = "75.04.04"  # Marisa, Kabupaten Pohuwato
TEST_OWNERS = ("citizen-a", "citizen-b", *(f"c{n}" for n in range(6)))  # whose documents every test DB holds
_DOCUMENTS = uuid.UUID("5b0c6f43-6a8e-4f0a-9d55-0d7c2f1e9a11")
UPLOADED_AT = dt.datetime(2025, 3, 1, 0, 0, tzinfo=dt.UTC)


def document_id(owner: str, document_type: str) -> str:
    return str(uuid.uuid5(_DOCUMENTS, f"{owner}|{document_type}"))


def seeded_documents(catalog, owner: str) -> list[Document]:
    """One stored document row of every type the catalog knows, for `owner` (no file behind it)."""
    return [
        Document(
            id=document_id(owner, name),
            owner_id=owner,
            document_type=name,
            media_type=PNG,
            size_bytes=100,
            sha256="0" * 64,
            uploaded_at=UPLOADED_AT,
        )
        for name in sorted(document_types(t.required_documents for t in catalog.all()).values())
    ]


def required_document_ids(catalog, kbli_code: str, owner: str = "citizen-a") -> list[str]:
    permit_type = catalog.get(kbli_code)
    return [document_id(owner, name) for name in permit_type.required_documents] if permit_type else []


def seed_documents(app) -> None:
    with app.uow() as uow:
        for owner in TEST_OWNERS:
            for document in seeded_documents(app.catalog, owner):
                uow.documents.add(document)
        uow.commit()


class FixedClock:
    """Time stands still until a test moves it."""

    def __init__(self, start: dt.datetime):
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


@pytest.fixture
def clock():
    return FixedClock(dt.datetime(2025, 3, 3, 1, 30, tzinfo=dt.UTC))


@pytest.fixture(scope="session")
def catalog():
    return catalog_adapter.load()


@pytest.fixture
def citizen():
    return Principal(subject="citizen-a", role="citizen")


@pytest.fixture
def other_citizen():
    return Principal(subject="citizen-b", role="citizen")


@pytest.fixture
def kota_officer():
    return Principal(subject="officer-kota", role="officer", agency="dpmptsp-7571", jurisdiction=("75.71",))


@pytest.fixture
def pohuwato_officer():
    return Principal(subject="officer-pohuwato", role="officer", agency="dpmptsp-7504", jurisdiction=("75.04",))


@pytest.fixture
def submission(catalog):
    """Keyword arguments of a valid application (Restoran, menengah_rendah, in Kota Gorontalo),
    with the owner's seeded documents that the permit type requires."""

    def make(owner: str = "citizen-a", **overrides) -> dict:
        fields = {
            "kbli_code": "56101",
            "business_name": "Rumah Makan Binthe Biluhuta",
            "business_address": "Jl. Nani Wartabone No. 12, Dembe I",
            "region_code": KOTA_VILLAGE,
            "latitude": 0.5412,
            "longitude": 123.0478,
            "investment_rupiah": 250_000_000,
            "workforce": 8,
        }
        fields.update(overrides)
        fields.setdefault("document_ids", required_document_ids(catalog, fields["kbli_code"], owner))
        return fields

    return make


def _settings(database_url: str, tmp_path, **overrides) -> ServiceSettings:
    values = dict(
        name="permits",
        listen="127.0.0.1:0",
        metrics_port=0,
        database_url=database_url,
        nats_url="nats://127.0.0.1:1",
        stream="GORONTALO_TEST",
        identity_addr="127.0.0.1:1",
        var_dir=tmp_path,
        grace_seconds=1.0,
        max_workers=4,
        log_level="INFO",
        # Each test's app counts its rate limits apart in the shared Redis (tests of other runs too).
        rate_limit_namespace=f"permits-test-{uuid.uuid4().hex}",
    )
    values.update(overrides)
    return ServiceSettings(**values)


@pytest.fixture
def settings_for():
    """settings_for(database_url, tmp_path, **overrides): ServiceSettings for a test."""
    return _settings


class FakeFeeBills:
    """svc-tax's CreateFeeBill and CancelBill as the tests need them: one bill per reference, cancelled
    idempotently unless paid (`paid(reference)`), or tax unavailable."""

    def __init__(self):
        self.bills: dict[str, dict] = {}
        self.unavailable = False
        self.cancel_calls: list[dict] = []

    def paid(self, caller_reference):
        self.bills[caller_reference]["status"] = "paid"

    def cancel_fee_bill(self, *, authorization, bill_id, caller_reference):
        from servicekit.errors import FailedPrecondition, Unavailable

        self.cancel_calls.append(
            {"authorization": authorization, "bill_id": bill_id, "caller_reference": caller_reference}
        )
        if self.unavailable:
            raise Unavailable("fee_cancel_unavailable")
        bill = self.bills[caller_reference]
        assert bill["id"] == bill_id, "permits named another bill than the one it was given"
        if bill.get("status") == "paid":
            raise FailedPrecondition("fee_already_paid")
        bill["status"] = "cancelled"
        return "cancelled"

    def create_fee_bill(self, *, authorization, caller_reference, region_code, payer_id, description, amount):
        if self.unavailable:
            from servicekit.errors import Unavailable

            raise Unavailable("tax_unavailable")
        bill = self.bills.setdefault(
            caller_reference,
            {
                "id": str(uuid.uuid4()),
                "region_code": region_code,
                "payer_id": payer_id,
                "amount": amount,
                "description": description,
                "authorization": authorization,
            },
        )
        return bill["id"]


@pytest.fixture
def fee_bills():
    return FakeFeeBills()


@pytest.fixture
def minter():
    return TokenMinter()


@pytest.fixture
def app(database_url, tmp_path, clock, minter, fee_bills):
    """The service wired against a fresh, migrated database (SQLite and PostgreSQL), with every
    test citizen's documents on file and svc-tax replaced by FakeFeeBills."""
    application = composition.bootstrap(
        _settings(database_url, tmp_path), clock=clock, verifier=minter.verifier, fee_bills=fee_bills
    )
    seed_documents(application)
    yield application
    application.close()
