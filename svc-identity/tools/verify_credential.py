#!/usr/bin/env python3
"""Check a Gorontalo digital ID credential OFFLINE, with nothing but the province's JWKS.

    python verify_credential.py --jwks jwks.json CREDENTIAL_JWS
    (save the JWKS once, while online: curl -o jwks.json https://<gateway>/.well-known/jwks.json)

Needs only PyJWT with its crypto extra; it imports nothing from the platform, so a
verifier in a village without signal can carry it on a laptop. Revocation needs the
online check (POST /v1/identity/credentials:verify); offline proves signature and expiry.
Exit status: 0 valid, 1 invalid.
"""

from __future__ import annotations

import argparse
import json
import sys

import jwt

AUDIENCE = "gorontalo-digital-id"
ISSUER = "https://gorontalo.go.id/identity"
TYPE = "gorontalo-id+jwt"


def verify(token: str, jwks: dict) -> dict:
    header = jwt.get_unverified_header(token)
    if header.get("alg") != "EdDSA" or header.get("typ") != TYPE:
        raise jwt.InvalidTokenError("not a Gorontalo digital ID credential")
    matching = [k for k in jwks.get("keys", []) if k.get("kid") == header.get("kid")]
    if not matching:
        raise jwt.InvalidTokenError("signed by a key that is not in this JWKS")
    key = jwt.PyJWK(matching[0]).key
    return jwt.decode(
        token, key, algorithms=["EdDSA"], audience=AUDIENCE, issuer=ISSUER, options={"require": ["exp", "iat", "jti"]}
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jwks", required=True, help="path of the saved JWKS document")
    parser.add_argument("token", help="the credential (compact JWS), e.g. read from its QR code")
    args = parser.parse_args()
    with open(args.jwks, encoding="utf-8") as handle:
        jwks = json.load(handle)
    try:
        claims = verify(args.token.strip(), jwks)
    except jwt.PyJWTError as error:
        print(json.dumps({"valid": False, "reason": str(error)}))
        return 1
    print(
        json.dumps(
            {
                "valid": True,
                "name": claims["name"],
                "birth_date": claims["birth_date"],
                "regency": claims["regency"],
                "nik_masked": claims["nik_masked"],
                "credential_id": claims["jti"],
                "expires": claims["exp"],
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
