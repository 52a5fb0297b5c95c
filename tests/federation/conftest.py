"""The three-host federation (network namespaces), started once for this directory's tests."""

from __future__ import annotations

import pytest

from tests.federation.netns import NamespacesUnavailable
from tests.federation.three_hosts import running_federation


def pytest_collection_modifyitems(items):
    # Dozens of processes on three hosts: never beside the heavy end-to-end stack (make test runs
    # with --dist loadgroup, so one worker takes the whole group in turn).
    for item in items:
        if "/tests/federation/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.xdist_group("e2e"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing test shows the last lines of every host's process logs (kept under the run's tmp dir)."""
    outcome = yield
    report = outcome.get_result()
    running = item.funcargs.get("federation") if hasattr(item, "funcargs") else None
    if report.failed and running is not None:
        report.sections.append(("federation hosts' logs", running.tail_logs()))


@pytest.fixture(scope="session")
def federation(tmp_path_factory):
    try:
        with running_federation(tmp_path_factory.mktemp("federation")) as running:
            yield running
    except NamespacesUnavailable as reason:
        # Never a skip: the federation test is a deliverable of make test on this project's machines.
        pytest.fail(f"cannot build the three hosts as network namespaces: {reason}")


@pytest.fixture(scope="session")
def http(federation):
    """Requests from a client on the federation's LAN (the test process never joins a host)."""
    return federation.http


@pytest.fixture(scope="session")
def residents(federation):
    """The province's demo register, each resident handed to one test (tests/e2e's Residents)."""
    from tests.e2e.conftest import Residents

    return Residents(federation.workdir / "var" / "demo-register.csv")
