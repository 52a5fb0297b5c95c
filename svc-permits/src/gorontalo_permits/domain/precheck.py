"""The pre-check of an application: flags for an officer, from what its documents say and what it declares.

It never approves or rejects. Each flag says what was read and how sure the reading was; the officer
decides, and may dismiss a flag as wrong (with a reason), which counts against the published precision.
Plain Python: the readings come in (document_reading.Reading), the register's yes/no is a callable.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from servicekit.errors import FailedPrecondition

from .document_reading import KTP, NIB, NPWP, UNREADABLE, Reading, expected_kind

# Flag kinds, each a message key the console shows in the reader's language.
WRONG_DOCUMENT_TYPE = "wrong_document_type"  # e.g. an NPWP card in the KTP slot
NIK_MISMATCH = "nik_mismatch"  # the KTP's NIK is not the declared person's (or the register says no)
NIB_MISMATCH = "nib_mismatch"  # an NIB page whose number is not the application's NIB
UNREADABLE_SCAN = "unreadable_scan"  # nothing, or not the card's number, could be read with confidence
DOCUMENT_MISSING = "document_missing"  # a required card is not among what was read
RISK_HINT = "risk_hint"  # the declared size does not fit the activity's risk level
FLAG_KINDS = (WRONG_DOCUMENT_TYPE, NIK_MISMATCH, NIB_MISMATCH, UNREADABLE_SCAN, DOCUMENT_MISSING, RISK_HINT)

CARD_NAMES = {KTP: "KTP", NPWP: "NPWP", NIB: "NIB"}
DISMISS_REASON_MIN, DISMISS_REASON_MAX = 5, 500

# Risk hints: a declared investment (rupiah) or workforce below these is unusual for the level; above
# MAX_INVESTMENT_RENDAH a rendah (micro) activity is unusual too. Hints only: the officer judges.
MIN_INVESTMENT = {"menengah_tinggi": 50_000_000, "tinggi": 100_000_000}
MIN_WORKFORCE = {"menengah_tinggi": 2, "tinggi": 5}
MAX_INVESTMENT_RENDAH = 5_000_000_000


@dataclass(frozen=True)
class DeclaredPerson:
    """Who the application names as responsible (penanggung jawab); may rightly not be the account holder."""

    nik: str
    name: str


@dataclass(frozen=True)
class Slot:
    """One attached document: the catalog's name for it and what was read off it."""

    document_id: str
    document_type: str
    reading: Reading


@dataclass
class Flag:
    kind: str
    document_id: str  # "" for the application as a whole (missing document, risk hint)
    read: dict[str, str]  # what was read that raised it (fields, marker words), shown to the officer
    confidence: float  # of the reading behind it, 0-1 (1 for a figure the application declares)
    detail: str = ""  # a sub-reason, e.g. "register_no_match", "investment_low"
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    dismissed_at: dt.datetime | None = None
    dismissed_by: str = ""
    dismissal_reason: str = ""

    @property
    def dismissed(self) -> bool:
        return self.dismissed_at is not None

    def dismiss(self, *, officer_id: str, at: dt.datetime, reason: str) -> None:
        if self.dismissed:
            raise FailedPrecondition("flag_already_dismissed")
        self.dismissed_at, self.dismissed_by, self.dismissal_reason = at, officer_id, reason


# register_match(nik, declared) -> True/False from identity, or None when it could not be asked.
RegisterMatch = Callable[[str, DeclaredPerson | None], bool | None]


def _card_read(reading: Reading) -> dict[str, str]:
    read = dict(reading.fields)
    if reading.markers:
        read["markers"] = ", ".join(reading.markers)
    read["read_as"] = reading.kind
    return read


