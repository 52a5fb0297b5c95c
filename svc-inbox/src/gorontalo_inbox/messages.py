"""The inbox's human texts (Indonesian first, English), read from gettext catalogs.

Translators edit `locale/{id,en}/LC_MESSAGES/inbox.po`: error reasons, the timeline's titles, states
and next actions, and every notification. servicekit's common messages are the parent catalog.
"""

from __future__ import annotations

from servicekit import i18n

from .domain.model import Phrase, Text

CATALOG = i18n.Catalog.from_po("inbox", "gorontalo_inbox", parent=i18n.COMMON)
translate = CATALOG.translate


def _value(value, language: str):
    if isinstance(value, Text):
        return value.id if language == "id" else (value.en or value.id)
    if isinstance(value, Phrase):
        return _say(value, language)
    return value


def _say(phrase: Phrase, language: str) -> str:
    params = {name: _value(value, language) for name, value in phrase.params.items()}
    return translate(phrase.key, language, **params)


def render(phrase: Phrase, fallback: str = "") -> Text:
    """The phrase in both languages; a key the catalog lacks (a state a newer producer added) reads
    as `fallback` (the raw state) rather than as the key."""
    if not CATALOG.has(phrase.key):
        return Text(fallback, fallback)
    return Text(_say(phrase, "id"), _say(phrase, "en"))
