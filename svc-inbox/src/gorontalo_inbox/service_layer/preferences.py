"""A resident's delivery preferences, and the verification of an e-mail address by a link.

The address is kept as ciphertext (servicekit.pii, its own key file under var/inbox/) and receives
nothing but the verification link until that link is opened. The link's token is stored as its
SHA-256 only, single use, valid 48 hours.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from servicekit import notify as transports
from servicekit import ratelimit
from servicekit.auth import Principal
from servicekit.errors import FieldViolation, InvalidArgument
from servicekit.pii import PiiCipher

from .. import messages
from ..domain import preferences as rules
from ..domain.model import Phrase, Preferences

EMAIL_CONTEXT = "inbox.email"
TOKEN_LIFETIME = dt.timedelta(hours=48)
# Each new address sends a link: without a budget anyone signed in could mail a stranger's address
# without end (per resident), or many accounts could together (per address).
RESIDENT_LINKS_PER_HOUR, RESIDENT_LINKS_PER_DAY, ADDRESS_LINKS_PER_DAY = 5, 20, 5
VERIFY_PATH = "/v1/inbox/email:verify"


@dataclass(frozen=True)
class View:
    prefs: Preferences
    email_address: str  # clear, for its owner only


@dataclass(frozen=True)
class Mail:
    """How the inbox reaches an address: the PII cipher and the public origin of the verify link."""

    cipher: PiiCipher
    public_base_url: str
    # Budgets of verification links (*_LINKS_PER_*); None counts nothing.
    limits: ratelimit.RateLimits | None = None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def _view(prefs: Preferences, mail: Mail) -> View:
    address = mail.cipher.decrypt(prefs.email_encrypted, EMAIL_CONTEXT) if prefs.email_encrypted else ""
    return View(prefs, address)


def get_preferences(uow, mail: Mail, principal: Principal) -> View:
    principal.require_role("citizen")
    with uow:
        prefs = uow.preferences.get(principal.subject) or Preferences(principal.subject)
    return _view(prefs, mail)


def update_preferences(
    uow, mail: Mail, clock: Callable[[], dt.datetime], principal: Principal, change: rules.Change
) -> View:
    principal.require_role("citizen")
    with uow:
        found = uow.preferences.get(principal.subject, for_update=True)
        prefs = found or Preferences(principal.subject)
        current = _view(prefs, mail).email_address
        rules.validate(change, has_address=bool(current))
        if change.sms is not None:
            prefs.sms = change.sms
        start = prefs.quiet_start if change.quiet_start is None else change.quiet_start
        end = prefs.quiet_end if change.quiet_end is None else change.quiet_end
        prefs.quiet_start, prefs.quiet_end = rules.quiet_window(start, end)
        now = clock()
        if change.email_address is not None:
            address = rules.normalise_email(change.email_address) if change.email_address.strip() else ""
            if not address:
                prefs.email, prefs.email_encrypted, prefs.email_verified = False, "", False
                prefs.email_token_hash, prefs.email_token_expires_at = "", None
            elif address != current or not prefs.email_verified:
                _start_verification(uow, mail, prefs, address, now)
        if change.email is not None:
            prefs.email = change.email
        prefs.updated_at = now
        uow.preferences.save(prefs, new=found is None)
        uow.commit()
    return _view(prefs, mail)


def _start_verification(uow, mail: Mail, prefs: Preferences, address: str, now: dt.datetime) -> None:
    """A new address (or one never verified): a fresh link to it, the old link void."""
    if mail.limits is not None:
        mail.limits.enforce(
            [
                ("email_links_resident_hour", f"{RESIDENT_LINKS_PER_HOUR}/hour", prefs.resident_id),
                ("email_links_resident_day", f"{RESIDENT_LINKS_PER_DAY}/day", prefs.resident_id),
                ("email_links_address_day", f"{ADDRESS_LINKS_PER_DAY}/day", address.lower()),
            ]
        )
    token = secrets.token_urlsafe(32)
    prefs.email_encrypted = mail.cipher.encrypt(address, EMAIL_CONTEXT)
    prefs.email_verified = False
    prefs.email_token_hash, prefs.email_token_expires_at = _hash(token), now + TOKEN_LIFETIME
    link = f"{mail.public_base_url}{VERIFY_PATH}?token={token}"
    subject = messages.render(Phrase("email_verification_subject"))
    body = messages.render(Phrase("email_verification_body", {"link": link}))
    uow.deliveries.add(
        channel=transports.EMAIL,
        recipient_id=prefs.resident_id,
        destination_encrypted=prefs.email_encrypted,
        subject=f"Gorontalo Satu: {subject.id} / {subject.en}",
        message=f"{body.id}\n\n{body.en}\n",
        kind="email_verification",
        now=now,
    )


def verify_email(uow, mail: Mail, clock: Callable[[], dt.datetime], token: str) -> str:
    """Mark the address of the link's token verified; returns it masked. Unknown, used or expired: 400."""
    invalid = InvalidArgument(violations=[FieldViolation("token", "email_token_invalid")])
    if not token:
        raise invalid
    with uow:
        prefs = uow.preferences.by_token_hash(_hash(token))
        now = clock()
        if prefs is None or prefs.email_token_expires_at is None or prefs.email_token_expires_at <= now:
            raise invalid
        prefs.email_verified = True
        prefs.email_token_hash, prefs.email_token_expires_at = "", None
        prefs.updated_at = now
        uow.preferences.save(prefs, new=False)
        uow.commit()
    return rules.mask_email(_view(prefs, mail).email_address)
