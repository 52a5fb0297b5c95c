"""Repositories of the register, agencies, sessions, credentials, API clients and the access log."""
from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa

from ..domain.credentials import Credential
from ..domain.model import AccessRecord, Agency, ApiClient
from ..domain.register import Resident
from ..domain.sessions import RefreshToken
from servicekit.pii import PiiCipher
from .tables import (access_log, agencies, api_clients, credentials, ektp_checks, refresh_tokens, residents,
                     revoked_tokens)


class ResidentRepository:
    def __init__(self, session, cipher: PiiCipher):
        self.session = session
        self.cipher = cipher

    def _from_row(self, row) -> Resident:
        return Resident(
            id=row.id, nik=self.cipher.decrypt(row.nik_encrypted, f"nik:{row.id}"),
            kk_number=self.cipher.decrypt(row.kk_encrypted, f"kk:{row.id}"), full_name=row.full_name,
            birth_place=row.birth_place, birth_date=row.birth_date, sex=row.sex, address=row.address,
            village_code=row.village_code, district_code=row.district_code, regency_code=row.regency_code,
        )

    def by_nik(self, nik: str) -> Resident | None:
        row = self.session.execute(sa.select(residents).where(
            residents.c.nik_index == self.cipher.index(nik, "nik"))).first()
        return self._from_row(row) if row else None

    def fingerprint(self, nik: str) -> tuple[str, str] | None:
        row = self.session.execute(sa.select(residents.c.id, residents.c.fingerprint).where(
            residents.c.nik_index == self.cipher.index(nik, "nik"))).first()
        return (row.id, row.fingerprint) if row else None

    def fingerprint_of(self, resident: Resident) -> str:
        """Keyed, so the stored value cannot confirm a guessed NIK offline."""
        return self.cipher.index(resident.fingerprint(), "fingerprint")

    def upsert(self, resident: Resident, now: dt.datetime, existing_id: str | None) -> str:
        resident_id = existing_id or str(uuid.uuid4())
        values = {
            "nik_encrypted": self.cipher.encrypt(resident.nik, f"nik:{resident_id}"),
            "nik_index": self.cipher.index(resident.nik, "nik"),
            "kk_encrypted": self.cipher.encrypt(resident.kk_number, f"kk:{resident_id}"),
            "kk_index": self.cipher.index(resident.kk_number, "kk"),
            "full_name": resident.full_name, "birth_place": resident.birth_place,
            "birth_date": resident.birth_date, "sex": resident.sex, "address": resident.address,
            "village_code": resident.village_code, "district_code": resident.district_code,
            "regency_code": resident.regency_code, "fingerprint": self.fingerprint_of(resident), "updated_at": now,
        }
        if existing_id:
            self.session.execute(residents.update().where(residents.c.id == existing_id).values(**values))
        else:
            self.session.execute(residents.insert().values(id=resident_id, **values))
        return resident_id

    def count(self) -> int:
        return self.session.execute(sa.select(sa.func.count()).select_from(residents)).scalar_one()


class AgencyRepository:
    def __init__(self, session):
        self.session = session

    def add(self, agency: Agency) -> None:
        self.session.execute(agencies.insert().values(**vars(agency)))

    def get(self, agency_id: str) -> Agency | None:
        row = self.session.execute(sa.select(agencies).where(agencies.c.id == agency_id)).first()
        return Agency(**row._mapping) if row else None

    def by_code(self, code: str) -> Agency | None:
        row = self.session.execute(sa.select(agencies).where(agencies.c.code == code)).first()
        return Agency(**row._mapping) if row else None

    def page(self, offset: int, limit: int) -> list[Agency]:
        rows = self.session.execute(sa.select(agencies).order_by(agencies.c.code).offset(offset).limit(limit))
        return [Agency(**row._mapping) for row in rows]


class RefreshTokenRepository:
    def __init__(self, session):
        self.session = session

    def add(self, token: RefreshToken) -> None:
        self.session.execute(refresh_tokens.insert().values(**vars(token)))

    def get(self, token_id: str) -> RefreshToken | None:
        row = self.session.execute(sa.select(refresh_tokens).where(refresh_tokens.c.id == token_id)).first()
        if not row:
            return None
        return RefreshToken(**row._mapping)

    def mark_used(self, token_id: str, now: dt.datetime) -> bool:
        """Atomic: only one of two concurrent refreshes with the same token wins."""
        result = self.session.execute(refresh_tokens.update().where(
            refresh_tokens.c.id == token_id, refresh_tokens.c.used_at.is_(None),
            refresh_tokens.c.revoked_at.is_(None)).values(used_at=now))
        return result.rowcount == 1

    def revoke_family(self, family_id: str, now: dt.datetime) -> None:
        self.session.execute(refresh_tokens.update().where(
            refresh_tokens.c.family_id == family_id, refresh_tokens.c.revoked_at.is_(None)).values(revoked_at=now))

    def family_of_access_token(self, access_token_id: str) -> str | None:
        return self.session.execute(sa.select(refresh_tokens.c.family_id).where(
            refresh_tokens.c.access_token_id == access_token_id)).scalar()

    def live_access_tokens(self, family_id: str, now: dt.datetime) -> list[tuple[str, dt.datetime]]:
        """(jti, expiry) of the family's access tokens that have not expired yet."""
        rows = self.session.execute(sa.select(refresh_tokens.c.access_token_id, refresh_tokens.c.access_expires_at)
                                    .where(refresh_tokens.c.family_id == family_id,
                                           refresh_tokens.c.access_token_id.is_not(None),
                                           refresh_tokens.c.access_expires_at > now))
        return [(row.access_token_id, row.access_expires_at) for row in rows]


