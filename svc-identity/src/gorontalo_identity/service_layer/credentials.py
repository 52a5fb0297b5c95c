"""Digital ID credentials: issue, show as QR, revoke, verify online."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Protocol

from prometheus_client import Counter

from gorontalo.identity.v1 import events_pb2 as events
from servicekit.errors import FailedPrecondition, NotFound, PermissionDenied, Validator

from ..domain.credentials import CREDENTIAL_LIFETIME, Credential, credential_claims

CREDENTIAL_CHECKS = Counter(
    "gorontalo_identity_credential_verifications_total", "Online credential checks by status.", ["status"]
)


class CredentialSigner(Protocol):
    issuer: str

    def sign_credential(self, claims: dict) -> str: ...

    def verify_credential(self, token: str, now: dt.datetime) -> tuple[str, dict]: ...


@dataclass(frozen=True)
class Verification:
    status: str
    claims: dict

    @property
    def valid(self) -> bool:
        return self.status == "valid"


# The digital ID vouches for who holds it: only a resident checked in person (level 2) gets one.
CREDENTIAL_ACR = 2


def issue(uow, signer: CredentialSigner, clock, account_id: str) -> Credential:
    now = clock()
    with uow:
        account = uow.accounts.get(account_id)
        if account is None or not account.nik:
            raise NotFound()
        # The account's level now, not only the token's: a reset by SMS or a phone change since the
        # token was signed has dropped it.
        if account.acr < CREDENTIAL_ACR:
            raise PermissionDenied("assurance_insufficient", required_acr=CREDENTIAL_ACR, acr=account.acr)
        credential_id = str(uuid.uuid4())
        expires = now + CREDENTIAL_LIFETIME
        claims = credential_claims(
            credential_id=credential_id,
            full_name=account.full_name,
            birth_date=account.birth_date,
            regency_code=account.regency_code,
            nik=account.nik,
            issued_at=now,
            expires_at=expires,
            issuer=signer.issuer,
        )
        credential = Credential(
            id=credential_id,
            account_id=account.id,
            token=signer.sign_credential(claims),
            issued_at=now,
            expires_at=expires,
        )
        uow.credentials.add(credential)
        uow.add_event(
            events.CredentialIssued(
                credential_id=credential_id, citizen_id=account.id, regency_code=account.regency_code
            ),
            subject=account.id,
        )
        uow.commit()
    return credential


def own(uow, account_id: str, credential_id: str) -> Credential:
    with uow:
        credential = uow.credentials.get(credential_id)
    if credential is None or credential.account_id != account_id:
        raise NotFound()  # someone else's credential id is no different from a missing one
    return credential


def revoke(uow, clock, account_id: str, credential_id: str) -> Credential:
    now = clock()
    with uow:
        credential = uow.credentials.get(credential_id)
        if credential is None or credential.account_id != account_id:
            raise NotFound()
        if credential.revoked:
            raise FailedPrecondition("credential_already_revoked")
        uow.credentials.revoke(credential_id, now)
        uow.add_event(events.CredentialRevoked(credential_id=credential_id, citizen_id=account_id), subject=account_id)
        uow.commit()
    credential.revoked_at = now
    return credential


def verify(uow, signer: CredentialSigner, clock, token: str) -> Verification:
    v = Validator()
    v.text("token", token, max_len=4000)
    v.raise_if_invalid()
    status, claims = signer.verify_credential(token.strip(), clock())
    if status == "valid":
        with uow:
            stored = uow.credentials.get(claims.get("jti", ""))
        if stored is None:
            status = "bad_signature"  # signed by us but unknown: treat as forged, never as valid
        elif stored.revoked:
            status = "revoked"
    CREDENTIAL_CHECKS.labels(status).inc()
    return Verification(status, claims if status in ("valid", "revoked", "expired") else {})
