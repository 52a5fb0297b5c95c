"""Complaint photos: JPEG or PNG, kept in their format, re-encoded without metadata (servicekit.images).

The declared media type must also match the content, so a client that mislabels
its uploads hears about it instead of having the file silently relabelled.
"""

from __future__ import annotations

from servicekit import images
from servicekit.errors import FieldViolation, InvalidArgument
from servicekit.images import CleanImage

__all__ = ["CleanImage", "MAX_PHOTO_BYTES", "MAX_PIXELS", "clean"]

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
POLICY = images.Policy(
    formats=frozenset({"JPEG", "PNG"}), max_bytes=MAX_PHOTO_BYTES, max_pixels=MAX_PIXELS, jpeg_quality=88
)
DECLARED = {"image/jpeg": "JPEG", "image/jpg": "JPEG", "image/pjpeg": "JPEG", "image/png": "PNG"}
_REASONS = {
    images.EMPTY: ("photo_empty", {}),
    images.TOO_LARGE: ("photo_too_large", {"max_megabytes": MAX_PHOTO_BYTES // (1024 * 1024)}),
    images.TOO_MANY_PIXELS: ("photo_too_many_pixels", {"max_megapixels": MAX_PIXELS // 1_000_000}),
    images.FORMAT_NOT_ALLOWED: ("photo_format_unsupported", {}),
    images.UNREADABLE: ("photo_format_unsupported", {}),
}


def _refuse(reason: str, **params) -> InvalidArgument:
    return InvalidArgument(violations=[FieldViolation("image", reason, params)])


def clean(data: bytes, declared_content_type: str) -> CleanImage:
    """The re-encoded photo, or InvalidArgument (empty, too big, not JPEG/PNG, or not what it claims)."""
    try:
        photo = images.clean(data, POLICY)
    except images.ImageRejected as rejected:
        reason, params = _REASONS[rejected.reason]
        raise _refuse(reason, **params) from None
    declared = (declared_content_type or "").split(";")[0].strip().lower()
    if declared and DECLARED.get(declared) != photo.source_format:
        raise _refuse("photo_content_type_mismatch", declared=declared, actual=images.MEDIA_TYPES[photo.source_format])
    return photo
