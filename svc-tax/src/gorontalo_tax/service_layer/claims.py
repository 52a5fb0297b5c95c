"""A citizen claims the tax objects Bapenda imported under their NIK.

The citizen's NIK is not in the access token. It is asked from the identity service with the
citizen's own token (GetMe shows the NIK in full only to its holder, and identity verified it against
the population register at sign-up), so nobody can claim objects by typing someone else's NIK.
The claim links the account to the owner NIK index; objects and bills are not rewritten: bills of
objects imported under that NIK, now and in later tax years, are the citizen's from then on. The
objects.claimed event lists the bills so far; bill.issued of a later bill names the claiming account.
"""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import Counter

from gorontalo.identity.v1.events_pb2 import CitizenTakeoverRepaired
from gorontalo.tax.v1 import events_pb2
from servicekit.auth import Principal
from servicekit.errors import AlreadyExists, PermissionDenied

from ..domain.billing import ClaimTaken
from ..domain.dates import Clock
from ..domain.property import nik_shape_ok

CLAIMS = Counter("gorontalo_tax_owner_claims_total", "Claims of imported tax objects, by outcome.", ["outcome"])

# (account id, NIK) of the caller, as the identity service knows them.
ResidentLookup = Callable[[], tuple[str, str]]


def claim_objects(uow, cipher, clock: Clock, principal: Principal, resident: ResidentLookup) -> dict[str, int]:
    principal.require_role("citizen")
    account_id, nik = resident()
    if account_id != principal.subject or not nik_shape_ok(nik):
        CLAIMS.labels("identity_mismatch").inc()
        raise PermissionDenied("identity_mismatch")
    nik_index = cipher.index(nik)
    with uow:
        owner = uow.claims.owner_of(nik_index)
        if owner is None:
            try:
                uow.claims.add(nik_index, principal.subject, clock())
            except ClaimTaken:
                CLAIMS.labels("conflict").inc()
                raise AlreadyExists("objects_claimed_elsewhere") from None
            # Bills being generated for these objects right now either finish first (and are listed here)
            # or wait for this claim and name its owner in bill.issued: either way the owner of every bill
            # can be learnt from the events, in order.
            uow.claims.lock_objects_of(nik_index)
            counts = uow.claims.counts(nik_index)
            uow.add_event(
                events_pb2.ObjectsClaimed(
                    owner_id=principal.subject, bill_ids=uow.claims.bill_ids(nik_index), **counts
                ),
                subject=principal.subject,
            )
            uow.commit()
            CLAIMS.labels("claimed").inc()
            return counts
        if owner != principal.subject:
            CLAIMS.labels("conflict").inc()
            raise AlreadyExists("objects_claimed_elsewhere")
        CLAIMS.labels("again").inc()
        return uow.claims.counts(nik_index)


RELEASE_REASON = "takeover_repaired"


def release_after_takeover(uow, event: CitizenTakeoverRepaired) -> str:
    """gorontalo.identity.citizen.takeover_repaired: identity closed an account someone activated with
    facts from the owner's KTP. Its claim ends, so the real owner's new account can claim the objects.
    Runs in the bus's transaction (the caller commits); returns the outcome."""
    nik_index = uow.claims.release(event.citizen_id) if event.citizen_id else None
    if nik_index is None:
        outcome = "nothing_claimed"
    else:
        uow.claims.lock_objects_of(nik_index)  # as a claim does: a bill run in progress finishes first
        uow.add_event(
            events_pb2.ObjectsReleased(
                owner_id=event.citizen_id, reason=RELEASE_REASON, bill_ids=uow.claims.bill_ids(nik_index)
            ),
            subject=event.citizen_id,
        )
        outcome = "released"
    uow.after_commit(lambda: CLAIMS.labels(outcome).inc())
    return outcome
