"""The inbox's read model: a resident, their timeline items and notifications, their preferences.

Plain Python. Items and notifications are derived from events only, so that replaying the stream
gives them back (`gorontalo-inbox rebuild`): their ids are derived from what they are about, and
their times are the events' times, never the moment the inbox happened to apply them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

# Kinds of timeline item, and the service that owns each.
APPLICATION, BILL, COMPLAINT, CREDENTIAL, REPORT = "application", "bill", "complaint", "credential", "report"
ITEM_KINDS = (APPLICATION, BILL, COMPLAINT, CREDENTIAL, REPORT)
SERVICE_OF = {
    APPLICATION: "permits",
    BILL: "tax",
    COMPLAINT: "complaints",
    CREDENTIAL: "identity",
    REPORT: "disaster",  # a disaster report its reporter filed signed in
}
ALERT = "alert"  # notifications about an alert have no timeline item

ACTIVE, CLOSED = "active", "closed"  # a resident's account; closed: a repaired takeover

# Stable ids: the same item or notification whatever process or replay derives it.
_NAMESPACE = uuid.UUID("6f1d3c52-8a4e-4f0b-9a57-1e0d2b7c4a90")


def item_id(kind: str, ref_id: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"item:{kind}:{ref_id}"))


def notification_id(source: str, resident_id: str) -> str:
    """One notification per source (an event id, or e.g. `due_soon:<bill>`) and resident."""
    return str(uuid.uuid5(_NAMESPACE, f"notification:{source}:{resident_id}"))


@dataclass
class Resident:
    citizen_id: str
    regency_code: str = ""
    acr: int = 0
    status: str = ACTIVE
    updated_at: dt.datetime | None = None

    @property
    def reachable(self) -> bool:
        """Closed accounts (someone else had activated them) are told nothing more."""
        return self.status != CLOSED


@dataclass
class TimelineItem:
    """One application, bill, complaint or credential of a resident, as the owning service last said.

    `state_at`/`state_rank` order the events that set `state`: a later event wins, and of two with
    the same time the one further along (consumers of different event types run side by side, so an
    application's submitted and issued events may be applied in either order).
    """

    id: str
    kind: str
    ref_id: str
    resident_id: str = ""
    # Bills change hands (a claim, a claim released after a takeover): the time of the event that last
    # said whose the bill is, so the latest word wins in whatever order the events are applied.
    owner_at: dt.datetime | None = None
    reference: str = ""
    subject: str = ""  # what it is about: the KBLI title, the complaint's title
    state: str = ""
    state_at: dt.datetime | None = None
    state_rank: int = -1
    amount: int = 0
    due_date: str = ""  # YYYY-MM-DD, WITA
    tax_type: str = ""  # bills: pkb, pbb, retribusi
    tax_year: int = 0
    awaiting_reply: bool = False  # complaints: the agency asked the reporter a question
    reply_at: dt.datetime | None = None
    reminded_at: dt.datetime | None = None  # bills: the due-soon reminder was written
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    @property
    def service(self) -> str:
        return SERVICE_OF[self.kind]

    def advance(self, state: str, at: dt.datetime, rank: int) -> bool:
        """Take `state` unless a later (or as recent and further along) one is already known."""
        if self.state_at is not None and (at, rank) < (self.state_at, self.state_rank):
            return False
        self.state, self.state_at, self.state_rank = state, at, rank
        return True

    def touch(self, at: dt.datetime) -> None:
        """Record that an event about the item happened at `at` (events may come in any order)."""
        self.created_at = at if self.created_at is None else min(self.created_at, at)
        self.updated_at = at if self.updated_at is None else max(self.updated_at, at)

    def fill(self, **values) -> None:
        """Set descriptive fields that are still empty: every event carrying them says the same."""
        for name, value in values.items():
            if value and not getattr(self, name):
                setattr(self, name, value)

    def assign(self, owner: str, at: dt.datetime) -> None:
        """`owner` holds it as of `at` (an event that names no owner says nothing)."""
        if owner and (self.owner_at is None or at >= self.owner_at):
            self.resident_id, self.owner_at = owner, at

    def release(self, owner: str, at: dt.datetime) -> None:
        """`owner` no longer holds it as of `at`; an earlier claim applied later changes nothing."""
        if self.owner_at is None or at >= self.owner_at:
            if self.resident_id in (owner, ""):
                self.resident_id = ""
            self.owner_at = at

    def set_question(self, waiting: bool, at: dt.datetime) -> None:
        if self.reply_at is None or at >= self.reply_at:
            self.awaiting_reply, self.reply_at = waiting, at


@dataclass(frozen=True)
class Text:
    """A text in Indonesian and English."""

    id: str
    en: str

    def __bool__(self) -> bool:
        return bool(self.id or self.en)


@dataclass(frozen=True)
class Phrase:
    """A message key of the inbox's catalog and its parameters (a parameter may be a Text, one value
    per language, or another Phrase)."""

    key: str
    params: dict = field(default_factory=dict)


@dataclass
class Notification:
    id: str
    resident_id: str
    kind: str
    title: Text
    body: Text
    ref_kind: str
    ref_id: str
    created_at: dt.datetime
    urgent: bool = False
    read: bool = False


@dataclass
class Preferences:
    """How a resident hears of notifications besides the app. Without a row: SMS, quiet 22:00-06:00."""

    resident_id: str
    sms: bool = True
    email: bool = False
    email_encrypted: str = ""  # servicekit.pii ciphertext of the address
    email_verified: bool = False
    quiet_start: str = "22:00"
    quiet_end: str = "06:00"
    updated_at: dt.datetime | None = None
    # A pending e-mail verification: sha256 of the link's token, and until when it is valid.
    email_token_hash: str = ""
    email_token_expires_at: dt.datetime | None = None

    @property
    def email_usable(self) -> bool:
        return self.email and self.email_verified and bool(self.email_encrypted)
