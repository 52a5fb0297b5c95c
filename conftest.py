"""Fixtures shared by every test tier: real databases and a real nats-server."""

from __future__ import annotations

import os

import pytest

from servicekit import testing


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: end-to-end tests that start the whole stack")
    config.addinivalue_line("markers", "xdist_group(name): run these tests on one pytest-xdist worker")
    config.addinivalue_line("markers", "runs_last: run after every other test of the session (reads what they left)")


@pytest.fixture
def report_figure(record_property):
    """Record a measured figure; the run's summary prints it (also from pytest-xdist workers)."""

    def report(text: str) -> None:
        print(text)
        record_property("figure", text)

    return report


def pytest_terminal_summary(terminalreporter):
    figures = [
        (report.nodeid, value)
        for key in ("passed", "failed")
        for report in terminalreporter.stats.get(key, ())
        if report.when == "call"
        for name, value in getattr(report, "user_properties", ())
        if name == "figure"
    ]
    if figures:
        terminalreporter.section("figures measured in this run")
        for nodeid, text in figures:
            terminalreporter.write_line(f"{nodeid.split('::')[-1]}: {text.strip()}")


@pytest.fixture(scope="session")
def postgres_admin_url():
    url = os.environ.get("TEST_POSTGRES_URL", testing.DEFAULT_TEST_POSTGRES_URL)
    if not testing.postgres_available(url):
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required in CI and not reachable at {url}")
        pytest.skip(f"PostgreSQL not reachable at {url}")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """An empty database of each kind, one per test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
    else:
        admin_url = request.getfixturevalue("postgres_admin_url")
        with testing.scratch_postgres_database(admin_url) as url:
            yield url


@pytest.fixture(scope="session")
def nats_server():
    with testing.NatsServer() as server:
        yield server
