"""Photos checked by their content and re-encoded without metadata (Pillow).

Re-encoding from pixels is what removes EXIF (GPS position, camera serial,
time), XMP, IPTC, PNG text chunks and ICC profiles alike: only the pixels
survive. The orientation EXIF carried is applied to the pixels first, so a
portrait photo stays upright once its EXIF is gone.
"""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from servicekit.errors import InvalidArgument, FieldViolation

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 5 MiB PNG can inflate to gigabytes: refuse before decoding
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}
DECLARED = {"image/jpeg": "JPEG", "image/jpg": "JPEG", "image/pjpeg": "JPEG", "image/png": "PNG"}


@dataclass(frozen=True)
class CleanImage:
    content_type: str
    data: bytes
    width: int
    height: int


def _refuse(reason: str, **params) -> InvalidArgument:
    return InvalidArgument(violations=[FieldViolation("image", reason, params)])


def clean(data: bytes, declared_content_type: str) -> CleanImage:
    """The re-encoded photo, or InvalidArgument (empty, too big, not JPEG/PNG, or not what it claims)."""
    if not data:
        raise _refuse("photo_empty")
    if len(data) > MAX_PHOTO_BYTES:
        raise _refuse("photo_too_large", max_megabytes=MAX_PHOTO_BYTES // (1024 * 1024))
    declared = (declared_content_type or "").split(";")[0].strip().lower()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            actual = image.format
            if actual not in FORMATS:
                raise _refuse("photo_format_unsupported")
            if image.width * image.height > MAX_PIXELS:
                raise _refuse("photo_too_many_pixels", max_megapixels=MAX_PIXELS // 1_000_000)
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        raise _refuse("photo_format_unsupported") from None
    if declared and DECLARED.get(declared) != actual:
        raise _refuse("photo_content_type_mismatch", declared=declared, actual=FORMATS[actual])
    image = ImageOps.exif_transpose(image)
    out = io.BytesIO()
    if actual == "JPEG":
        pixels = image.convert("RGB")
        pixels.save(out, format="JPEG", quality=88, optimize=True)  # no exif=, no icc_profile=
    else:
        keep = image.mode if image.mode in ("RGB", "RGBA", "L", "LA", "P") else "RGBA"
        pixels = image.convert(keep)
        pixels.info = {}
        pixels.save(out, format="PNG", optimize=True)  # no pnginfo=: text chunks are gone
    return CleanImage(FORMATS[actual], out.getvalue(), pixels.width, pixels.height)
