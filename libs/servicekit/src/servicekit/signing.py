"""Ed25519 signing keys for documents anyone can verify offline (permit certificates, tax receipts).

A service keeps its keys as PEM files in a directory of its own under VAR_DIR, generated on
first run. The newest key signs; every key stays in the published JWKS, so a document printed
before a key rotation still verifies offline. Each kind of document has its own issuer and JWT
`typ`, so a receipt can never pass as a permit.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import pathlib

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

ALGORITHM = "EdDSA"


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def public_jwk(private_key: Ed25519PrivateKey) -> dict:
    x = _b64url(private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))
    canonical = json.dumps({"crv": "Ed25519", "kty": "OKP", "x": x}, separators=(",", ":"), sort_keys=True)
    kid = _b64url(hashlib.sha256(canonical.encode()).digest())  # RFC 7638 thumbprint
    return {"kty": "OKP", "crv": "Ed25519", "x": x, "kid": kid, "alg": ALGORITHM, "use": "sig"}


class DocumentKeyRing:
    def __init__(self, directory: pathlib.Path, *, issuer: str, token_type: str):
        self.issuer = issuer
        self.token_type = token_type
        self.directory = pathlib.Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        if not any(self.directory.glob("*.pem")):
            self._generate()
        keys = []
        for path in self.directory.glob("*.pem"):
            private_key = serialization.load_pem_private_key(path.read_bytes(), password=None)
            keys.append((path.name, private_key, public_jwk(private_key)))
        self._keys = sorted(keys, key=lambda k: k[0])  # names start with the creation time

    def _generate(self) -> None:
        private_key = Ed25519PrivateKey.generate()
        pem = private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        kid = public_jwk(private_key)["kid"]
        path = self.directory / f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S%f}-{kid[:8]}.pem"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # pragma: no cover - another process started at the same microsecond
            return
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)

    def jwks(self) -> dict:
        return {"keys": [jwk for *_, jwk in self._keys]}

    def sign(self, claims: dict) -> str:
        _, private_key, jwk = self._keys[-1]
        return jwt.encode(
            {"iss": self.issuer, **claims},
            private_key,
            algorithm=ALGORITHM,
            headers={"kid": jwk["kid"], "typ": self.token_type},
        )


def verify_offline(token: str, jwks: dict, *, issuer: str, token_type: str) -> dict:
    """What an offline verifier does with the published JWKS: the claims, or jwt.PyJWTError."""
    header = jwt.get_unverified_header(token)
    if header.get("typ") != token_type or header.get("alg") != ALGORITHM:
        raise jwt.InvalidTokenError(f"not a {token_type} token")
    for jwk in jwks.get("keys", []):
        if jwk.get("kid") == header.get("kid"):
            key = jwt.PyJWK(jwk).key
            return jwt.decode(token, key, algorithms=[ALGORITHM], issuer=issuer, options={"require": ["iat"]})
    raise jwt.InvalidTokenError("unknown kid")
