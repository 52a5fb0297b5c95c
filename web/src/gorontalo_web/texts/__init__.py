"""The interface's words, Bahasa Indonesia first and English by the switch (`?lang=en`, kept in a cookie).

Messages about the data itself (why a NIK was refused, a timeline item's state) come from the platform
in the language asked for with Accept-Language; only the app's own words live here, one module per
concern. A key defined twice is an error at import, so two pages never silently share a wording.
"""

from __future__ import annotations

import importlib
import pkgutil

from . import assist, common, complaints, disaster, identity, permits, sipakai, staff, tax, tourism, verify

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


def _merge(*modules) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for module in modules:
        for key, entry in module.TEXTS.items():
            if key in merged:
                raise ValueError(f"text {key!r} is defined twice ({module.__name__})")
            merged[key] = entry
    return merged


# The console's areas add theirs as texts/staff_<area>.py, found here like their pages.
STAFF_AREAS = [
    importlib.import_module(f"{__name__}.{m.name}")
    for m in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)
    if m.name.startswith("staff_")
]
TEXTS = _merge(
    common, assist, permits, tax, identity, complaints, disaster, sipakai, verify, tourism, staff, *STAFF_AREAS
)


def text(key: str, lang: str) -> str:
    entry = TEXTS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry[DEFAULT_LANGUAGE]


def localized(value, lang: str) -> str:
    """A platform LocalizedText ({"id": ..., "en": ...}) in the page's language, else Indonesian."""
    if isinstance(value, dict):
        return value.get(lang) or value.get(DEFAULT_LANGUAGE) or ""
    return value or ""
