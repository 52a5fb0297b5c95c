"""Visitors' reviews: signed-in only, one per person per place, rate-limited, hidden when reported
until the office moderates them, shown with a display name and nothing else of the person."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from gorontalo.tourism.v1 import events_pb2
from servicekit import paging
from servicekit.auth import Principal
from servicekit.errors import AlreadyExists, FailedPrecondition, FieldViolation, InvalidArgument, NotFound
from servicekit.ratelimit import RateLimits

from ..domain import model, rules
from ..domain.model import Review
from .access import TourismOffices
from .metrics import REVIEWS

Clock = Callable[[], dt.datetime]


@dataclass(frozen=True)
class ReviewLimits:
    """Reviews per account and per client address (the gateway's x-client-address), `limits` notation."""

    limits: RateLimits | None = None
    per_account: str = "5/hour"
    per_address: str = "30/hour"

    def enforce(self, principal: Principal, client_address: str) -> None:
        if self.limits is not None:
            self.limits.enforce(
                [
                    ("tourism.reviews.account", self.per_account, principal.subject),
                    ("tourism.reviews.address", self.per_address, client_address),
                ]
            )


def _place_region(uow, place_id: str) -> str | None:
    destination = uow.destinations.get(place_id)
    if destination is not None and not destination.merged_into:
        return destination.region_code
    business = uow.businesses.get(place_id)
    return business.region_code if business is not None else None


def create(
    uow,
    clock: Clock,
    principal: Principal,
    place_id: str,
    *,
    rating: int,
    text: str,
    display_name: str,
    limits: ReviewLimits,
    client_address: str = "",
) -> Review:
    problems = rules.review_problems(rating=rating, text=text, display_name=display_name)
    if problems:
        raise InvalidArgument(violations=problems)
    with uow:
        region = _place_region(uow, (place_id or "").strip())
        if region is None:
            raise NotFound("place_not_found")
        if uow.reviews.by_author(place_id, principal.subject) is not None:
            raise AlreadyExists("review_exists")
    limits.enforce(principal, client_address)  # counted once the request could succeed
    review = Review(
        id=str(uuid.uuid4()),
        place_id=place_id,
        region_code=region,
        author_id=principal.subject,
        display_name=display_name.strip(),
        rating=rating,
        text=(text or "").strip(),
        created_at=clock(),
    )
    try:
        with uow:
            uow.reviews.add(review)
            uow.commit()
    except sa.exc.IntegrityError:  # the same person's concurrent second review: the constraint decides
        raise AlreadyExists("review_exists") from None
    REVIEWS.labels("written").inc()
    return review


def visible(uow, place_id: str, *, page_size=0, page_token="") -> tuple[list[Review], str]:
    offset, limit = paging.window(page_size, page_token)
    with uow:
        if _place_region(uow, (place_id or "").strip()) is None:
            raise NotFound("place_not_found")
        found = uow.reviews.visible(place_id, offset=offset, limit=limit)
    return found, paging.next_token(offset, len(found), limit)


def report(uow, clock: Clock, principal: Principal, review_id: str, *, reason: str = "") -> Review:
    """Hidden at the first report; one person's further reports of the same review count once."""
    if len((reason or "").strip()) > 500:
        raise InvalidArgument(violations=[FieldViolation("reason", "too_long", {"max": 500})])
    with uow:
        review = uow.reviews.get((review_id or "").strip())
        if review is None or review.status == model.REVIEW_REMOVED:
            raise NotFound("review_not_found")
        if uow.reviews.add_report(review.id, principal.subject, (reason or "").strip(), clock()):
            review.report_count += 1
            if review.status == model.REVIEW_VISIBLE:
                review.status = model.REVIEW_HIDDEN
                uow.add_event(
                    events_pb2.ReviewReported(
                        review_id=review.id, place_id=review.place_id, region_code=review.region_code
                    ),
                    subject=review.id,
                )
            uow.reviews.save_status(review)
        uow.commit()
    REVIEWS.labels("reported").inc()
    return review


def reported(uow, principal: Principal, *, offices: TourismOffices, page_size=0, page_token="") -> tuple[list, str]:
    offices.require_officer(principal)
    offset, limit = paging.window(page_size, page_token)
    with uow:
        found = uow.reviews.reported(principal.jurisdiction, offset=offset, limit=limit)
    return found, paging.next_token(offset, len(found), limit)


def moderate(uow, clock: Clock, principal: Principal, review_id: str, decision: str, *, offices: TourismOffices):
    offices.require_officer(principal)
    if decision not in ("restore", "remove"):
        raise InvalidArgument(violations=[FieldViolation("decision", "not_one_of", {"allowed": "remove, restore"})])
    with uow:
        review = uow.reviews.get((review_id or "").strip())
        if review is None:
            raise NotFound("review_not_found")
        offices.require_officer(principal, review.region_code)
        if review.status != model.REVIEW_HIDDEN:
            raise FailedPrecondition("review_not_reported", status=review.status)
        review.status = model.REVIEW_VISIBLE if decision == "restore" else model.REVIEW_REMOVED
        review.moderated_by = principal.subject
        uow.reviews.save_status(review, clock())
        uow.commit()
    REVIEWS.labels("restored" if decision == "restore" else "removed").inc()
    return review
