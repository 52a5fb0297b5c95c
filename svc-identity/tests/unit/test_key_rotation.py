"""Signing keys rotate without logging anyone out."""

import datetime as dt

from gorontalo_identity.adapters.signing import KeyRing
from gorontalo_identity.entrypoints.cli import main as cli
from servicekit.auth import JwksCache, TokenVerifier


def _token(ring: KeyRing) -> str:
    return ring.issue_access_token(
        subject="c1",
        role="citizen",
        agency="",
        jurisdiction=[],
        lifetime=dt.timedelta(minutes=15),
        now=dt.datetime.now(dt.UTC),
    )


def test_rotation_keeps_old_tokens_valid_and_publishes_both_keys(tmp_path):
    ring = KeyRing(tmp_path / "keys")
    old_token = _token(ring)
    old_kid = ring.jwks()["keys"][0]["kid"]
    new_kid = ring.add_key()
    ring.reload()
    assert [k["kid"] for k in ring.jwks()["keys"]] == [old_kid, new_kid]
    new_token = _token(ring)
    # A service that only knows the JWKS document verifies both.
    verifier = TokenVerifier(JwksCache(ring.jwks).key)
    assert verifier.verify(old_token).subject == verifier.verify(new_token).subject == "c1"
    import jwt

    assert jwt.get_unverified_header(new_token)["kid"] == new_kid


def test_rotate_keys_command(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    ring = KeyRing(tmp_path / "identity" / "signing-keys")
    first = ring.jwks()["keys"][0]["kid"]
    assert cli(["rotate-keys"]) == 0
    out = capsys.readouterr().out
    assert first in out and len(KeyRing(tmp_path / "identity" / "signing-keys").jwks()["keys"]) == 2
