"""A complaint named by its tracking code, as every use case that takes one reads it."""

from __future__ import annotations

from servicekit.errors import NotFound, Validator

from ..domain import model, tracking


def complaint_by_code(uow, tracking_code: str) -> model.Complaint:
    """The complaint, tracked for saving; InvalidArgument for a malformed code, NotFound for an unknown one."""
    code = tracking.parse(tracking_code)
    if code is None:
        v = Validator()
        v.add("tracking_code", "tracking_code_invalid")
        v.raise_if_invalid()
    complaint = uow.complaints.by_tracking_code(code)
    if complaint is None:
        raise NotFound("complaint_not_found")
    return complaint
