"""One-time SMS codes and in-person challenges in the database.

A code's digits exist only as a keyed hash (the PII index key, so a stolen table cannot be matched
against the 10^6 possible codes offline), and the number it went to only encrypted.
"""

from __future__ import annotations

import datetime as dt
import hmac

import sqlalchemy as sa

from servicekit.pii import PiiCipher

from ..domain.assurance import InPersonChallenge
from ..domain.codes import MAX_WRONG_ATTEMPTS, VerificationCode
from .tables import in_person_challenges, verification_codes


class VerificationCodeRepository:
    def __init__(self, session, cipher: PiiCipher):
        self.session = session
        self.cipher = cipher

    def digest(self, code_id: str, code: str) -> str:
        # The id salts it: two rows with the same digits hash differently.
        return self.cipher.index(f"{code_id}:{code}", "verification-code")

    def matches(self, stored: VerificationCode, code: str) -> bool:
        return hmac.compare_digest(stored.code_hash, self.digest(stored.id, code))

    def add(self, code: VerificationCode) -> None:
        self.session.execute(
            verification_codes.insert().values(
                id=code.id,
                account_id=code.account_id,
                purpose=code.purpose,
                code_hash=code.code_hash,
                phone_encrypted=self.cipher.encrypt(code.phone, f"code-phone:{code.id}"),
                attempts=code.attempts,
                created_at=code.created_at,
                expires_at=code.expires_at,
                used_at=code.used_at,
            )
        )

    def _from_row(self, row) -> VerificationCode:
        return VerificationCode(
            id=row.id,
            account_id=row.account_id,
            purpose=row.purpose,
            code_hash=row.code_hash,
            phone=self.cipher.decrypt(row.phone_encrypted, f"code-phone:{row.id}"),
            created_at=row.created_at,
            expires_at=row.expires_at,
            attempts=row.attempts,
            used_at=row.used_at,
        )

    def latest(self, account_id: str, purpose: str) -> VerificationCode | None:
        row = self.session.execute(
            sa.select(verification_codes)
            .where(verification_codes.c.account_id == account_id, verification_codes.c.purpose == purpose)
            .order_by(verification_codes.c.created_at.desc())
            .limit(1)
        ).first()
        return self._from_row(row) if row else None

    def discard(self, account_id: str, purposes: tuple[str, ...] | None = None) -> None:
        """Forget the account's codes (of these purposes): a new code replaces them, or they lost meaning."""
        condition = verification_codes.c.account_id == account_id
        if purposes:
            condition = sa.and_(condition, verification_codes.c.purpose.in_(purposes))
        self.session.execute(verification_codes.delete().where(condition))

    def count_wrong_attempt(self, code_id: str) -> bool:
        """One more wrong try, atomically (two guesses at once both count); False when none was left."""
        result = self.session.execute(
            verification_codes.update()
            .where(verification_codes.c.id == code_id, verification_codes.c.attempts < MAX_WRONG_ATTEMPTS)
            .values(attempts=verification_codes.c.attempts + 1)
        )
        return result.rowcount == 1

    def mark_used(self, code_id: str, now: dt.datetime) -> bool:
        """Atomic: of two requests with the same right code, one wins."""
        result = self.session.execute(
            verification_codes.update()
            .where(verification_codes.c.id == code_id, verification_codes.c.used_at.is_(None))
            .values(used_at=now)
        )
        return result.rowcount == 1


class ChallengeRepository:
    def __init__(self, session):
        self.session = session

    def add(self, challenge: InPersonChallenge) -> None:
        self.session.execute(in_person_challenges.insert().values(**vars(challenge)))

    def by_hash(self, challenge_hash: str) -> InPersonChallenge | None:
        row = self.session.execute(
            sa.select(in_person_challenges).where(in_person_challenges.c.challenge_hash == challenge_hash)
        ).first()
        return InPersonChallenge(**row._mapping) if row else None

    def mark_used(self, challenge_id: str, now: dt.datetime) -> bool:
        result = self.session.execute(
            in_person_challenges.update()
            .where(in_person_challenges.c.id == challenge_id, in_person_challenges.c.used_at.is_(None))
            .values(used_at=now)
        )
        return result.rowcount == 1

    def discard_for(self, account_id: str) -> None:
        self.session.execute(in_person_challenges.delete().where(in_person_challenges.c.account_id == account_id))
