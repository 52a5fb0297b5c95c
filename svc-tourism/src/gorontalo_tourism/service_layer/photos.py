"""Destination photos: checked by their content and re-encoded from pixels (no EXIF, no GPS of the
camera), as complaints' photos are (servicekit.images); bytes in the service's blob store."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from servicekit import images
from servicekit.auth import Principal
from servicekit.errors import FieldViolation, InvalidArgument, NotFound

from .access import TourismOffices

MAX_PHOTO_BYTES = 5 * 1024 * 1024
POLICY = images.Policy(
    formats=frozenset({"JPEG", "PNG", "WEBP"}), max_bytes=MAX_PHOTO_BYTES, max_pixels=40_000_000, max_side=2048
)
MAX_PHOTOS_PER_PLACE = 30


def upload(
    uow,
    clock: Callable[[], dt.datetime],
    principal: Principal,
    blobs,
    destination_id: str,
    data: bytes,
    *,
    offices: TourismOffices,
) -> dict:
    offices.require_officer(principal)
    with uow:
        destination = uow.destinations.get((destination_id or "").strip())
    if destination is None or destination.merged_into:
        raise NotFound("destination_not_found")
    offices.require_officer(principal, destination.region_code)
    if len(destination.photo_ids) >= MAX_PHOTOS_PER_PLACE:
        raise InvalidArgument(violations=[FieldViolation("file", "too_many", {"max": MAX_PHOTOS_PER_PLACE})])
    try:
        clean = images.clean(data, POLICY)
    except images.ImageRejected as rejected:
        raise InvalidArgument(violations=[FieldViolation("file", rejected.reason, rejected.params)]) from None
    photo_id = str(uuid.uuid4())
    # The bytes first: a row never names bytes that are missing; bytes whose row failed are unreachable.
    blobs.put(photo_id, clean.data)
    with uow:
        uow.photos.add(
            photo_id=photo_id,
            destination_id=destination.id,
            content_type=clean.content_type,
            width=clean.width,
            height=clean.height,
            uploaded_by=principal.subject,
            uploaded_at=clock(),
        )
        uow.commit()
    return {
        "id": photo_id,
        "destination_id": destination.id,
        "content_type": clean.content_type,
        "width": clean.width,
        "height": clean.height,
    }


def content(uow, blobs, photo_id: str) -> tuple[str, bytes]:
    with uow:
        content_type = uow.photos.content_type((photo_id or "").strip())
    data = blobs.get(photo_id) if content_type else None
    if data is None:
        raise NotFound("photo_not_found")
    return content_type, data
