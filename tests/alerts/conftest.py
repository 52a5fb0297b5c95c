"""Tools of Debian's prometheus and prometheus-alertmanager packages (`make tools`): a test without them
skips on a developer's machine and fails in CI."""

from __future__ import annotations

import os
import shutil

import pytest


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        reason = f"{name} not installed (make tools: apt-get install {package})"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + ": required in CI")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def promtool() -> str:
    return _tool("promtool", "prometheus")


@pytest.fixture(scope="session")
def amtool() -> str:
    return _tool("amtool", "prometheus-alertmanager")
