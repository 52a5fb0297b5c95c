"""Fixtures of svc-permits' tests: a controllable clock, principals, a wired app per database."""
from __future__ import annotations

import datetime as dt

import pytest
from servicekit.auth import Principal
from servicekit.config import ServiceSettings
from servicekit.testing import TokenMinter

from gorontalo_permits import bootstrap as composition
from gorontalo_permits.adapters import catalog as catalog_adapter

KOTA_VILLAGE = "75.71.01.1001"  # Dembe I, Kota Barat, Kota Gorontalo
POHUWATO_DISTRICT = "75.04.04"  # Marisa, Kabupaten Pohuwato


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
    return FixedClock(dt.datetime(2025, 3, 3, 1, 30, tzinfo=dt.timezone.utc))


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
    return Principal(subject="officer-kota", role="officer", agency="DPMPTSP Kota Gorontalo",
                     jurisdiction=("75.71",))


@pytest.fixture
def pohuwato_officer():
    return Principal(subject="officer-pohuwato", role="officer", agency="DPMPTSP Kabupaten Pohuwato",
                     jurisdiction=("75.04",))


@pytest.fixture
def submission():
    """Keyword arguments of a valid application (Restoran, menengah_rendah, in Kota Gorontalo)."""

    def make(**overrides) -> dict:
        fields = {
            "kbli_code": "56101", "business_name": "Rumah Makan Binthe Biluhuta",
            "business_address": "Jl. Nani Wartabone No. 12, Dembe I", "region_code": KOTA_VILLAGE,
            "latitude": 0.5412, "longitude": 123.0478, "investment_rupiah": 250_000_000, "workforce": 8,
        }
        fields.update(overrides)
        return fields

    return make


def _settings(database_url: str, tmp_path, **overrides) -> ServiceSettings:
    values = dict(
        name="permits", listen="127.0.0.1:0", metrics_port=0, database_url=database_url,
        nats_url="nats://127.0.0.1:1", stream="GORONTALO_TEST", identity_addr="127.0.0.1:1",
        var_dir=tmp_path, grace_seconds=1.0, max_workers=4, log_level="INFO",
    )
    values.update(overrides)
    return ServiceSettings(**values)


@pytest.fixture
def settings_for():
    """settings_for(database_url, tmp_path, **overrides): ServiceSettings for a test."""
    return _settings


@pytest.fixture
def minter():
    return TokenMinter()


@pytest.fixture
def app(database_url, tmp_path, clock, minter):
    """The service wired against a fresh, migrated database (SQLite and PostgreSQL)."""
    application = composition.bootstrap(_settings(database_url, tmp_path), clock=clock,
                                        verifier=minter.verifier)
    yield application
    application.close()
