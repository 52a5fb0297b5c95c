"""The digital ID credential (IKD-like): minimum claims, signed, checkable offline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .nik import mask_nik

CREDENTIAL_LIFETIME = dt.timedelta(days=90)
CREDENTIAL_AUDIENCE = "gorontalo-digital-id"
CREDENTIAL_TYPE = "gorontalo-id+jwt"


@dataclass
class Credential:
    id: str
    account_id: str
    token: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


def credential_claims(
    *,
    credential_id: str,
    full_name: str,
    birth_date: dt.date,
    regency_code: str,
    nik: str,
    issued_at: dt.datetime,
    expires_at: dt.datetime,
    issuer: str,
) -> dict:
    """Only what a checker needs to match a face to a person: no full NIK, no address, no phone."""
    return {
        "iss": issuer,
        "aud": CREDENTIAL_AUDIENCE,
        "jti": credential_id,
        "iat": int(issued_at.timestamp()),
        "nbf": int(issued_at.timestamp()),
        "exp": int(expires_at.timestamp()),
        "name": full_name,
        "birth_date": birth_date.isoformat(),
        "regency": regency_code,
        "nik_masked": mask_nik(nik),
    }
