"""Photo checks with Pillow: decoded by content (not by the declared type), public copy without EXIF."""
from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # decompression bombs
PUBLIC_MAX_SIDE = 2048


class PhotoRejected(ValueError):
    def __init__(self, reason: str, **params):
        super().__init__(reason)
        self.reason = reason
        self.params = params


@dataclass
class CheckedPhoto:
    content_type: str
    width: int
    height: int
    public_jpeg: bytes


def check(data: bytes) -> CheckedPhoto:
    if not data:
        raise PhotoRejected("photo_empty")
    if len(data) > MAX_BYTES:
        raise PhotoRejected("photo_too_large", max_mb=MAX_BYTES // (1024 * 1024))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            if kind not in ALLOWED_FORMATS:
                raise PhotoRejected("photo_type_unsupported")
            if probe.width * probe.height > MAX_PIXELS:
                raise PhotoRejected("photo_too_large", max_mb=MAX_BYTES // (1024 * 1024))
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            # Turn by the EXIF orientation first, then re-encode only the pixels: GPS, device and
            # time tags stay in the private original.
            upright = ImageOps.exif_transpose(image).convert("RGB")
            upright.thumbnail((PUBLIC_MAX_SIDE, PUBLIC_MAX_SIDE))
            out = io.BytesIO()
            upright.save(out, format="JPEG", quality=85)
            return CheckedPhoto(ALLOWED_FORMATS[kind], image.width, image.height, out.getvalue())
    except PhotoRejected:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise PhotoRejected("photo_not_image") from None
