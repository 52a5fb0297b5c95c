"""Each service installs and serves from its own wheel alone (issue 11, README "Running one service alone").

For every service: build its wheel and the two it stands on (contracts, servicekit), install the
three into a fresh virtual environment (no site packages, nothing from this checkout), and start
`gorontalo-<service> serve` from there, outside the repository, until gRPC health says SERVING.
An undeclared dependency fails the import; runtime data left out of the wheel (migrations, seed
tables, the complaints training set) fails the start.
"""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import sys
import time
import venv

import grpc
import pytest
import requests
from grpc_health.v1 import health_pb2, health_pb2_grpc

from servicekit import testing_pki
from servicekit.testing import NatsServer, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("packaging")]

ROOT = pathlib.Path(__file__).resolve().parents[2]
SERVICES = ("identity", "permits", "tax", "complaints", "disaster", "inbox", "tourism", "assist")
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheels")
    sources = tmp_path_factory.mktemp("sources")
    projects = []
    for project in ["proto", "libs/servicekit", *(f"svc-{name}" for name in SERVICES), "web"]:
        # Built from a clean copy: setuptools' in-tree build/ would otherwise carry stale modules into wheels.
        copy = sources / pathlib.Path(project).name
        shutil.copytree(ROOT / project, copy, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
        projects.append(str(copy))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            *projects,
        ],
        cwd=sources,
        check=True,
        timeout=600,
    )
    return out


@pytest.fixture(scope="module")
def nats():
    with NatsServer() as server:
        yield server


def _wheel(wheelhouse: pathlib.Path, distribution: str) -> str:
    found = sorted(wheelhouse.glob(f"{distribution.replace('-', '_')}-*.whl"))
    assert found, f"no wheel for {distribution} in {wheelhouse}"
    return str(found[-1])


def _wait_serving(
    address: str, var_dir: pathlib.Path, process: subprocess.Popen, log: pathlib.Path, timeout: float = 90
) -> None:
    """Health over mutual TLS, as the gateway, with a certificate of the dev CA in the service's VAR_DIR
    (whichever of the two comes first creates it)."""
    deadline = time.monotonic() + timeout
    with testing_pki.dev_channel(address, var_dir) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"serve exited with {process.returncode}:\n{log.read_text()[-5000:]}")
            try:
                if (
                    stub.Check(health_pb2.HealthCheckRequest(), timeout=1).status
                    == health_pb2.HealthCheckResponse.SERVING
                ):
                    return
            except grpc.RpcError:
                pass
            time.sleep(0.3)
    pytest.fail(f"not SERVING within {timeout} s:\n{log.read_text()[-5000:]}")


