"""In person, at a Disdukcapil or kelurahan desk: the check that gives level 2, and the repair of an
account someone else activated with a resident's NIK.

Only officers of agencies whose code starts with one of the configured prefixes act here, and only
within their jurisdiction over the resident's village. Each act is written to the resident's access log
(found by NIK, so it survives a closed account) and published as an event.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from prometheus_client import Counter

from gorontalo.identity.v1 import events_pb2 as events
from servicekit.auth import Principal
from servicekit.errors import FieldViolation, InvalidArgument, NotFound, PermissionDenied, Validator

from ..domain import assurance, model
from ..domain import codes as c
from ..domain.model import AccessRecord
from . import codes, sessions
from .services import Clock

IN_PERSON_CHECKS = Counter(
    "gorontalo_identity_in_person_checks_total", "In-person checks confirmed by officers, by outcome.", ["outcome"]
)
TAKEOVERS_REPAIRED = Counter("gorontalo_identity_takeovers_repaired_total", "Accounts closed after a takeover.")


@dataclass(frozen=True)
class Challenge:
    challenge: str
    expires_at: object


@dataclass(frozen=True)
class Repair:
    account_id: str
    sessions_revoked: int
    credentials_revoked: int


def start_in_person_check(uow, clock: Clock, principal: Principal) -> Challenge:
    now = clock()
    with uow:
        account = uow.accounts.get(principal.subject)
        if account is None or not account.is_citizen or not account.active:
            raise NotFound()
        challenge = assurance.new_challenge()
        stored = assurance.InPersonChallenge(
            id=str(uuid.uuid4()),
            account_id=account.id,
            challenge_hash=assurance.challenge_hash(challenge),
            created_at=now,
            expires_at=now + assurance.CHALLENGE_LIFETIME,
        )
        uow.challenges.discard_for(account.id)  # one open check at a time: an older QR stops working
        uow.challenges.add(stored)
        uow.commit()
    return Challenge(challenge, stored.expires_at)


def own_challenge(uow, clock: Clock, principal: Principal, challenge: str) -> str:
    """The challenge, for its QR: only to its owner, and only while it can still be confirmed."""
    with uow:
        stored = uow.challenges.by_hash(assurance.challenge_hash(challenge))
    if stored is None or stored.account_id != principal.subject or not stored.usable(clock()):
        raise NotFound()
    return challenge.strip()


def _officer_may_act(principal: Principal, prefixes: tuple[str, ...]) -> None:
    if principal.role != "officer" or not assurance.may_check_in_person(principal.agency, prefixes):
        raise PermissionDenied("in_person_agency_not_allowed", agencies=", ".join(prefixes))


def _resident_region(uow, account: model.Account) -> str:
    resident = uow.residents.by_nik(account.nik) if account.nik else None
    return resident.village_code if resident else account.regency_code


def _audit(uow, clock: Clock, principal: Principal, nik: str, purpose: str) -> None:
    officer = uow.accounts.get(principal.subject)
    uow.access_log.record(
        nik,
        AccessRecord(
            principal.role,
            principal.subject,
            officer.full_name if officer else principal.subject,
            (officer.agency if officer else "") or principal.agency,
            purpose,
            clock(),
        ),
    )


def confirm_in_person_check(
    uow,
    clock: Clock,
    principal: Principal,
    *,
    challenge: str,
    nik: str,
    purpose: str,
    new_phone: str = "",
    prefixes: tuple[str, ...] = assurance.DEFAULT_AGENCY_PREFIXES,
) -> model.Account:
    """The officer scanned the resident's QR and holds their e-KTP: level 2. With `new_phone` (the old
    number was lost) the old number is dropped and a code goes to the new one, which counts as
    verified once the resident enters it (VerifyPhone)."""
    v = Validator()
    v.require("challenge", challenge)
    if not (len(nik or "") == 16 and nik.isdigit()):
        v.add("nik", "nik_not_16_digits")
    v.text("purpose", purpose, max_len=200, min_len=3)
    number = None
    if (new_phone or "").strip():
        number = model.normalise_phone(new_phone)
        if number is None:
            v.add("new_phone", "phone_invalid")
    v.raise_if_invalid()
    _officer_may_act(principal, prefixes)
    now = clock()
    with uow:
        stored = uow.challenges.by_hash(assurance.challenge_hash(challenge))
        account = uow.accounts.get(stored.account_id) if stored is not None and stored.usable(now) else None
        if account is None or not account.active:
            IN_PERSON_CHECKS.labels("challenge_invalid").inc()
            raise InvalidArgument(violations=[FieldViolation("challenge", "challenge_invalid")])
        principal.require_jurisdiction(_resident_region(uow, account))
        uow.challenges.mark_used(stored.id, now)  # spent either way: a mismatch means a wrong person
        if account.nik != nik:
            uow.commit()
            IN_PERSON_CHECKS.labels("nik_mismatch").inc()
            raise InvalidArgument(violations=[FieldViolation("nik", "in_person_nik_mismatch")])
        account.in_person_checked_at = now
        if number is not None and number != account.phone:
            account.release_phone()
            codes.send(uow, account.id, c.VERIFY_PHONE, number, now)
        uow.accounts.save(account)
        _audit(uow, clock, principal, nik, purpose.strip())
        codes.assurance_changed(uow, account, assurance.IN_PERSON, officer_id=principal.subject)
        uow.commit()
    IN_PERSON_CHECKS.labels("confirmed").inc()
    return account


def repair_takeover(
    uow,
    clock: Clock,
    principal: Principal,
    *,
    nik: str,
    purpose: str,
    prefixes: tuple[str, ...] = assurance.DEFAULT_AGENCY_PREFIXES,
) -> Repair:
    """The officer checked the real resident against the e-KTP; the account that holds the NIK was
    activated by someone else. Every session, access token and credential of it is revoked, it is
    closed and releases the NIK and the number, and the resident signs up anew."""
    v = Validator()
    if not (len(nik or "") == 16 and nik.isdigit()):
        v.add("nik", "nik_not_16_digits")
    v.text("purpose", purpose, max_len=200, min_len=5)
    v.raise_if_invalid()
    _officer_may_act(principal, prefixes)
    now = clock()
    with uow:
        account = uow.accounts.by_nik(nik)
        if account is None or not account.is_citizen:
            raise NotFound("account_not_found")
        principal.require_jurisdiction(_resident_region(uow, account))
        revoked_sessions = sessions.end_all(uow, account.id, now)
        revoked_credentials = 0
        for credential in uow.credentials.for_account(account.id):
            if not credential.revoked:
                uow.credentials.revoke(credential.id, now)
                uow.add_event(
                    events.CredentialRevoked(credential_id=credential.id, citizen_id=account.id), subject=account.id
                )
                revoked_credentials += 1
        uow.codes.discard(account.id)
        uow.challenges.discard_for(account.id)
        uow.accounts.close(account, now)
        _audit(uow, clock, principal, nik, purpose.strip())
        uow.add_event(
            events.CitizenTakeoverRepaired(
                citizen_id=account.id, officer_id=principal.subject, regency_code=account.regency_code
            ),
            subject=account.id,
        )
        uow.commit()
    TAKEOVERS_REPAIRED.inc()
    return Repair(account.id, revoked_sessions, revoked_credentials)
