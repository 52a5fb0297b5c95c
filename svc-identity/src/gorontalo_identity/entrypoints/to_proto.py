"""Domain objects as identity's proto messages (the servicers' one translation)."""

from __future__ import annotations

from google.protobuf import timestamp_pb2

from gorontalo.identity.v1 import identity_pb2 as pb

from ..domain.model import Account, mask_phone
from ..domain.nik import mask_nik
from ..service_layer import sessions


def ts(value) -> timestamp_pb2.Timestamp | None:
    if value is None:
        return None
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(value)
    return stamp


def account_message(account: Account, *, reveal: bool, reveal_nik: bool | None = None) -> pb.Account:
    """`reveal`: the account holder (phone in full); `reveal_nik`: the NIK in full too (default: as reveal)."""
    nik, phone = account.nik or "", account.phone or ""
    show_nik = reveal if reveal_nik is None else reveal_nik
    return pb.Account(
        id=account.id,
        role=account.role,
        full_name=account.full_name,
        nik=nik if show_nik else mask_nik(nik) if nik else "",
        phone=phone if reveal else mask_phone(phone) if phone else "",
        birth_date=account.birth_date.isoformat() if account.birth_date else "",
        regency_code=account.regency_code,
        agency=account.agency,
        jurisdiction=account.jurisdiction,
        created_at=ts(account.created_at),
        agency_head=account.agency_head,
        status=account.status if account.is_citizen else "",
        acr=account.acr,
        phone_verified=account.phone_verified,
    )


def resident_message(resident, *, reveal: bool) -> pb.Resident:
    return pb.Resident(
        nik=resident.nik if reveal else mask_nik(resident.nik),
        kk_number=resident.kk_number if reveal else mask_nik(resident.kk_number),
        full_name=resident.full_name,
        birth_place=resident.birth_place,
        birth_date=resident.birth_date.isoformat(),
        sex=resident.sex,
        address=resident.address,
        village_code=resident.village_code,
        district_code=resident.district_code,
        regency_code=resident.regency_code,
    )


def credential_message(credential) -> pb.Credential:
    return pb.Credential(
        id=credential.id,
        token=credential.token,
        issued_at=ts(credential.issued_at),
        expires_at=ts(credential.expires_at),
        revoked=credential.revoked,
    )


def access_message(entry) -> pb.AccessLogEntry:
    return pb.AccessLogEntry(
        actor_role=entry.actor_role,
        actor_name=entry.actor_name,
        agency=entry.agency,
        purpose=entry.purpose,
        at=ts(entry.at),
    )


def token_message(session: sessions.Session) -> pb.Token:
    return pb.Token(
        access_token=session.access_token,
        token_type="Bearer",
        expires_in=session.expires_in,
        refresh_token=session.refresh_token,
        refresh_expires_in=session.refresh_expires_in,
        acr=session.acr,
        required_action=session.required_action,
        enrollment_token=session.enrollment_token,
    )
