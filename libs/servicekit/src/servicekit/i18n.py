"""Human messages in Bahasa Indonesia (the default) and English, as gettext catalogs.

Each service owns a Catalog (its domain), read from its gettext `.po` files (Babel), with
servicekit's common messages as the parent. A key is defined once: a catalog refuses a key its
parent already has, so two services can no longer register one key with different parameters and
have the last import win. The message key is the msgid; Indonesian and English are both msgstr,
so translators work on plain `.po` files (`locale/<lang>/LC_MESSAGES/<domain>.po`).
"""

from __future__ import annotations

import contextvars
import string
from importlib import resources

DEFAULT_LANGUAGE = "id"
SUPPORTED = ("id", "en")

language_var: contextvars.ContextVar[str] = contextvars.ContextVar("language", default=DEFAULT_LANGUAGE)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class Catalog:
    """One domain's messages in every supported language, falling back to its parent's."""

    def __init__(self, domain: str, messages: dict[str, dict[str, str]], parent: Catalog | None = None):
        self.domain = domain
        self.parent = parent
        for key, entry in messages.items():
            if DEFAULT_LANGUAGE not in entry:
                raise ValueError(f"{domain}: {key} has no {DEFAULT_LANGUAGE} text")
            for language, text in entry.items():
                if _placeholders(text) != _placeholders(entry[DEFAULT_LANGUAGE]):
                    raise ValueError(f"{domain}: {key} [{language}] has other placeholders than [{DEFAULT_LANGUAGE}]")
            if parent is not None and parent.has(key):
                raise ValueError(
                    f"{domain}: {key} is already defined by {parent.owner(key)}; use that one or a new key"
                )
        self.messages = messages

    @classmethod
    def from_po(cls, domain: str, package: str, parent: Catalog | None = None) -> Catalog:
        """Read `<package>/locale/<lang>/LC_MESSAGES/<domain>.po` for every supported language."""
        from babel.messages.pofile import read_po

        messages: dict[str, dict[str, str]] = {}
        for language in SUPPORTED:
            path = resources.files(package).joinpath("locale", language, "LC_MESSAGES", f"{domain}.po")
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=language, domain=domain)
            for message in catalog:
                if message.id and message.string:
                    messages.setdefault(message.id, {})[language] = message.string
        return cls(domain, messages, parent)

    def has(self, key: str) -> bool:
        return key in self.messages or (self.parent is not None and self.parent.has(key))

    def owner(self, key: str) -> str:
        if key in self.messages:
            return self.domain
        return self.parent.owner(key) if self.parent is not None else ""

    def translate(self, key: str, language: str | None = None, **params) -> str:
        entry = self.messages.get(key)
        if entry is None:
            return self.parent.translate(key, language, **params) if self.parent is not None else key
        language = language or language_var.get()
        text = entry.get(language) or entry[DEFAULT_LANGUAGE]
        try:
            return text.format(**params)
        except (KeyError, IndexError):
            return text


def negotiate(accept_language: str | None) -> str:
    """Pick id or en from an Accept-Language header, by quality."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    choices = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in ("in",):  # legacy ISO 639 code for Indonesian
            primary = "id"
        if primary in SUPPORTED and quality > 0:
            choices.append((-quality, position, primary))
    return min(choices)[2] if choices else DEFAULT_LANGUAGE


def translate(key: str, language: str | None = None, **params) -> str:
    """servicekit's own messages (COMMON); a service translates with its Catalog."""
    return COMMON.translate(key, language, **params)


# servicekit's own messages (every service's catalog falls back to them), from its .po files.
COMMON = Catalog.from_po("servicekit", "servicekit")
