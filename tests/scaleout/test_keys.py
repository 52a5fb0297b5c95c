"""Keys come from one place per service, so replicas read each other's data (issue 18, "Keys").

`gorontalo-<service> keys init --dir DIR` makes them once (and never over existing ones); replicas given
<SERVICE>_KEYS_DIR read them there and never make their own: one without them refuses to start and
names the command. Two replicas bootstrapped with their own VAR_DIR and one keys directory decrypt
each other's personal data and verify each other's signatures; without it they could not.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
import subprocess

import jwt
import pytest
from cryptography.exceptions import InvalidTag

from servicekit.auth import TokenVerifier
from servicekit.config import ServiceSettings
from servicekit.errors import Unauthenticated

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"


def _run(*argv: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / argv[0]), *argv[1:]],
        env={**os.environ, **(env or {})},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _init(service: str, directory: pathlib.Path) -> list[str]:
    done = _run(f"gorontalo-{service}", "keys", "init", "--dir", str(directory))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["written"]


def _snapshot(directory: pathlib.Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def _replica_settings(monkeypatch, tmp_path, service: str, name: str, keys_dir: pathlib.Path | None):
    """One replica: its own VAR_DIR (own database, own everything), the shared keys directory if given."""
    var = tmp_path / name
    monkeypatch.setenv("VAR_DIR", str(var))
    monkeypatch.delenv(f"{service.upper()}_DATABASE_URL", raising=False)
    if keys_dir is None:
        monkeypatch.delenv(f"{service.upper()}_KEYS_DIR", raising=False)
    else:
        monkeypatch.setenv(f"{service.upper()}_KEYS_DIR", str(keys_dir))
    return ServiceSettings.from_env(service)


def _identity_replica(monkeypatch, tmp_path, name: str, keys_dir: pathlib.Path | None):
    from gorontalo_identity.bootstrap import bootstrap

    return bootstrap(_replica_settings(monkeypatch, tmp_path, "identity", name, keys_dir))


def _token(app) -> str:
    now = dt.datetime.now(dt.UTC)
    return app.keys.issue_access_token(
        subject="acc-1", role="citizen", agency="", jurisdiction=[], lifetime=dt.timedelta(minutes=5), now=now
    )


def test_keys_init_writes_the_layout_once_and_never_over_existing_keys(tmp_path):
    directory = tmp_path / "identity-keys"
    written = _init("identity", directory)
    assert written[0] == "pii-keys.json" and len(written) == 2 and written[1].startswith("signing-")
    assert {path.stat().st_mode & 0o777 for path in directory.iterdir()} == {0o600}
    before = _snapshot(directory)

    again = _run("gorontalo-identity", "keys", "init", "--dir", str(directory))
    assert again.returncode == 1 and "holds every key already" in again.stderr
    assert _snapshot(directory) == before

    # A release that adds a kind of key (permits' pii-keys.json, with the pre-check): init writes only it.
    (directory / "pii-keys.json").unlink()
    before = _snapshot(directory)
    assert _init("identity", directory) == ["pii-keys.json"]
    assert {name: data for name, data in _snapshot(directory).items() if name != "pii-keys.json"} == before

    # Every service with keys has the command, each its own layout.
    assert _init("tax", tmp_path / "tax-keys")[0] == "owner-nik-keys.json"
    permits = _init("permits", tmp_path / "permits-keys")
    assert permits[0] == "pii-keys.json" and permits[1].startswith("signing-")
    for service in ("complaints", "disaster", "inbox"):
        assert _init(service, tmp_path / f"{service}-keys") == ["pii-keys.json"]


def test_two_identity_replicas_with_one_keys_dir_read_and_verify_each_other(tmp_path, monkeypatch):
    keys_dir = tmp_path / "identity-keys"
    _init("identity", keys_dir)
    first = _identity_replica(monkeypatch, tmp_path, "replica-a", keys_dir)
    second = _identity_replica(monkeypatch, tmp_path, "replica-b", keys_dir)

    sealed = first.cipher.encrypt("+6281234567890", "account.phone")
    assert second.cipher.decrypt(sealed, "account.phone") == "+6281234567890"
    assert first.cipher.index("7571010101900001", "nik") == second.cipher.index("7571010101900001", "nik")
    assert TokenVerifier(second.keys.public_key).verify(_token(first)).subject == "acc-1"
    assert first.keys.jwks() == second.keys.jwks()
    # Nothing was generated beside the shared directory.
    assert not (tmp_path / "replica-a" / "identity").exists() and not (tmp_path / "replica-b" / "identity").exists()


def test_without_a_shared_keys_dir_replicas_cannot_read_each_other(tmp_path, monkeypatch):
    first = _identity_replica(monkeypatch, tmp_path, "dev-a", None)
    second = _identity_replica(monkeypatch, tmp_path, "dev-b", None)
    with pytest.raises(InvalidTag):
        second.cipher.decrypt(first.cipher.encrypt("+6281234567890", "account.phone"), "account.phone")
    with pytest.raises(Unauthenticated):
        TokenVerifier(second.keys.public_key).verify(_token(first))
    assert first.keys.jwks() != second.keys.jwks()


def test_two_tax_replicas_share_nik_keys_and_receipt_signatures(tmp_path, monkeypatch):
    from gorontalo_tax.adapters import receipts
    from gorontalo_tax.bootstrap import bootstrap

    keys_dir = tmp_path / "tax-keys"
    _init("tax", keys_dir)
    first = bootstrap(_replica_settings(monkeypatch, tmp_path, "tax", "tax-a", keys_dir))
    second = bootstrap(_replica_settings(monkeypatch, tmp_path, "tax", "tax-b", keys_dir))
    assert second.cipher.decrypt(first.cipher.encrypt("7571010101900001")) == "7571010101900001"
    assert first.cipher.index("7571010101900001") == second.cipher.index("7571010101900001")
    token = first.receipt_keys.sign({"sub": "NTPD-1", "iat": int(dt.datetime.now(dt.UTC).timestamp())})
    assert receipts.verify_offline(token, second.receipt_keys.jwks())["sub"] == "NTPD-1"


def test_a_replica_without_its_keys_refuses_to_start_and_names_the_command(tmp_path):
    empty = tmp_path / "mounted-secret"
    empty.mkdir()
    env = {"VAR_DIR": str(tmp_path / "var"), "PERMITS_KEYS_DIR": str(empty), "NATS_URL": "nats://127.0.0.1:1"}
    serve = _run("gorontalo-permits", "serve", env=env)
    assert serve.returncode != 0
    assert "PERMITS_KEYS_DIR" in serve.stderr and "gorontalo-permits keys init --dir DIR" in serve.stderr
    assert list(empty.iterdir()) == []
    assert not (tmp_path / "var" / "permits").exists() or not any((tmp_path / "var" / "permits").glob("**/*.pem"))


def test_identity_migrate_reads_the_shared_keys_and_never_makes_a_pii_key(tmp_path):
    """The migration Job re-encrypts with the serving replicas' key (0004), so it must not invent one."""
    empty = tmp_path / "mounted-secret"
    empty.mkdir()
    env = {"VAR_DIR": str(tmp_path / "var"), "IDENTITY_KEYS_DIR": str(empty)}
    migrate = _run("gorontalo-identity", "migrate", env=env)
    assert migrate.returncode != 0 and "gorontalo-identity keys init --dir DIR" in migrate.stderr
    assert list(empty.iterdir()) == [] and not list((tmp_path / "var").glob("**/pii-keys.json"))

    _init("identity", empty)
    assert _run("gorontalo-identity", "migrate", env=env).returncode == 0
    assert not list((tmp_path / "var").glob("**/pii-keys.json"))


