"""Documents of a permit application shown IN the officer's page: a PDF's pages drawn as PNG images on the
server (pypdfium2, PDFium's Python binding), photos and scans re-encoded by Pillow.

A strict CSP and the API's `Content-Disposition: attachment` rule out an embedded PDF viewer; an image is
something every browser shows in the page. Re-encoding what an applicant uploaded (rather than passing
the bytes on) also means the officer's browser only ever decodes an image this server drew itself.
"""

from __future__ import annotations

import io

import pypdfium2
from PIL import Image

# The width a page is drawn at: legible text on a desk screen, ~100-250 KB a page as PNG.
PAGE_WIDTH_PX = 1100
# A photo larger than this is scaled down before it is sent (the officer zooms in the browser).
MAX_IMAGE_SIDE_PX = 1600
# More pages than this are not drawn in the page (the officer is told how many there are).
MAX_PAGES = 20
# A scan that would decode to more pixels than this is refused rather than drawn (a decompression bomb).
MAX_SOURCE_PIXELS = 60_000_000

PDF = "application/pdf"
IMAGES = {"image/png": "PNG", "image/jpeg": "JPEG"}


class PreviewError(ValueError):
    """The content is not what its media type says, or cannot be drawn."""


def media_type_of(content: bytes) -> str:
    """What the bytes are, by their first bytes (the API checked them; this page checks again)."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return ""


def page_count(content: bytes) -> int:
    """Pages of a PDF (1 for an image)."""
    kind = media_type_of(content)
    if kind in IMAGES:
        return 1
    if kind != PDF:
        raise PreviewError("not a PDF, PNG or JPEG")
    try:
        document = pypdfium2.PdfDocument(content)
    except pypdfium2.PdfiumError as error:
        raise PreviewError(str(error)) from None
    try:
        return len(document)
    finally:
        document.close()


def page_sizes(content: bytes) -> list[tuple[int, int]]:
    """(width, height) in pixels of each PDF page as `render` draws it (at most MAX_PAGES), so the page can
    reserve the room of images that load later."""
    if media_type_of(content) != PDF:
        raise PreviewError("not a PDF")
    try:
        document = pypdfium2.PdfDocument(content)
    except pypdfium2.PdfiumError as error:
        raise PreviewError(str(error)) from None
    try:
        sizes = []
        for index in range(min(len(document), MAX_PAGES)):
            width_pt, height_pt = document.get_page_size(index)
            scale = _scale(width_pt)
            sizes.append((round(width_pt * scale), round(height_pt * scale)))
        return sizes
    finally:
        document.close()


def _scale(width_pt: float) -> float:
    return max(0.25, min(4.0, PAGE_WIDTH_PX / (width_pt or 595)))


def render(content: bytes, page: int = 1) -> tuple[bytes, str]:
    """(image bytes, media type) of page `page` (1-based) of a PDF, or of the image itself (page 1)."""
    kind = media_type_of(content)
    if kind == PDF:
        return _render_pdf_page(content, page), "image/png"
    if kind in IMAGES:
        if page != 1:
            raise PreviewError("an image has one page")
        return _reencode(content, IMAGES[kind]), kind
    raise PreviewError("not a PDF, PNG or JPEG")


def _render_pdf_page(content: bytes, page: int) -> bytes:
    try:
        document = pypdfium2.PdfDocument(content)
    except pypdfium2.PdfiumError as error:
        raise PreviewError(str(error)) from None
    try:
        if not 1 <= page <= min(len(document), MAX_PAGES):
            raise PreviewError("no such page")
        pdf_page = document[page - 1]
        try:
            bitmap = pdf_page.render(scale=_scale(pdf_page.get_width()), fill_color=(255, 255, 255, 255))
            try:
                image = bitmap.to_pil()
                out = io.BytesIO()
                image.convert("RGB").save(out, format="PNG", optimize=True)
                return out.getvalue()
            finally:
                bitmap.close()
        finally:
            pdf_page.close()
    finally:
        document.close()


def _reencode(content: bytes, pil_format: str) -> bytes:
    try:
        with Image.open(io.BytesIO(content)) as source:
            if source.width * source.height > MAX_SOURCE_PIXELS:
                raise PreviewError("image too large to draw")
            image = source.convert("RGB")
    except (OSError, Image.DecompressionBombError) as error:
        raise PreviewError(str(error)) from None
    image.thumbnail((MAX_IMAGE_SIDE_PX, MAX_IMAGE_SIDE_PX))
    out = io.BytesIO()
    if pil_format == "JPEG":
        image.save(out, format="JPEG", quality=85)
    else:
        image.save(out, format="PNG", optimize=True)
    return out.getvalue()