def document_flags(
    slot: Slot, *, declared: DeclaredPerson | None, nib: str, register_match: RegisterMatch
) -> list[Flag]:
    """Flags of one document. A card is checked as what it is, wherever it was put: a KTP uploaded as the
    NPWP is the wrong type and its NIK is still compared. `register_match` is asked only about a KTP's NIK."""
    reading, expected = slot.reading, expected_kind(slot.document_type)
    read = _card_read(reading)
    if reading.kind == UNREADABLE:
        return [Flag(UNREADABLE_SCAN, slot.document_id, read, reading.confidence)] if expected else []
    flags = []
    if reading.kind in CARD_NAMES and reading.kind != expected:
        detail = f"{CARD_NAMES[reading.kind]} -> {slot.document_type}"
        flags.append(Flag(WRONG_DOCUMENT_TYPE, slot.document_id, read, reading.confidence, detail))
    elif expected is not None and reading.kind != expected:  # text, but not recognisably the card it should be
        return [Flag(WRONG_DOCUMENT_TYPE, slot.document_id, read, reading.confidence, "not_" + expected)]
    if reading.kind not in CARD_NAMES:
        return flags
    number = {KTP: "nik", NPWP: "npwp", NIB: "nib"}[reading.kind]
    if not reading.fields.get(number):
        if not flags:  # the wrong type says enough about a card whose number was not read either
            flags.append(Flag(UNREADABLE_SCAN, slot.document_id, read, reading.confidence, number))
    elif reading.kind == KTP:
        flags += _nik_flags(slot, reading, read, declared, register_match)
    elif reading.kind == NIB and nib and reading.fields["nib"] != nib:
        flags.append(Flag(NIB_MISMATCH, slot.document_id, read, reading.confidence))
    return flags


def _nik_flags(slot, reading, read, declared, register_match) -> list[Flag]:
    nik = reading.fields["nik"]
    if declared is not None and declared.nik and nik != declared.nik:
        return [Flag(NIK_MISMATCH, slot.document_id, read, reading.confidence, "not_declared_nik")]
    answer = register_match(nik, declared)
    if answer is False:
        return [Flag(NIK_MISMATCH, slot.document_id, read, reading.confidence, "register_no_match")]
    return []


def missing_cards(slots: list[Slot], required_documents) -> list[Flag]:
    """A required card (KTP, NPWP, NIB) that none of the readable documents is: e.g. the KTP slot held an
    NPWP. An unreadable one is flagged as such, not as missing."""
    flags = []
    found = {slot.reading.kind for slot in slots}
    for document_type in required_documents:
        kind = expected_kind(document_type)
        if kind is None or kind in found:
            continue
        in_slot = [s for s in slots if expected_kind(s.document_type) == kind]
        if any(s.reading.kind == UNREADABLE for s in in_slot):
            continue
        flags.append(Flag(DOCUMENT_MISSING, "", {"document_type": document_type}, 1.0, kind))
    return flags


def risk_hints(*, risk_level: str, investment_rupiah: int, workforce: int) -> list[Flag]:
    """Declared figures unusual for the activity's risk level (the catalog's), from the application itself."""
    flags = []
    declared = {"risk_level": risk_level, "investment_rupiah": str(investment_rupiah), "workforce": str(workforce)}
    if risk_level in MIN_INVESTMENT and investment_rupiah < MIN_INVESTMENT[risk_level]:
        flags.append(Flag(RISK_HINT, "", declared, 1.0, "investment_low"))
    if risk_level in MIN_WORKFORCE and workforce < MIN_WORKFORCE[risk_level]:
        flags.append(Flag(RISK_HINT, "", declared, 1.0, "workforce_low"))
    if risk_level == "rendah" and investment_rupiah > MAX_INVESTMENT_RENDAH:
        flags.append(Flag(RISK_HINT, "", declared, 1.0, "investment_high"))
    return flags


def application_flags(
    slots: list[Slot],
    *,
    required_documents,
    declared: DeclaredPerson | None,
    nib: str,
    risk_level: str,
    investment_rupiah: int,
    workforce: int,
    register_match: RegisterMatch,
) -> list[Flag]:
    """Every flag of an application whose documents have all been read."""
    flags = []
    for slot in slots:
        flags += document_flags(slot, declared=declared, nib=nib, register_match=register_match)
    flags += missing_cards(slots, required_documents)
    flags += risk_hints(risk_level=risk_level, investment_rupiah=investment_rupiah, workforce=workforce)
    return flags
