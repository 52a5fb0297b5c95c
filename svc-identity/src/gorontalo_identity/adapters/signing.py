"""The province's token signing keys (Ed25519), each with a kid, and the JWKS.

Keys live as PEM files in a directory (generated on first run). The newest key
signs; every key in the directory stays in the JWKS so tokens signed before a
rotation remain verifiable until they expire.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import pathlib
import uuid

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from servicekit.auth import ALGORITHM, AUDIENCE, ISSUER

from ..domain.credentials import CREDENTIAL_AUDIENCE, CREDENTIAL_TYPE


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _public_jwk(private_key: Ed25519PrivateKey) -> dict:
    x = _b64url(private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))
    # RFC 7638 thumbprint: canonical JSON of the required members, sorted.
    canonical = json.dumps({"crv": "Ed25519", "kty": "OKP", "x": x}, separators=(",", ":"), sort_keys=True)
    kid = _b64url(hashlib.sha256(canonical.encode()).digest())
    return {"kty": "OKP", "crv": "Ed25519", "x": x, "kid": kid, "alg": ALGORITHM, "use": "sig"}


class KeyRing:
    issuer = ISSUER

    def __init__(self, directory: pathlib.Path):
        self.directory = directory
        self._keys: list[tuple[float, str, Ed25519PrivateKey, dict]] = []
        self.reload()

    def reload(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        if not any(self.directory.glob("*.pem")):
            self.add_key()
        keys = []
        for path in self.directory.glob("*.pem"):
            private_key = serialization.load_pem_private_key(path.read_bytes(), password=None)
            jwk = _public_jwk(private_key)
            keys.append((path.stat().st_mtime_ns, jwk["kid"], private_key, jwk))
        self._keys = sorted(keys, key=lambda k: k[0])

    def add_key(self) -> str:
        private_key = Ed25519PrivateKey.generate()
        kid = _public_jwk(private_key)["kid"]
        pem = private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        path = self.directory / f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S%f}-{kid[:8]}.pem"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
        return kid

    def jwks(self) -> dict:
        return {"keys": [jwk for *_, jwk in self._keys]}

    def public_key(self, kid: str):
        for _, key_id, private_key, _ in self._keys:
            if key_id == kid:
                return private_key.public_key()
        return None

    def sign(self, claims: dict, typ: str = "JWT") -> str:
        _, kid, private_key, _ = self._keys[-1]
        return jwt.encode(claims, private_key, algorithm=ALGORITHM, headers={"kid": kid, "typ": typ})

    def sign_credential(self, claims: dict) -> str:
        return self.sign(claims, typ=CREDENTIAL_TYPE)

    def verify_credential(self, token: str, now) -> tuple[str, dict]:
        """(status, claims): valid, expired, bad_signature or malformed, judged at `now` (the service's
        clock, not PyJWT's). Revocation is the caller's."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            return "malformed", {}
        key = self.public_key(header.get("kid", ""))
        if header.get("alg") != ALGORITHM or header.get("typ") != CREDENTIAL_TYPE or key is None:
            return "bad_signature", {}
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                audience=CREDENTIAL_AUDIENCE,
                issuer=ISSUER,
                options={
                    "require": ["exp", "iat", "jti"],
                    "verify_exp": False,
                    "verify_nbf": False,
                    "verify_iat": False,
                },
            )
        except jwt.InvalidSignatureError:
            return "bad_signature", {}
        except jwt.PyJWTError:
            return "malformed", {}
        moment = now.timestamp()
        if claims.get("nbf", claims["iat"]) > moment + 30:
            return "malformed", {}
        if moment >= claims["exp"]:
            return "expired", claims
        return "valid", claims

    def issue_access_token(
        self,
        *,
        subject: str,
        role: str,
        agency: str,
        jurisdiction: list[str],
        lifetime: dt.timedelta,
        now: dt.datetime,
        agency_head: bool = False,
        jti: str | None = None,
        acr: int = 0,
    ) -> str:
        claims = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": subject,
            "role": role,
            "iat": int(now.timestamp()),
            "nbf": int(now.timestamp()),
            "exp": int((now + lifetime).timestamp()),
            "jti": jti or uuid.uuid4().hex,
            # OpenID Connect writes the level as a string.
            "acr": str(acr),
        }
        if role == "officer":
            claims["agency"] = agency
            claims["jurisdiction"] = list(jurisdiction)
            if agency_head:
                claims["agency_head"] = True
        return self.sign(claims)
