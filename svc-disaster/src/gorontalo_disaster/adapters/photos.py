"""Disaster photos: JPEG, PNG or WebP by content; the public copy is a JPEG without metadata (servicekit.images).

The original stays private (the BPBD may need its GPS position); only the public copy,
at most 2048 px on its longest side, is ever served.
"""

from __future__ import annotations

from dataclasses import dataclass

from servicekit import images

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
PUBLIC_MAX_SIDE = 2048
POLICY = images.Policy(
    formats=frozenset({"JPEG", "PNG", "WEBP"}),
    max_bytes=MAX_BYTES,
    max_pixels=MAX_PIXELS,
    output_format="JPEG",
    max_side=PUBLIC_MAX_SIDE,
    jpeg_quality=85,
)
_TOO_LARGE = ("photo_too_large", {"max_mb": MAX_BYTES // (1024 * 1024)})
_REASONS = {
    images.EMPTY: ("photo_empty", {}),
    images.TOO_LARGE: _TOO_LARGE,
    # The service has no pixel message of its own: a bomb is told it is too large, as before.
    images.TOO_MANY_PIXELS: _TOO_LARGE,
    images.FORMAT_NOT_ALLOWED: ("photo_type_unsupported", {}),
    images.UNREADABLE: ("photo_not_image", {}),
}


class PhotoRejected(ValueError):
    def __init__(self, reason: str, **params):
        super().__init__(reason)
        self.reason = reason
        self.params = params


@dataclass
class CheckedPhoto:
    content_type: str  # of the original upload
    width: int  # of the original, upright
    height: int
    public_jpeg: bytes


def check(data: bytes) -> CheckedPhoto:
    try:
        photo = images.clean(data, POLICY)
    except images.ImageRejected as rejected:
        reason, params = _REASONS[rejected.reason]
        raise PhotoRejected(reason, **params) from None
    return CheckedPhoto(images.MEDIA_TYPES[photo.source_format], photo.source_width, photo.source_height, photo.data)
