"""Photos: the reporter's (at filing or later) and the agency's resolution photo; served without EXIF.

Only the re-encoded copy is ever stored, so no code path can serve the
original's GPS position. Who sees a photo is who sees the complaint: the
reporter, the agency's officers and dispatchers in scope, and the public
unless the complaint is `rahasia` (then it does not exist for them).
"""

from __future__ import annotations

import datetime as dt
import uuid

from prometheus_client import Counter

from servicekit.auth import Principal
from servicekit.errors import FailedPrecondition, FieldViolation, InvalidArgument, NotFound, PermissionDenied

from ..adapters import images
from ..domain import lifecycle, model
from .access import Staff, require_scope
from .lookup import complaint_by_code

UPLOADS = Counter("gorontalo_complaints_photos_uploaded_total", "Photos accepted, by kind.", ["kind"])
REFUSED = Counter("gorontalo_complaints_photos_refused_total", "Photo uploads refused, by reason.", ["reason"])
MAX_PER_KIND = 5
REPORT, RESOLUTION = "report", "resolution"
_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png"}


def is_staff_for(staff: Staff, principal: Principal | None, complaint: model.Complaint) -> bool:
    """An officer of the complaint's agency covering its region, or a dispatcher in scope."""
    if principal is None:
        return False
    if (
        principal.role == "officer"
        and complaint.agency_code
        and principal.agency == complaint.agency_code
        and principal.covers(complaint.region_code)
    ):
        return True
    if staff.is_dispatcher(principal):
        try:
            require_scope(principal, complaint.region_code or "75")
        except PermissionDenied:
            return False
        return True
    return False


def _clean(data: bytes, content_type: str) -> images.CleanImage:
    try:
        return images.clean(data, content_type)
    except InvalidArgument as error:
        REFUSED.labels(error.violations[0].reason if error.violations else "invalid").inc()
        raise


def upload_photo(
    uow, clock, store, staff: Staff, principal: Principal, *, tracking_code: str, data: bytes, content_type: str
) -> model.PhotoView:
    principal.require_role("citizen", "officer")
    clean = _clean(data, content_type)
    now = clock()
    photo_id = str(uuid.uuid4())
    key = f"{photo_id}.{_EXTENSIONS[clean.content_type]}"
    with uow:
        complaint_id, kind = None, REPORT
        if tracking_code:
            complaint = complaint_by_code(uow, tracking_code)
            if principal.role == "citizen":
                if not complaint.is_reported_by(principal.subject):
                    raise PermissionDenied("not_your_complaint")
            else:
                Staff.require_agency_officer(principal, complaint)
                kind = RESOLUTION
            if complaint.status in (lifecycle.CLOSED, lifecycle.REJECTED):
                raise FailedPrecondition("complaint_finished")
            if uow.photos.count_of(complaint.id, kind) >= MAX_PER_KIND:
                raise InvalidArgument(violations=[FieldViolation("image", "too_many_photos", {"max": MAX_PER_KIND})])
            complaint_id = complaint.id
        elif principal.role != "citizen":
            raise PermissionDenied("not_your_complaint")
        # The bytes and their row in one transaction: never a row without bytes, nor bytes nobody points to.
        uow.photo_bytes.put(key, clean.data)
        uow.photos.add(
            id=photo_id,
            complaint_id=complaint_id,
            owner_id=principal.subject,
            kind=kind,
            content_type=clean.content_type,
            width=clean.width,
            height=clean.height,
            size_bytes=len(clean.data),
            storage_key=key,
            created_at=now,
        )
        uow.commit()
    UPLOADS.labels(kind).inc()
    return model.PhotoView(
        id=photo_id,
        kind=kind,
        content_type=clean.content_type,
        width=clean.width,
        height=clean.height,
        size_bytes=len(clean.data),
        created_at=now,
    )


def get_photo(
    uow,
    store,
    staff: Staff,
    principal: Principal | None,
    *,
    tracking_code: str,
    photo_id: str,
    limiter=None,
    client_address: str = "",
) -> tuple[str, bytes]:
    if limiter is not None:  # a 404 for an unknown tracking code would tell which codes exist
        limiter.lookup(principal, client_address)
    with uow:
        complaint = complaint_by_code(uow, tracking_code)
        row = uow.photos.get(photo_id) if photo_id else None
        if row is None or row["complaint_id"] != complaint.id:
            raise NotFound("photo_not_found")
        subject = principal.subject if principal else None
        if model.visibility(complaint, subject) is model.Visibility.STATUS_ONLY and not is_staff_for(
            staff, principal, complaint
        ):
            raise NotFound("photo_not_found")  # a rahasia complaint's photos do not exist for the public
        key, content_type = row["storage_key"], row["content_type"]
    data = store.get(key)
    if data is None:
        raise NotFound("photo_not_found")
    return content_type, data


STAGED_MAX_AGE = dt.timedelta(days=1)


def discard_stale_uploads(new_uow, store, clock) -> int:
    """Uploads nobody filed within a day are deleted (row, then file), so abandoned photos do not pile up."""
    with new_uow() as uow:
        stale = uow.photos.staged_before(clock() - STAGED_MAX_AGE)
    discarded = 0
    for photo_id, key in stale:
        with new_uow() as uow:
            deleted = uow.photos.delete_staged(photo_id)  # False: attached meanwhile, keep it
            uow.commit()
        if deleted:
            store.delete(key)
            discarded += 1
    return discarded
