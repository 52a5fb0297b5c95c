"""The province's token signing keys (Ed25519), each with a kid, and the JWKS.

Keys live as PEM files in identity's keys directory (servicekit.keys; in development generated
on first run), read and written through servicekit.signing: the newest key whose start time has
come signs; every key in the directory stays in the JWKS so tokens signed before a rotation remain
verifiable until they expire.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import uuid

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from servicekit import signing
from servicekit.auth import ALGORITHM, AUDIENCE, ISSUER

from ..domain.credentials import CREDENTIAL_AUDIENCE, CREDENTIAL_TYPE


class KeyRing:
    issuer = ISSUER

    def __init__(self, directory: pathlib.Path, *, prefix: str = "", generate: bool = True):
        """generate=False (keys from a managed directory): never make a key here."""
        self.directory = pathlib.Path(directory)
        self.prefix = prefix
        self.generate = generate
        self._keys: list[tuple[dt.datetime, Ed25519PrivateKey, dict]] = []
        self._public: dict[str, object] = {}
        self.reload()

    def reload(self) -> None:
        if self.generate:
            self.directory.mkdir(parents=True, exist_ok=True)
            if not any(self.directory.glob(f"{self.prefix}*.pem")):
                self.add_key()
        self._keys = signing.load_private_keys(self.directory, self.prefix)
        # Derived once per key: the verifier asks for the key of every token it serves from its cache.
        self._public = {jwk["kid"]: private_key.public_key() for _, private_key, jwk in self._keys}
        if not self._keys:
            raise signing.NoSigningKey(f"no {self.prefix}*.pem signing key in {self.directory}")

    def add_key(self, starts_at: dt.datetime | None = None) -> str:
        return signing.write_private_key(self.directory, self.prefix, starts_at)

    def jwks(self) -> dict:
        return {"keys": [jwk for *_, jwk in self._keys]}

    def public_key(self, kid: str):
        return self._public.get(kid)

    def sign(self, claims: dict, typ: str = "JWT") -> str:
        _, private_key, jwk = signing.signing_key(self._keys)
        return jwt.encode(claims, private_key, algorithm=ALGORITHM, headers={"kid": jwk["kid"], "typ": typ})

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
