"""docs/federation.md followed as written: Kabupaten Gorontalo Utara joins the running federation.

Each marked block (`<!-- walkthrough: <who> -->` before a ```sh fence) runs literally, where its reader
would run it: the PKI officers beside the provincial CA (on none of the hosts), the platform team beside
the registry, the agency on its own host (the `gorut` namespace), a client on the LAN."""

from __future__ import annotations

import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time

import pytest

from tests.federation.three_hosts import ROOT

DOC = ROOT / "docs" / "federation.md"
BLOCK = re.compile(r"<!-- walkthrough: ([a-z-]+) -->\n```sh\n(.*?)```", re.DOTALL)
STEPS = ["officer", "agency", "registry", "agency-serve", "client"]
BIN = str(pathlib.Path(sys.executable).parent)


def walkthrough() -> list[tuple[str, str]]:
    return BLOCK.findall(DOC.read_text(encoding="utf-8"))


def test_the_document_marks_every_step_of_joining():
    assert [who for who, _ in walkthrough()] == STEPS


def clean_env(**extra: str) -> dict[str, str]:
    """What a fresh shell of the agency has: none of the test run's platform settings, the platform's
    console scripts on PATH."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.endswith(("_ADDR", "_DATABASE_URL", "_LISTEN", "_INSTANCE", "_FILE"))
        and k not in ("VAR_DIR", "NATS_URL", "AGENCY_CODE", "SERVICES_FILE")
    }
    env["PATH"] = BIN + os.pathsep + env.get("PATH", "")
    return env | extra


def run_block(script: str, *, cwd: pathlib.Path, netns: str | None = None, env: dict | None = None) -> str:
    argv = ["bash", "-euo", "pipefail", "-c", script]
    if netns:
        argv = ["ip", "netns", "exec", netns, *argv]
    done = subprocess.run(argv, cwd=cwd, env=env or clean_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{script}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
    return done.stdout


@pytest.fixture
def joined(federation):
    """Runs the document; afterwards the registry and the gateway are put back as they were."""
    registry_before = federation.registry_file.read_text(encoding="utf-8")
    yield federation
    federation.gorut.stop_all()
    federation.registry_file.write_text(registry_before, encoding="utf-8")
    federation.restart_gateway()


def test_an_agency_joins_by_following_docs_federation_md(joined):
    federation = joined
    steps = dict(walkthrough())
    officers = federation.pki.officer_dir
    agency = federation.gorut

    # 1. The officers issue the certificate beside their CA, and hand the folder over.
    shown = run_block(steps["officer"], cwd=officers)
    assert "spiffe://gorontaloprov.go.id/agency/7505/permits" in shown, shown
    shutil.copytree(officers / "permits-7505", agency.workdir.parent / "permits-7505")
    installed = run_block(steps["agency"], cwd=agency.workdir, netns=agency.namespace)
    assert "permits.gorutkab.go.id" in installed, installed
    assert (agency.workdir / "tls" / "permits" / "key.pem").stat().st_mode & 0o077 == 0

    # 2. The platform team declares the instance; the gateway reads it at its next start, and the
    # agency runs with the same published file.
    run_block(steps["registry"], cwd=federation.registry_file.parent)
    (agency.workdir / "services.toml").symlink_to(federation.registry_file)
    federation.restart_gateway()
    federation.reload_nats()  # the instance's NATS user, rendered from the registry

    # 3. The agency runs its service as the document says.
    agency.spawn("permits", ["bash", "-euo", "pipefail", "-c", steps["agency-serve"]], clean_env())
    agency.wait_port(federation.ports["permits"][0], process="permits")

    # 4. Anyone sees it in the directory: up once the gateway's health check has reached it.
    def directory_entry() -> dict:
        listed = run_block(
            steps["client"], cwd=agency.workdir, netns=federation.network.lan, env=clean_env(GATEWAY=federation.url)
        )
        return json.loads(listed)

    permits = wait_until(
        directory_entry, lambda entry: instances_of(entry).get("gorontalo-utara", {}).get("status") == "up"
    )
    assert permits["name"] == "permits" and permits["status"] == "up", permits
    joined_instance = instances_of(permits)["gorontalo-utara"]
    assert (joined_instance["agency"], joined_instance["regions"]) == ("7505", ["75.05"]), joined_instance
    assert joined_instance["identity"] == "spiffe://gorontaloprov.go.id/agency/7505/permits", joined_instance
    # It is on NATS as its own user (the TLS connection and its durable), else serve would not stay up.
    assert agency.processes["permits"].poll() is None, agency.tail_logs()


def instances_of(entry: dict) -> dict[str, dict]:
    return {instance["name"]: instance for instance in entry.get("instances", [])}


def wait_until(read, done, timeout: float = 60):
    """read() until done(answer); the last answer either way (the caller's assert shows it)."""
    deadline = time.monotonic() + timeout
    answer = read()
    while not done(answer) and time.monotonic() < deadline:
        time.sleep(0.5)
        answer = read()
    return answer
