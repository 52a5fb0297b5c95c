"""Files residents upload through the app's forms: the names the platform keeps, the size it takes."""

from __future__ import annotations

import pathlib
import re
import unicodedata

# The platform's limit per file (the gateway answers 413 above it).
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SAFE_NAME_MAX = 100


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
