"""What the assistant can quote: passages, each from one source, with the link a resident follows."""

from __future__ import annotations

from dataclasses import dataclass

PERMITS, TAX, COMPLAINTS, SMS, FAQ = "permits", "tax", "complaints", "sms", "faq"
SOURCES = (PERMITS, TAX, COMPLAINTS, SMS, FAQ)


@dataclass(frozen=True)
class Passage:
    # Stable id, "<source>:<key>" (permits:56102, tax:penalty, faq:kontak): the evaluation set names it.
    id: str
    source: str
    title: str
    # Quoted as the source states it (Indonesian, the sources' language).
    text: str
    # A path on the web app ("/izin/ajukan/56102") or an API path ("/v1/permits/types").
    link: str
    # Everyday words the province adds for retrieval only (faq.json "aliases"); never shown.
    aliases: str = ""

    @property
    def indexed_text(self) -> str:
        # The title counts twice: it names what the passage is about.
        return f"{self.title} {self.title} {self.text} {self.aliases}"


class SourceUnavailable(Exception):
    """A source could not be read now (its service down, its data unreadable); `reason` is short."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
