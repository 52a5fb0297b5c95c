"""Ed25519 signing keys for documents anyone can verify offline (permit certificates, tax receipts).

A service keeps its keys as PEM files in its keys directory (servicekit.keys), named
`<prefix><UTC time>-<kid>.pem` where the time is when the key starts signing: the newest key whose
time has come signs, so a rotation can publish a key on every replica before any signs with it.
Every key stays in the published JWKS, so a document printed before a rotation still verifies
offline. Each kind of document has its own issuer and JWT `typ`, so a receipt never passes as a permit.
Keys are ordered by name, never by file times (a Kubernetes Secret mount gives every file the same).
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


TIME_FORMAT = "%Y%m%dT%H%M%S%f"


class NoSigningKey(LookupError):
    pass


def write_private_key(directory: pathlib.Path, prefix: str = "", starts_at: dt.datetime | None = None) -> str:
    """A new Ed25519 key file (mode 0600) signing from `starts_at` (default now); returns its kid."""
    private_key = Ed25519PrivateKey.generate()
    pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    kid = public_jwk(private_key)["kid"]
    moment = (starts_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    path = pathlib.Path(directory) / f"{prefix}{moment.strftime(TIME_FORMAT)}-{kid[:8]}.pem"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return kid


def load_private_keys(directory: pathlib.Path, prefix: str = "") -> list[tuple[dt.datetime, object, dict]]:
    """(signs from, private key, public JWK) of every `<prefix>*.pem`, oldest first."""
    keys = []
    for path in sorted(pathlib.Path(directory).glob(f"{prefix}*.pem")):
        stamp = path.name[len(prefix) :].split("-")[0]
        starts = dt.datetime.strptime(stamp, TIME_FORMAT).replace(tzinfo=dt.UTC)
        private_key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        keys.append((starts, private_key, public_jwk(private_key)))
    return keys


def signing_key(keys: list[tuple[dt.datetime, object, dict]], now: dt.datetime | None = None):
    """The newest key whose time has come (the oldest if none has: a clock behind the rotation)."""
    if not keys:
        raise NoSigningKey("no signing key")
    moment = now or dt.datetime.now(dt.UTC)
    started = [key for key in keys if key[0] <= moment]
    return (started or keys[:1])[-1]


class DocumentKeyRing:
    def __init__(
        self,
        directory: pathlib.Path,
        *,
        issuer: str,
        token_type: str,
        prefix: str = "",
        generate: bool = True,
    ):
        """generate=False (keys from a managed directory): no key is made here, NoSigningKey instead."""
        self.issuer = issuer
        self.token_type = token_type
        self.directory = pathlib.Path(directory)
        if generate:
            self.directory.mkdir(parents=True, exist_ok=True)
            if not any(self.directory.glob(f"{prefix}*.pem")):
                try:
                    write_private_key(self.directory, prefix)
                except FileExistsError:  # pragma: no cover - another process, the same microsecond
                    pass
        self._keys = load_private_keys(self.directory, prefix)
        if not self._keys:
            raise NoSigningKey(f"no {prefix}*.pem signing key in {self.directory}")

    def jwks(self) -> dict:
        return {"keys": [jwk for *_, jwk in self._keys]}

    def sign(self, claims: dict) -> str:
        _, private_key, jwk = signing_key(self._keys)
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
