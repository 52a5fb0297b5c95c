"""What an uploaded file really is: magic bytes first, then a real parse (Pillow, pypdf).

A file passes only when its signature and a full parse agree, so an executable sent as
image/jpeg, a PNG named .pdf or a truncated scan are all refused.
"""

from __future__ import annotations

import io
import logging
import warnings

from PIL import Image
from pypdf import PdfReader

from ..domain.documents import JPEG, PDF, PNG

MAX_IMAGE_PIXELS = 60_000_000  # a 60-megapixel scan is plenty; beyond it is a decompression bomb
_PDF_TAIL = 1024  # %%EOF must sit near the end (PDF 1.7, 7.5.5)

logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about sloppy files would flood the log


def _image(content: bytes, expected_format: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                if image.format != expected_format or image.width * image.height > MAX_IMAGE_PIXELS:
                    return False
                image.verify()  # structure and checksums
            with Image.open(io.BytesIO(content)) as image:
                image.load()  # every pixel decodes: catches truncated files verify() lets through
        return True
    except Exception:  # noqa: BLE001 - whatever the parser trips on, the file is not a usable image
        return False


def _pdf(content: bytes) -> bool:
    if b"%%EOF" not in content[-_PDF_TAIL:] or b"startxref" not in content[-_PDF_TAIL:]:
        return False
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            return False  # officers could not open it
        return len(reader.pages) >= 1 and "/Root" in reader.trailer
    except Exception:  # noqa: BLE001 - any parse failure means not a readable PDF
        return False


def detect(content: bytes) -> str | None:
    """application/pdf, image/jpeg or image/png when the content is one (and parses), else None."""
    if content.startswith(b"%PDF-"):
        return PDF if _pdf(content) else None
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG if _image(content, "JPEG") else None
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG if _image(content, "PNG") else None
    return None
