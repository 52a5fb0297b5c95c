"""identity's events: who the residents are and where they live (for alerts), and their credentials."""

from __future__ import annotations

from gorontalo.identity.v1 import events_pb2 as identity_events
from servicekit import regions

from ...domain.model import CLOSED, CREDENTIAL, Resident
from ..events import EventMeta
from ..notifying import Outbound
from . import apply_state


def _resident(uow, citizen_id: str) -> tuple[Resident, bool]:
    found = uow.residents.get(citizen_id, for_update=True)
    return (found, False) if found is not None else (Resident(citizen_id=citizen_id), True)


def _place(uow, citizen_id: str, regency_code: str, meta: EventMeta, *, acr: int | None = None) -> None:
    """The latest regency (by event time) wins: citizen.updated may be applied before citizen.registered."""
    if not citizen_id:
        return
    resident, new = _resident(uow, citizen_id)
    code = regions.normalise(regency_code) or ""
    if code and (resident.updated_at is None or meta.time >= resident.updated_at):
        resident.regency_code, resident.updated_at = code, meta.time
    if acr is not None:
        resident.acr = acr
    elif new:
        resident.acr = 1  # an account is activated with a verified phone
    uow.residents.save(resident, new=new)


def citizen_registered(uow, outbound: Outbound, event: identity_events.CitizenRegistered, meta: EventMeta) -> None:
    _place(uow, event.citizen_id, event.regency_code, meta)


def citizen_updated(uow, outbound: Outbound, event: identity_events.CitizenUpdated, meta: EventMeta) -> None:
    _place(uow, event.citizen_id, event.regency_code, meta)


def assurance_changed(uow, outbound: Outbound, event: identity_events.CitizenAssuranceChanged, meta: EventMeta) -> None:
    _place(uow, event.citizen_id, event.regency_code, meta, acr=event.acr)


def takeover_repaired(uow, outbound: Outbound, event: identity_events.CitizenTakeoverRepaired, meta: EventMeta) -> None:
    """The account was someone else's: it hears nothing more, and the address its user gave is dropped
    with whatever was still waiting to be sent there (its phone is closed at identity already)."""
    resident, new = _resident(uow, event.citizen_id)
    resident.status = CLOSED
    uow.residents.save(resident, new=new)
    prefs = uow.preferences.get(event.citizen_id, for_update=True)
    if prefs is not None:
        prefs.email, prefs.email_encrypted, prefs.email_verified = False, "", False
        prefs.email_token_hash, prefs.email_token_expires_at = "", None
        prefs.updated_at = meta.time
        uow.preferences.save(prefs, new=False)
    if outbound.deliver:
        uow.pending.withdraw(event.citizen_id, "account closed (takeover repaired)")


def credential_issued(uow, outbound: Outbound, event: identity_events.CredentialIssued, meta: EventMeta) -> None:
    apply_state(uow, CREDENTIAL, event.credential_id, "active", meta, resident_id=event.citizen_id)


def credential_revoked(uow, outbound: Outbound, event: identity_events.CredentialRevoked, meta: EventMeta) -> None:
    apply_state(uow, CREDENTIAL, event.credential_id, "revoked", meta, resident_id=event.citizen_id)