@pytest.mark.parametrize("service", SERVICES)
def test_service_installs_and_serves_from_its_wheel(service, wheelhouse, nats, tmp_path):
    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(environment)
    python = environment / "bin" / "python"
    wheels = [
        _wheel(wheelhouse, f"gorontalo-{service}"),
        _wheel(wheelhouse, "gorontalo-contracts"),
        _wheel(wheelhouse, "gorontalo-servicekit"),
    ]
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-c",
            str(CONSTRAINTS),
            *wheels,
        ],
        check=True,
        timeout=900,
    )

    home = tmp_path / "run"  # outside the checkout: nothing may be read from the repository
    home.mkdir()
    grpc_port, metrics_port = free_port(), free_port()
    env = {
        "PATH": f"{environment / 'bin'}:/usr/bin:/bin",
        "HOME": str(home),
        "VAR_DIR": str(home / "var"),
        "NATS_URL": nats.url,
        f"{service.upper()}_ADDR": f"127.0.0.1:{grpc_port}",
        f"{service.upper()}_METRICS_PORT": str(metrics_port),
        "PYTHONNOUSERSITE": "1",
        # The log is the evidence when a start or a stop goes wrong: written as it happens.
        "PYTHONUNBUFFERED": "1",
        # A graceful stop waits this long per stage (gRPC, the bus, senders); the test only needs it to end.
        "SHUTDOWN_GRACE_SECONDS": "5",
        # An installed service reads no registry file: it is told where identity (the token issuer) is.
        "IDENTITY_ADDR": f"127.0.0.1:{grpc_port if service == 'identity' else free_port()}",
        # Permits calls tax (fee bills): it is told where, as an agency's deployment would be.
        "TAX_ADDR": f"127.0.0.1:{grpc_port if service == 'tax' else free_port()}",
        # Tourism checks permits (the badge) and disaster (alerts at a place); assist reads their sources.
        "PERMITS_ADDR": f"127.0.0.1:{grpc_port if service == 'permits' else free_port()}",
        "DISASTER_ADDR": f"127.0.0.1:{grpc_port if service == 'disaster' else free_port()}",
    }
    command = environment / "bin" / f"gorontalo-{service}"
    if service == "complaints":
        # Its category model is trained from the training set shipped in the wheel.
        subprocess.run(
            [str(command), "train-model", "--output", str(home / "var" / "complaints-category-model.joblib")],
            cwd=home,
            env=env,
            check=True,
            timeout=300,
            capture_output=True,
        )
    log = tmp_path / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen([str(command), "serve"], cwd=home, env=env, stdout=sink, stderr=subprocess.STDOUT)
    try:
        _wait_serving(f"127.0.0.1:{grpc_port}", home / "var", process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            pytest.fail(f"serve did not stop within 60 s of SIGTERM:\n{log.read_text()[-5000:]}")
    imported_from = subprocess.run(
        [str(python), "-c", f"import gorontalo_{service}; print(gorontalo_{service}.__file__)"],
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(environment) in imported_from and str(ROOT) not in imported_from


def test_web_app_installs_and_serves_its_pages_from_its_wheel(wheelhouse, tmp_path):
    """Gorontalo Satu from its wheel alone: templates, words and hashed static files all come from the
    installed package; with no gateway behind it the home page still answers (it says the status is unknown)."""
    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(environment)
    wheels = [_wheel(wheelhouse, name) for name in ("gorontalo-web", "gorontalo-servicekit", "gorontalo-contracts")]
    subprocess.run(
        [
            str(environment / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-c",
            str(CONSTRAINTS),
            *wheels,
        ],
        check=True,
        timeout=900,
    )
    home = tmp_path / "run"
    home.mkdir()
    port = free_port()
    env = {
        "PATH": f"{environment / 'bin'}:/usr/bin:/bin",
        "HOME": str(home),
        "VAR_DIR": str(home / "var"),
        "PYTHONNOUSERSITE": "1",
        "WEB_BIND": f"127.0.0.1:{port}",
        "WEB_WORKERS": "1",
        "GATEWAY_URL": f"http://127.0.0.1:{free_port()}",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "WEB_SESSION_NAMESPACE": f"packaging-{port}",
    }
    log = tmp_path / "web.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [str(environment / "bin" / "gorontalo-web")], cwd=home, env=env, stdout=sink, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        page = None
        while time.monotonic() < deadline and page is None:
            if process.poll() is not None:
                pytest.fail(f"gorontalo-web exited with {process.returncode}:\n{log.read_text()[-5000:]}")
            try:
                page = requests.get(base + "/", timeout=5)
            except requests.ConnectionError:
                time.sleep(0.3)
        assert page is not None, log.read_text()[-5000:]
        assert page.status_code == 200 and 'lang="id"' in page.text
        assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.text)
        assert any(a.endswith(".css") for a in assets) and any(a.endswith(".js") for a in assets)
        for asset in assets:
            assert requests.get(base + asset, timeout=5).status_code == 200, asset
        for path in ("/masuk", "/daftar"):
            assert requests.get(base + path, timeout=5).status_code == 200, path
    finally:
        process.terminate()
        process.wait(timeout=30)
