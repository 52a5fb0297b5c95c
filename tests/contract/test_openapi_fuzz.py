"""Schemathesis holds the running platform to its own /openapi.json (issue 11).

Every operation is fuzzed from the document (examples, boundary "coverage" cases and random
cases; 25 per operation), once anonymously and once as a signed-in citizen, against a stack of its
own (fuzzed complaints and reports must not disturb the other end-to-end tests). The run fails on:
- a server error (5xx),
- a status code, Content-Type, response header or response body the document does not declare,
- a wrong answer to a method the path does not have (must be 405).
A request the document allows but the server refuses with 400 is reported (as a warning) but not
failed: tracking codes, receipt numbers and NIKs carry check digits that a schema cannot state.

The seed is fixed, so a failure reproduces; the command schemathesis prints replays it.
"""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest
import requests

from tests.e2e.conftest import Residents, sign_up
from tests.e2e.stack import running_stack

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("contract")]

CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_headers_conformance,response_schema_conformance,unsupported_method"
)
EXAMPLES_PER_OPERATION = 25
SCHEMATHESIS = pathlib.Path(sys.executable).parent / "schemathesis"


@pytest.fixture(scope="module")
def fuzz_stack(tmp_path_factory):
    # PostgreSQL for the services that keep personal data, as in production.
    with running_stack(tmp_path_factory.mktemp("contract-stack"), on_postgres=("identity", "tax")) as running:
        # Signed up before any fuzzing: the anonymous run's failed log-ins spend this address's
        # failure budget (identity's rate limit), which would refuse the citizen's log-in after it.
        with requests.Session() as http:
            residents = Residents(running.workdir / "var" / "demo-register.csv")
            running.citizen_headers = sign_up(running, http, residents.take())["headers"]
        yield running


def _fuzz(url: str, workdir: pathlib.Path, name: str, headers: dict[str, str]) -> tuple[int, str]:
    command = [
        str(SCHEMATHESIS),
        "run",
        f"{url}/openapi.json",
        "--checks",
        CHECKS,
        "--max-examples",
        str(EXAMPLES_PER_OPERATION),
        "--phases",
        "examples,coverage,fuzzing",
        # One worker: CPython 3.11's ast.parse (used by Hypothesis to describe lambdas) is not
        # thread-safe and fails with "AST constructor recursion depth mismatch" under two.
        "--workers",
        "1",
        "--seed",
        "20261206",
        "--no-color",
        "--report",
        "junit",
        "--report-dir",
        str(workdir / f"schemathesis-{name}"),
    ]
    for key, value in headers.items():
        command += ["-H", f"{key}: {value}"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=workdir)
    return result.returncode, result.stdout + result.stderr


def _summary(output: str) -> str:
    lines = [line.strip() for line in output.splitlines()]
    tested = next((line for line in lines if line.startswith("Tested:")), "Tested: ?")
    cases = next((line for line in lines if "generated," in line), "?")
    return f"{tested} operations, {cases}"


@pytest.mark.parametrize("caller", ["anonymous", "citizen"])
def test_every_operation_answers_as_documented(fuzz_stack, caller, report_figure):
    headers = fuzz_stack.citizen_headers if caller == "citizen" else {}
    code, output = _fuzz(fuzz_stack.url, fuzz_stack.workdir, caller, headers)
    report_figure(f"schemathesis as {caller}: {_summary(output)}")
    assert code == 0, output[-20000:] + "\n\nerrors in the services' logs:\n" + _logged_errors(fuzz_stack)
    assert "Tested: 0" not in output


def _logged_errors(stack) -> str:
    """What the processes logged at error level (a 5xx's traceback), to read beside schemathesis' report."""
    lines = []
    for path in sorted(stack.logs.glob("*.log")):
        for line in path.read_text(errors="replace").splitlines():
            if '"level": "error"' in line or "Traceback" in line:
                lines.append(f"{path.name}: {line[:3000]}")
    return "\n".join(lines[-40:])
