"""Uploaded pictures checked by their content and re-encoded from pixels only (Pillow).

What a file claims (its name, its declared media type) is never trusted: Pillow decides
what the bytes are, and only formats the caller allows are ever fully decoded. Re-encoding
from pixels is what removes EXIF (GPS position, camera serial, time), XMP, IPTC, PNG text
chunks, JPEG comments and ICC profiles alike. The EXIF orientation is applied to the pixels
first, so a portrait photo stays upright once its EXIF is gone.

Refusals are one plain exception (no gRPC here): each service turns its reason codes into
its own messages and errors. Needs the `images` extra (Pillow).
"""

from __future__ import annotations

import io
import struct
import warnings
from dataclasses import dataclass

try:
    from PIL import Image, ImageOps, UnidentifiedImageError
except ImportError as missing:  # pragma: no cover - depends on the environment
    raise ImportError("servicekit.images needs Pillow: depend on gorontalo-servicekit[images]") from missing

EMPTY = "image_empty"
TOO_LARGE = "image_too_large"  # params: max_bytes
TOO_MANY_PIXELS = "image_too_many_pixels"  # params: max_pixels
FORMAT_NOT_ALLOWED = "image_format_not_allowed"  # params: format (what the bytes really are)
UNREADABLE = "image_unreadable"

# Only formats whose savers we know write nothing but pixels when handed an empty info.
MEDIA_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
_PNG_MODES = ("RGB", "RGBA", "L", "LA", "P")
# What Pillow's parsers raise on hostile or broken files; anything else is our bug and propagates.
_PARSE_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, struct.error)


class ImageRejected(ValueError):
    """The upload is refused; `reason` is one of the codes above, `params` fill its message."""

    def __init__(self, reason: str, **params):
        super().__init__(reason)
        self.reason = reason
        self.params = params


@dataclass(frozen=True)
class Policy:
    formats: frozenset[str]  # Pillow format names accepted as input, e.g. {"JPEG", "PNG"}
    max_bytes: int
    max_pixels: int
    output_format: str | None = None  # None: the same format as the input
    max_side: int | None = None  # longest side of the output; smaller pictures are not enlarged
    jpeg_quality: int = 85
    webp_quality: int = 80

    def __post_init__(self):
        outputs = set(self.formats) if self.output_format is None else {self.output_format}
        unknown = outputs - MEDIA_TYPES.keys()
        if unknown:
            raise ValueError(f"no metadata-free encoder for {sorted(unknown)}")


@dataclass(frozen=True)
class CleanImage:
    source_format: str  # what the uploaded bytes really were
    source_width: int  # upright, before any downscaling
    source_height: int
    content_type: str  # media type of `data`
    data: bytes
    width: int
    height: int


def clean(data: bytes, policy: Policy) -> CleanImage:
    """The picture re-encoded from its pixels, or ImageRejected."""
    if not data:
        raise ImageRejected(EMPTY)
    if len(data) > policy.max_bytes:
        raise ImageRejected(TOO_LARGE, max_bytes=policy.max_bytes)
    source_format, upright = _decode(data, policy)
    output_format = policy.output_format or source_format
    pixels = _pixels_for(upright, output_format)
    if policy.max_side and max(pixels.size) > policy.max_side:
        pixels.thumbnail((policy.max_side, policy.max_side))
    out = io.BytesIO()
    _save(pixels, output_format, policy, out)
    return CleanImage(
        source_format,
        upright.width,
        upright.height,
        MEDIA_TYPES[output_format],
        out.getvalue(),
        pixels.width,
        pixels.height,
    )


def _decode(data: bytes, policy: Policy) -> tuple[str, Image.Image]:
    try:
        # catch_warnings swaps a process-wide filter and can race between threads; the explicit
        # pixel check below is what really guards, the filter only backs it up when a caller allows
        # more pixels than Pillow's own ceiling.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))  # reads the header only
            if image.format not in policy.formats:
                raise ImageRejected(FORMAT_NOT_ALLOWED, format=image.format)
            if image.width * image.height > policy.max_pixels:
                raise ImageRejected(TOO_MANY_PIXELS, max_pixels=policy.max_pixels)
            image.load()
            return image.format, ImageOps.exif_transpose(image)
    except ImageRejected:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ImageRejected(TOO_MANY_PIXELS, max_pixels=policy.max_pixels) from None
    except _PARSE_ERRORS:
        raise ImageRejected(UNREADABLE) from None


def _pixels_for(image: Image.Image, output_format: str) -> Image.Image:
    if output_format == "PNG":
        pixels = image.convert(image.mode if image.mode in _PNG_MODES else "RGBA")
    elif output_format == "WEBP":
        pixels = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
    else:
        pixels = image.convert("RGB")
    # Savers fall back on info for ICC profiles and JPEG comments; only a palette's
    # transparency is picture rather than metadata.
    kept = {"transparency": image.info["transparency"]} if pixels.mode == "P" and "transparency" in image.info else {}
    pixels.info = kept
    return pixels


def _save(pixels: Image.Image, output_format: str, policy: Policy, out: io.BytesIO) -> None:
    # No exif=, icc_profile=, xmp= or pnginfo= arguments: nothing but pixels is written.
    if output_format == "JPEG":
        pixels.save(out, format="JPEG", quality=policy.jpeg_quality, optimize=True)
    elif output_format == "PNG":
        pixels.save(out, format="PNG", optimize=True)
    else:
        pixels.save(out, format="WEBP", quality=policy.webp_quality)
