#!/usr/bin/env python3
"""Check a Gorontalo tax receipt OFFLINE, with nothing but the receipt keys (JWKS) saved once.

    curl -s https://<gateway>/v1/tax/receipt-keys -o receipt-keys.json     # once, while online
    python verify_receipt.py --jwks receipt-keys.json RECEIPT_TOKEN          # the text of the receipt's QR code

Needs only PyJWT with its crypto extra; it imports nothing from the platform. It proves that Bapenda
signed this receipt number, amount, tax type and date; the online check
(GET /v1/tax/receipts/verify/{number}) also proves the payment is still on record.
Exit status: 0 valid, 1 invalid.
"""

from __future__ import annotations

import argparse
import json
import sys

import jwt

ISSUER = "gorontalo-tax"
TYPE = "receipt+jwt"


def verify(token: str, jwks: dict) -> dict:
    header = jwt.get_unverified_header(token)
    if header.get("alg") != "EdDSA" or header.get("typ") != TYPE:
        raise jwt.InvalidTokenError("not a Gorontalo tax receipt")
    matching = [k for k in jwks.get("keys", []) if k.get("kid") == header.get("kid")]
    if not matching:
        raise jwt.InvalidTokenError("signed by a key that is not in this JWKS")
    return jwt.decode(
        token, jwt.PyJWK(matching[0]).key, algorithms=["EdDSA"], issuer=ISSUER, options={"require": ["iat", "sub"]}
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jwks", required=True, help="path of the saved receipt keys (JWKS)")
    parser.add_argument("token", help="the receipt token (compact JWS) read from its QR code")
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
                "receipt_number": claims["sub"],
                "amount": claims["amt"],
                "tax_type": claims["tax"],
                "tax_year": claims.get("yr"),
                "authority_code": claims["auth"],
                "paid_date": claims["paid"],
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
