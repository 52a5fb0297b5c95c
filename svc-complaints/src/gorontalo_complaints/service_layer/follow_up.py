"""Follow-up use cases: dispatchers route and reject, the agency's officers act, the reporter rates or reopens.

Who may act is service_layer.access; what is measured, service_layer.follow_up_metrics.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from servicekit import regions
from servicekit.auth import Principal
from servicekit.errors import FailedPrecondition, PermissionDenied, Validator

from ..domain import lifecycle, model
from . import events, follow_up_metrics, notifications, routing
from .access import Staff
from .lookup import complaint_by_code

Clock = Callable[[], dt.datetime]


def _changed(uow, complaint: model.Complaint, before: str) -> None:
    uow.add_event(events.status_changed(complaint, before), subject=complaint.id)


def dispatch(
    uow,
    clock: Clock,
    router: routing.Router,
    staff: Staff,
    principal: Principal,
    *,
    tracking_code: str,
    category: str,
    region_code: str = "",
    note: str = "",
) -> model.ComplaintView:
    """Route a waiting complaint, or review one the model routed alone before the agency answered.

    A choice differing from the model's suggestion is stored for retraining. Either way the category is
    now a person's word: complaint.category_confirmed tells the consumers (Siaga takes a confirmed flood
    or landslide as a report; a model's label alone it ignores).
    """
    principal.require_role("admin", "officer")
    v = Validator()
    v.one_of("category", category, set(model.CATEGORIES))
    normalised_region = regions.normalise(region_code) if region_code else ""
    if region_code and not (
        normalised_region
        and regions.in_gorontalo(normalised_region)
        and regions.lookup(normalised_region).level in model.LOCATION_LEVELS
    ):
        v.add("region_code", "region_not_district_or_village")
    v.raise_if_invalid()
    now = clock()
    with uow:
        complaint = complaint_by_code(uow, tracking_code)
        region = complaint.region_code or normalised_region
        if not region:
            v.add("region_code", "required")
            v.raise_if_invalid()
        staff.require_dispatcher(principal, region)
        reviewing = lifecycle.routed_by_model_alone(complaint)
        if complaint.status not in (lifecycle.RECEIVED, lifecycle.VERIFIED) and not reviewing:
            raise FailedPrecondition("already_dispositioned")
        complaint.region_code = region
        agency = router.agency_for(uow, category, region)
        if agency is None:
            raise FailedPrecondition("no_routing_entry", category=category, region=region)
        if complaint.suggested_category:
            outcome = "accepted" if complaint.suggested_category == category else "corrected"
            routing.REVIEWED.labels(outcome).inc()
        if complaint.suggested_category != category:
            uow.corrections.add(
                complaint_id=complaint.id,
                text=routing.text_of(complaint.title, complaint.description),
                suggested=complaint.suggested_category,
                confidence=complaint.suggestion_confidence,
                chosen=category,
                dispatcher_id=principal.subject,
                now=now,
            )
        move = lifecycle.review_disposition if reviewing else lifecycle.disposition
        before = move(complaint, category=category, agency_code=agency.code, agency_name=agency.name, now=now)
        complaint.category_source = model.DISPATCHER
        if note:
            uow.updates.add(
                complaint_id=complaint.id,
                author_id=principal.subject,
                agency_code="",
                note=lifecycle.check_note(note),
                internal=True,
                status=complaint.status,
                now=now,
            )
        uow.complaints.save(complaint)
        uow.add_event(events.dispositioned(complaint, "dispatcher"), subject=complaint.id)
        uow.add_event(events.category_confirmed(complaint), subject=complaint.id)
        if before != complaint.status:
            _changed(uow, complaint, before)
            notifications.record_status(uow, complaint, now)
        uow.commit()
    routing.ROUTED.labels("dispatcher").inc()
    follow_up_metrics.observe(complaint, True)
    return model.view_of(complaint, principal.subject, staff=True)


def verify(uow, clock: Clock, staff: Staff, principal: Principal, *, tracking_code: str) -> model.ComplaintView:
    """A dispatcher confirms a waiting complaint is genuine; it still waits to be routed."""
    principal.require_role("admin", "officer")
    with uow:
        complaint = complaint_by_code(uow, tracking_code)
        staff.require_dispatcher(principal, complaint.region_code or regions.GORONTALO)
        before = lifecycle.move(complaint, lifecycle.VERIFIED)
        uow.complaints.save(complaint)
        _changed(uow, complaint, before)
        uow.commit()
    follow_up_metrics.observe(complaint, True)
    return model.view_of(complaint, principal.subject, staff=True)


def reject(
    uow, clock: Clock, staff: Staff, principal: Principal, *, tracking_code: str, reason: str
) -> model.ComplaintView:
    principal.require_role("admin", "officer")
    reason = lifecycle.check_note(reason, field="reason")
    with uow:
        complaint = complaint_by_code(uow, tracking_code)
        if complaint.status == lifecycle.DISPOSITIONED:
            staff.require_agency_officer(principal, complaint)
        else:
            staff.require_dispatcher(principal, complaint.region_code or regions.GORONTALO)
        before = lifecycle.move(complaint, lifecycle.REJECTED)
        complaint.rejection_reason, complaint.needs_dispatch = reason, False
        uow.complaints.save(complaint)
        _changed(uow, complaint, before)
        notifications.record_status(uow, complaint, clock())
        uow.commit()
    follow_up_metrics.observe(complaint, True)
    return model.view_of(complaint, principal.subject, staff=True)


UPDATE_KINDS = ("update", "question")


def post_update(
    uow, clock: Clock, principal: Principal, *, tracking_code: str, note: str, internal: bool, kind: str = ""
) -> dict:
    """A public update is the agency's first response if none came before; an internal note is not.

    A `question` goes to the reporter only (not the public); it is a response too, since the
    agency acted on the complaint. The reporter replies with `answer`.
    """
    kind = kind or "update"
    v = Validator()
    v.one_of("kind", kind, set(UPDATE_KINDS))
    v.text("note", note, min_len=lifecycle.NOTE_LENGTH[0], max_len=lifecycle.NOTE_LENGTH[1])
    if kind == "question" and internal:
        v.add("internal", "question_not_internal")
    v.raise_if_invalid()
    note = note.strip()
    now = clock()
    with uow:
        complaint = complaint_by_code(uow, tracking_code)
        Staff.require_agency_officer(principal, complaint)
        if complaint.status in (lifecycle.CLOSED, lifecycle.REJECTED):
            raise FailedPrecondition("complaint_finished")
        had_response = complaint.first_response_at is not None
        if not internal:
            lifecycle.mark_first_response(complaint, now)
        row = uow.updates.add(
            complaint_id=complaint.id,
            author_id=principal.subject,
            agency_code=principal.agency,
            note=note,
            internal=internal,
            status=complaint.status,
            now=now,
            kind=kind,
        )
        uow.complaints.save(complaint)
        uow.add_event(events.update_posted(complaint, row), subject=complaint.id)
        if not internal:
            notifications.record(uow, complaint, kind, now)  # question or update: both notification kinds
        uow.commit()
    follow_up_metrics.observe_first_response(complaint, had_response)
    return row


def _officer_move(
    uow, clock: Clock, principal: Principal, tracking_code: str, note: str, *, resolve: bool
) -> model.ComplaintView:
    now = clock()
    with uow:
        complaint = complaint_by_code(uow, tracking_code)
        Staff.require_agency_officer(principal, complaint)
        had_response = complaint.first_response_at is not None
        if resolve:
            before = lifecycle.resolve(complaint, now)
        else:
            before = lifecycle.move(complaint, lifecycle.IN_PROGRESS)
            lifecycle.mark_first_response(complaint, now)
        if note:
            uow.updates.add(
                complaint_id=complaint.id,
                author_id=principal.subject,
                agency_code=principal.agency,
                note=note,
                internal=False,
                status=complaint.status,
                now=now,
            )
        uow.complaints.save(complaint)
        _changed(uow, complaint, before)
        notifications.record_status(uow, complaint, now)
        uow.commit()
    follow_up_metrics.observe(complaint, had_response)
    return model.view_of(complaint, principal.subject, staff=True)


def start_progress(
    uow, clock: Clock, principal: Principal, *, tracking_code: str, note: str = ""
) -> model.ComplaintView:
    note = lifecycle.check_note(note, required=False)
    return _officer_move(uow, clock, principal, tracking_code, note, resolve=False)


def resolve(uow, clock: Clock, principal: Principal, *, tracking_code: str, note: str) -> model.ComplaintView:
    note = lifecycle.check_note(note)
    return _officer_move(uow, clock, principal, tracking_code, note, resolve=True)


def _reporters(uow, principal: Principal, tracking_code: str) -> model.Complaint:
    principal.require_role("citizen")
    complaint = complaint_by_code(uow, tracking_code)
    if not complaint.is_reported_by(principal.subject):
        raise PermissionDenied("not_your_complaint")
    return complaint


def rate(
    uow, clock: Clock, principal: Principal, *, tracking_code: str, rating: int, comment: str = ""
) -> model.ComplaintView:
    now = clock()
    with uow:
        complaint = _reporters(uow, principal, tracking_code)
        before = lifecycle.rate(complaint, rating, comment, now)
        uow.complaints.save(complaint)
        uow.add_event(events.rated(complaint, rating), subject=complaint.id)
        _changed(uow, complaint, before)
        uow.commit()
    follow_up_metrics.RATINGS.labels(str(rating)).inc()
    follow_up_metrics.observe(complaint, True)
    return model.view_of(complaint, principal.subject)


def reopen(uow, clock: Clock, principal: Principal, *, tracking_code: str, reason: str) -> model.ComplaintView:
    reason = lifecycle.check_note(reason, field="reason")
    now = clock()
    with uow:
        complaint = _reporters(uow, principal, tracking_code)
        before = lifecycle.reopen(complaint, now)
        uow.updates.add(
            complaint_id=complaint.id,
            author_id=principal.subject,
            agency_code="",
            note=reason,
            internal=False,
            status=complaint.status,
            now=now,
        )
        uow.complaints.save(complaint)
        _changed(uow, complaint, before)
        uow.commit()
    follow_up_metrics.observe(complaint, True)
    return model.view_of(complaint, principal.subject)


def answer(uow, clock: Clock, principal: Principal, *, tracking_code: str, note: str) -> dict:
    """The reporter answers the agency's question(s); seen by the agency and the reporter only."""
    note = lifecycle.check_note(note)
    now = clock()
    with uow:
        complaint = _reporters(uow, principal, tracking_code)
        if complaint.status in (lifecycle.CLOSED, lifecycle.REJECTED):
            raise FailedPrecondition("complaint_finished")
        if not uow.updates.questions_of(complaint.id):
            raise FailedPrecondition("no_question_asked")
        row = uow.updates.add(
            complaint_id=complaint.id,
            author_id=principal.subject,
            agency_code="",
            note=note,
            internal=False,
            status=complaint.status,
            now=now,
            kind="answer",
        )
        uow.add_event(events.update_posted(complaint, row), subject=complaint.id)
        uow.commit()
    return row


def list_updates(
    uow, principal: Principal | None, *, tracking_code: str, limiter=None, client_address: str = ""
) -> list[dict]:
    """Public updates for anyone who may see the complaint; internal notes for the agency's officers too.

    A look-up by tracking code like any other: counted against the look-up limits.
    """
    if limiter is not None:
        limiter.lookup(principal, client_address)
    with uow:
        complaint = complaint_by_code(uow, tracking_code)
        subject = principal.subject if principal else None
        is_agency = bool(
            principal
            and principal.role == "officer"
            and complaint.agency_code
            and principal.agency == complaint.agency_code
            and principal.covers(complaint.region_code)
        )
        if not is_agency and model.visibility(complaint, subject) is model.Visibility.STATUS_ONLY:
            return []
        return uow.updates.of(
            complaint.id, include_internal=is_agency, include_dialogue=is_agency or complaint.is_reported_by(subject)
        )
