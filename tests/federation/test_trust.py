"""Issue 17's trust between machines, over the veth network: who the province's services and NATS
refuse, each refusal next to the same call that succeeds, so a refusal cannot pass for a broken link."""

from __future__ import annotations

import json
import os
import sys

import pytest

from tests.federation.three_hosts import ROOT

TAX_REGION = "75.71"


def check(federation, host, *args: str, env: dict | None = None) -> dict:
    """One tests/federation/host_checks.py check, run inside `host`."""
    env = (env or federation.env(host)) | {"PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = host.run([sys.executable, "-m", "tests.federation.host_checks", *args], env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def certificates(federation):
    """Kota's own permits certificate (the officers issued it at start); one the officers issued to
    Pohuwato for a permits service; and one for Kota's permits identity from a CA the province never made."""
    officers = federation.pki.officer_dir
    pohuwato = officers / "issued" / "7504-permits-extra"
    if not pohuwato.exists():
        federation.pki.issue(pohuwato, "permits", "7504", [federation.pohuwato.address])
    rogue_ca = officers.parent / "rogue-ca"
    rogue = officers.parent / "rogue-7571-permits"
    if not rogue.exists():
        federation.pki.run("init", "--dir", str(rogue_ca))
        federation.pki.issue(rogue, "permits", "7571", [federation.kota.address], ca=rogue_ca)
    return {
        "kota": federation.pki.host_dir(federation.kota, "permits"),
        "pohuwato": pohuwato,
        "rogue": rogue,
    }


def officer_env(federation, http, host, username: str) -> dict:
    """The host's environment with the token of a demo officer, which permits passes on to tax."""
    answer = http.post(
        federation.url + "/v1/identity/token",
        json={"username": username, "password": federation.demo_credentials()[username]},
    )
    assert answer.status_code == 200, answer.text
    return federation.env(host) | {"CHECK_BEARER_TOKEN": answer.json()["access_token"]}


def test_tax_admits_kota_permits_for_its_region_only_and_refuses_other_cas_and_plaintext(
    federation, http, certificates
):
    tax = f"{federation.province.address}:{federation.ports['tax'][0]}"
    kota, pohuwato = federation.kota, federation.pohuwato
    as_kota = officer_env(federation, http, kota, "petugas.kota")
    as_pohuwato = officer_env(federation, http, pohuwato, "petugas.pohuwato")

    admitted = check(federation, kota, "grpc", tax, str(certificates["kota"]), TAX_REGION, env=as_kota)
    assert admitted == {"code": "OK", "region_code": TAX_REGION}, admitted

    # Another agency's certificate, for that agency's RPC: a permits service, but Pohuwato's.
    elsewhere = check(federation, pohuwato, "grpc", tax, str(certificates["pohuwato"]), TAX_REGION, env=as_kota)
    assert (elsewhere["code"], elsewhere["reason"]) == ("PERMISSION_DENIED", "PEER_OUTSIDE_REGION"), elsewhere
    own_region = check(federation, pohuwato, "grpc", tax, str(certificates["pohuwato"]), "75.04", env=as_pohuwato)
    assert own_region["code"] == "OK", own_region

    # Kota's identity, signed by a CA that is not the province's: the handshake itself is refused.
    impostor = check(federation, kota, "grpc", tax, str(certificates["rogue"]), TAX_REGION, env=as_kota)
    assert impostor["code"] == "UNAVAILABLE" and not impostor["reason"], impostor

    plaintext = check(federation, kota, "grpc", tax, "plaintext", TAX_REGION, env=as_kota)
    assert plaintext["code"] == "UNAVAILABLE" and not plaintext["reason"], plaintext


def test_a_kota_nats_user_cannot_publish_tax_events_nor_delete_or_purge_the_stream(federation):
    seen = check(
        federation, federation.kota, "nats", federation.nats_url, env=federation.env(federation.kota, "permits")
    )
    assert seen["stream_before"] == seen["stream_after"] == "GORONTALO", seen
    assert (seen["delete"], seen["purge"]) == ("unanswered", "unanswered"), seen
    for subject in (
        "gorontalo.tax.payment.received",
        "$js.api.stream.delete.gorontalo",
        "$js.api.stream.purge.gorontalo",
    ):
        assert any(f'permissions violation for publish to "{subject}"' in e for e in seen["errors"]), (subject, seen)
    assert seen["messages_after"] >= seen["messages_before"], seen  # nothing purged