class RevokedTokenRepository:
    def __init__(self, session):
        self.session = session

    def add(self, token_id: str, expires_at: dt.datetime, now: dt.datetime) -> bool:
        """Record one revoked access token; False if it was already recorded."""
        self.session.execute(revoked_tokens.delete().where(revoked_tokens.c.expires_at <= now))  # keep it small
        if self.is_revoked(token_id, now):
            return False
        self.session.execute(revoked_tokens.insert().values(token_id=token_id, expires_at=expires_at))
        return True

    def is_revoked(self, token_id: str, now: dt.datetime) -> bool:
        return self.session.execute(sa.select(revoked_tokens.c.token_id).where(
            revoked_tokens.c.token_id == token_id, revoked_tokens.c.expires_at > now)).first() is not None


class CredentialRepository:
    def __init__(self, session):
        self.session = session

    @staticmethod
    def _from_row(row) -> Credential:
        return Credential(id=row.id, account_id=row.account_id, token=row.token, issued_at=row.issued_at,
                          expires_at=row.expires_at, revoked_at=row.revoked_at)

    def add(self, credential: Credential) -> None:
        self.session.execute(credentials.insert().values(**vars(credential)))

    def get(self, credential_id: str) -> Credential | None:
        row = self.session.execute(sa.select(credentials).where(credentials.c.id == credential_id)).first()
        return self._from_row(row) if row else None

    def for_account(self, account_id: str) -> list[Credential]:
        rows = self.session.execute(sa.select(credentials).where(credentials.c.account_id == account_id)
                                    .order_by(credentials.c.issued_at))
        return [self._from_row(row) for row in rows]

    def revoke(self, credential_id: str, now: dt.datetime) -> None:
        self.session.execute(credentials.update().where(credentials.c.id == credential_id,
                                                        credentials.c.revoked_at.is_(None)).values(revoked_at=now))


class ApiClientRepository:
    def __init__(self, session):
        self.session = session

    def add(self, client: ApiClient) -> None:
        self.session.execute(api_clients.insert().values(**vars(client)))

    def get(self, client_id: str) -> ApiClient | None:
        row = self.session.execute(sa.select(api_clients).where(api_clients.c.id == client_id)).first()
        return ApiClient(**row._mapping) if row else None

    def checks_since(self, client_id: str, since: dt.datetime) -> int:
        return self.session.execute(sa.select(sa.func.count()).select_from(ektp_checks).where(
            # Refused attempts do not use up the budget, or a retrying client would stay locked out.
            ektp_checks.c.client_id == client_id, ektp_checks.c.at >= since,
            ektp_checks.c.outcome != "rate_limited")).scalar_one()

    def record_check(self, client_id: str, now: dt.datetime, outcome: str, nik_index: str | None,
                     purpose: str) -> None:
        self.session.execute(ektp_checks.insert().values(client_id=client_id, at=now, outcome=outcome,
                                                         nik_index=nik_index, purpose=purpose))


class AccessLogRepository:
    def __init__(self, session, cipher: PiiCipher):
        self.session = session
        self.cipher = cipher

    def record(self, nik: str, entry: AccessRecord) -> None:
        self.session.execute(access_log.insert().values(subject_nik_index=self.cipher.index(nik, "nik"),
                                                        **vars(entry)))

    def for_nik(self, nik: str, offset: int = 0, limit: int = 1000) -> list[AccessRecord]:
        rows = self.session.execute(
            sa.select(access_log).where(access_log.c.subject_nik_index == self.cipher.index(nik, "nik"))
            .order_by(access_log.c.at.desc(), access_log.c.id.desc()).offset(offset).limit(limit))
        return [AccessRecord(actor_role=r.actor_role, actor_id=r.actor_id, actor_name=r.actor_name,
                             agency=r.agency, purpose=r.purpose, at=r.at) for r in rows]
