"""Files residents upload through the app's forms: the names the platform keeps, the size it takes."""

from __future__ import annotations

import pathlib
import re
import unicodedata

# The platform's limit per file (the gateway answers 413 above it).
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SAFE_NAME_MAX = 100
# Photos are told apart by their first bytes, not by the name or the type a browser claims.
PHOTO_SIGNATURES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
PHOTO_TYPES = tuple(PHOTO_SIGNATURES.values())
UNKNOWN_TYPE = "application/octet-stream"
# The region an upload is for (UploadDocumentRequest / UploadPhotoRequest.region_code): the API's pattern.
REGION_CODE = re.compile(r"^75(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?$")


def safe_base_name(raw: str) -> str:
    """The base name of an uploaded file, as the platform keeps it: after the last '/' or '\\', no control
    or format characters, no leading dots, at most 100 characters with the extension kept."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    name = " ".join(re.sub(r'[<>:"|?*]', "_", name).split()).lstrip(". ").rstrip(". ")
    if len(name) > SAFE_NAME_MAX:
        suffix = pathlib.PurePath(name).suffix
        suffix = suffix if len(suffix) <= 16 else ""
        name = name[: SAFE_NAME_MAX - len(suffix)].rstrip(". ") + suffix
    return name


def read_photo(upload) -> tuple[bytes, str] | None:
    """(bytes, media type by content) of a chosen file, None when none was chosen or it is empty. At most
    one byte past MAX_UPLOAD_BYTES is read, so a caller sees a file too large without holding it all;
    an unrecognised file gets UNKNOWN_TYPE (the platform then names what is wrong with it)."""
    if upload is None or not upload.filename:
        return None
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if not data:
        return None
    for signature, media_type in PHOTO_SIGNATURES.items():
        if data.startswith(signature):
            return data, media_type
    return data, UNKNOWN_TYPE


def upload_region(code: str) -> str:
    """The region an upload is sent for (the application's or complaint's): the platform's instance owning
    it keeps the file, so the submit that follows there finds it. "" when no valid region was chosen yet
    (the province's instance keeps it; the submit then names the region's problem)."""
    code = (code or "").strip()
    return code if REGION_CODE.fullmatch(code) else ""
