"""The permits service's keys for permit tokens in certificate QR codes (servicekit.signing)."""

from __future__ import annotations

import pathlib

from servicekit import signing

ISSUER = "gorontalo-permits"
TOKEN_TYPE = "permit+jwt"


class PermitKeyRing(signing.DocumentKeyRing):
    def __init__(self, directory: pathlib.Path, *, prefix: str = "", generate: bool = True):
        super().__init__(directory, issuer=ISSUER, token_type=TOKEN_TYPE, prefix=prefix, generate=generate)


def verify_offline(token: str, jwks: dict) -> dict:
    return signing.verify_offline(token, jwks, issuer=ISSUER, token_type=TOKEN_TYPE)
