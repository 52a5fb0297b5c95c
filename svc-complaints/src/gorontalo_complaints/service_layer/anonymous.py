"""Filing without an account: only as `anonim`, with a contact to hear back, rate-limited.

The contact (a phone number or an e-mail address) is encrypted at rest with
servicekit.pii and found again only through its keyed hash; it is never shown
to the agency or the public, nor put in an event or a log line. Two limits
apply: per client address (the gateway's `x-client-address`), counted in the
shared rate-limit storage (service_layer.limits), and per contact over the last
24 hours, counted in the database. A phone number is stored in E.164
(servicekit.phones), as every service stores it.

The filer gets a reporter key, shown once: a secret they present (header
X-Reporter-Key) to see the dialogue, answer the agency's questions, rate and
reopen, as an account holder would. Only its hash is kept, as the complaint's
reporter id, so the database cannot hand the key out and the key names no one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from prometheus_client import Counter

from servicekit import phones
from servicekit.auth import Principal
from servicekit.errors import FieldViolation, InvalidArgument, ResourceExhausted

from ..domain import model
from ..domain.notifications import CONTACT_CONTEXT
from . import services

ANONYMOUS_CHANNELS = ("web", "app", "sms")
REFUSED = Counter(
    "gorontalo_complaints_anonymous_rate_limited_total",
    "Anonymous filings refused by the per-contact limit.",
    ["limit"],
)
REPORTER_KEY_HEADER = "x-reporter-key"
CONTACT_WINDOW = dt.timedelta(days=1)
_REPORTER_KEY = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+$")


@dataclass(frozen=True)
class AnonymousLimits:
    per_contact_per_day: int = 3


def reporter_subject(reporter_key: str) -> str:
    # 128 bits of the hash are plenty to tell reporters apart and fit the reporter id column.
    return "anonymous:" + hashlib.sha256(reporter_key.encode()).hexdigest()[:32]


def reporter_from_key(reporter_key: str) -> Principal | None:
    """The anonymous filer, as the follow-up use cases know reporters; None for no key or a malformed one.

    A wrong but well-formed key yields a reporter of nothing: the use cases then refuse it as
    they refuse any citizen asking about another's complaint.
    """
    key = (reporter_key or "").strip()
    if not _REPORTER_KEY.match(key):
        return None
    return Principal(subject=reporter_subject(key), role="citizen")


def normalise_phone(raw: str) -> str | None:
    """An Indonesian mobile number in E.164 (+628...), by servicekit.phones; None when it is not one.

    The former hand-written rule (08 and 8 to 11 digits) took toll-free and made-up numbers; it wrote
    the same +62 form, so contacts stored before keep their keyed hash and are found again.
    """
    try:
        return phones.to_e164(raw)
    except phones.InvalidPhone:
        return None


def check_contact(phone: str, email: str) -> str:
    violations = []
    contact = ""
    if phone:
        contact = normalise_phone(phone) or ""
        if not contact:
            violations.append(FieldViolation("contact_phone", "phone_invalid"))
    if email and not contact:
        email = email.strip().lower()
        if len(email) > 254 or not _EMAIL.match(email):
            violations.append(FieldViolation("contact_email", "email_invalid"))
        else:
            contact = email
    if not phone and not email:
        violations.append(FieldViolation("contact_phone", "contact_required"))
    if violations:
        raise InvalidArgument(violations=violations)
    return contact


def file_anonymous(
    uow,
    clock,
    new_code,
    cipher,
    limiter,
    limits: AnonymousLimits,
    *,
    client_address: str,
    category: str,
    title: str,
    description: str,
    latitude: float,
    longitude: float,
    region_code: str,
    privacy: str,
    channel: str,
    contact_phone: str,
    contact_email: str,
    router=None,
) -> model.ComplaintView:
    violations = []
    if privacy not in ("", "anonim"):
        violations.append(FieldViolation("privacy", "anonymous_needs_anonim"))
    if channel and channel not in ANONYMOUS_CHANNELS:
        violations.append(FieldViolation("channel", "not_one_of", {"allowed": ", ".join(ANONYMOUS_CHANNELS)}))
    try:
        filing = model.validate_filing(
            category=category,
            title=title,
            description=description,
            latitude=latitude,
            longitude=longitude,
            region_code=region_code,
            privacy="anonim",
            channel=channel or "web",
        )
    except InvalidArgument as error:
        violations += error.violations
    try:
        contact = check_contact(contact_phone, contact_email)
    except InvalidArgument as error:
        violations += error.violations
    if violations:
        raise InvalidArgument(violations=violations)
    limiter.anonymous_filing(client_address)
    index = cipher.index(contact, CONTACT_CONTEXT)
    now = clock()
    with uow:
        recent = uow.complaints.contact_filings_times_since(index, now - CONTACT_WINDOW)
    if len(recent) >= limits.per_contact_per_day:
        REFUSED.labels("contact").inc()
        # Free again when the oldest filing that counts leaves the 24-hour window.
        free_at = recent[len(recent) - limits.per_contact_per_day] + CONTACT_WINDOW
        raise ResourceExhausted(
            "contact_rate_limited",
            limit=limits.per_contact_per_day,
            retry_after=max(1, int((free_at - now).total_seconds()) + 1),
        )
    reporter_key = secrets.token_urlsafe(32)
    reporter = services.Reporter(
        id=reporter_subject(reporter_key),
        contact_encrypted=cipher.encrypt(contact, CONTACT_CONTEXT),
        contact_index=index,
    )
    complaint = services.create_complaint(uow, clock, new_code, reporter, filing, router=router)
    # The filer holds no account: this answer (tracking code and key) is their only receipt.
    return dataclasses.replace(model.view_of(complaint, reporter.id), reporter_key=reporter_key)
