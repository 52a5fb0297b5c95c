"""Photo uploads: checked by content, stored with a public copy that carries no EXIF."""

from __future__ import annotations

import uuid

from servicekit.errors import FieldViolation, InvalidArgument, NotFound

from ..adapters import photos as checks
from ..metrics import SUBMISSIONS
from .services import Guards, _rate_limited


def upload(
    uow, clock, data: bytes, *, client_address: str, anonymous: bool, guards: Guards
) -> tuple[str, checks.CheckedPhoto]:
    # The limit comes first: decoding a photo is the expensive part, and a rejected file still costs it.
    if anonymous and (refusal := guards.client_refused(client_address)):
        raise _rate_limited("photo", "rate_limited_client", refusal)
    try:
        photo = checks.check(data)
    except checks.PhotoRejected as error:
        SUBMISSIONS.labels("photo", "rejected").inc()
        raise InvalidArgument(violations=[FieldViolation("file", error.reason, error.params)]) from None
    photo_id = str(uuid.uuid4())
    with uow:
        uow.photos.add(
            photo_id,
            content_type=photo.content_type,
            width=photo.width,
            height=photo.height,
            original=data,
            public=photo.public_jpeg,
            created_at=clock(),
        )
        uow.commit()
    SUBMISSIONS.labels("photo", "accepted").inc()
    return photo_id, photo


def public_copy(uow, photo_id: str) -> tuple[str, bytes]:
    with uow:
        found = uow.photos.public_copy((photo_id or "").strip()) if (photo_id or "").strip() else None
    if found is None:
        raise NotFound("photo_not_found")
    return found
