"""Issued permits: public verification (no personal data) and revocation by the issuing office."""

from __future__ import annotations

from collections.abc import Callable

from gorontalo.permits.v1 import events_pb2
from servicekit.auth import Principal
from servicekit.errors import Aborted, NotFound, Validator

from ..domain.permit import REASON_MAX, REASON_MIN, Permit, canonical_number, verify_path
from . import metrics
from .access import DEFAULT_OFFICES, LicensingOffices, authorise_read
from .applications import Clock


def _number(raw: str) -> str:
    """The stored form; a malformed number cannot exist, so it is simply not found."""
    if not (raw or "").strip():
        v = Validator()
        v.add("permit_number", "required")
        v.raise_if_invalid()
    number = canonical_number(raw)
    if number is None:
        raise NotFound()
    return number


def verify_permit(
    uow, permit_number: str, *, limits=None, rules: tuple[str, ...] = (), client_address: str = ""
) -> Permit:
    """Anyone may verify; the entrypoint shows only the public fields.

    Permit numbers are sequential, so each client address gets `rules` (servicekit.ratelimit) of
    look-ups, counted before anything is read: misses count too, they are what enumeration is made of.
    """
    if limits is not None:
        limits.enforce([("permits.verify.client", rule, client_address) for rule in rules])
    number = _number(permit_number)
    with uow:
        permit = uow.permits.get(number)
    if permit is None:
        raise NotFound()
    return permit


def revoke_permit(
    uow,
    clock: Clock,
    principal: Principal,
    *,
    permit_number: str,
    reason: str,
    offices: LicensingOffices = DEFAULT_OFFICES,
) -> Permit:
    offices.admit(principal)
    principal.require_role("officer")
    reason = (reason or "").strip()
    v = Validator()
    v.text("reason", reason, min_len=REASON_MIN, max_len=REASON_MAX)
    v.raise_if_invalid()
    number = _number(permit_number)
    with uow:
        permit = uow.permits.get(number)
        if permit is None:
            raise NotFound()
        principal.require_jurisdiction(permit.regency_code)
        permit.revoke(officer_id=principal.subject, at=clock(), reason=reason)
        if not uow.permits.save_revocation(permit):
            raise Aborted("concurrent_update")
        uow.add_event(
            events_pb2.PermitRevokedEvent(
                permit_number=permit.permit_number,
                application_id=permit.application_id,
                officer_id=principal.subject,
                regency_code=permit.regency_code,
                applicant_id=permit.owner_id,
            ),
            subject=permit.permit_number,
        )
        uow.commit()
    metrics.REVOKED.labels(permit.regency_code).inc()
    return permit


def token_claims(permit: Permit) -> dict:
    """What the QR carries, signed: enough to check a printed certificate offline, nothing personal."""
    return {
        "sub": permit.permit_number,
        "biz": permit.business_name,
        "kbli": permit.kbli_code,
        "risk": permit.risk_level,
        "reg": permit.regency_code,
        "issued": permit.issue_date.isoformat(),
        "iat": int(permit.issued_at.timestamp()),
    }


def certificate(
    uow,
    principal: Principal,
    permit_number: str,
    *,
    sign: Callable[[dict], str],
    render: Callable[..., bytes],
    activity_of: Callable[[str], str],
    regency_name_of: Callable[[str], str],
    public_base_url: str,
    offices: LicensingOffices = DEFAULT_OFFICES,
) -> bytes:
    """The PDF of a permit, for its owner, an officer of the issuing regency/city, or province staff.

    The printed link is absolute (`public_base_url`, the platform's PUBLIC_BASE_URL): on paper there
    is no page to resolve a path against."""
    offices.admit(principal)
    permit = verify_permit(uow, permit_number)
    authorise_read(principal, owner_id=permit.owner_id, region_code=permit.regency_code)
    return render(
        permit_number=permit.permit_number,
        business_name=permit.business_name,
        activity=activity_of(permit.kbli_code),
        kbli_code=permit.kbli_code,
        risk_level=permit.risk_level,
        regency_name=regency_name_of(permit.regency_code),
        issue_date=permit.issue_date.isoformat(),
        nib=permit.nib,
        validity=permit.status,
        token=sign(token_claims(permit)),
        verify_url=public_base_url.rstrip("/") + verify_path(permit.permit_number),
    )