def test_rotation_publishes_first_and_switches_at_its_time(tmp_path, monkeypatch):
    keys_dir = tmp_path / "identity-keys"
    _init("identity", keys_dir)
    app = _identity_replica(monkeypatch, tmp_path, "replica-a", keys_dir)
    [old_kid] = [key["kid"] for key in app.keys.jwks()["keys"]]

    staged = _run("gorontalo-identity", "keys", "rotate", "--dir", str(keys_dir))  # default: used in an hour
    assert staged.returncode == 0, staged.stderr
    report = json.loads(staged.stdout)
    app = _identity_replica(monkeypatch, tmp_path, "replica-b", keys_dir)  # a replica of the rollout
    assert [key["kid"] for key in app.keys.jwks()["keys"]] == [old_kid, report["signing_kid"]]
    assert jwt.get_unverified_header(_token(app))["kid"] == old_kid  # published, not yet signing
    assert app.cipher.encrypt("+628111", "account.phone").startswith("k1:")
    refused = _run("gorontalo-identity", "keys", "rotate", "--dir", str(keys_dir))
    assert refused.returncode == 1 and "staged already" in refused.stderr

    # Its time comes (here: a rotation staged to start at once, on a fresh directory).
    now_dir = tmp_path / "identity-keys-now"
    _init("identity", now_dir)
    app = _identity_replica(monkeypatch, tmp_path, "replica-c", now_dir)
    old_token, old_sealed = _token(app), app.cipher.encrypt("+628111", "account.phone")
    rotated = _run("gorontalo-identity", "keys", "rotate", "--dir", str(now_dir), "--after", "0")
    assert rotated.returncode == 0, rotated.stderr
    new_kid = json.loads(rotated.stdout)["signing_kid"]
    app = _identity_replica(monkeypatch, tmp_path, "replica-d", now_dir)
    assert jwt.get_unverified_header(_token(app))["kid"] == new_kid
    assert app.cipher.encrypt("+628111", "account.phone").startswith("k2:")
    assert app.cipher.decrypt(old_sealed, "account.phone") == "+628111"  # the old key still reads
    assert TokenVerifier(app.keys.public_key).verify(old_token).subject == "acc-1"
