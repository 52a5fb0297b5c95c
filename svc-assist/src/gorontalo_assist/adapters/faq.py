"""The FAQ pages the province edits (package data faq.json): passages, everyday words, the office."""

from __future__ import annotations

import importlib.resources
import json

from ..domain.answers import Office
from ..domain.passages import FAQ, Passage


def faq_document() -> dict:
    return json.loads(importlib.resources.files("gorontalo_assist.data").joinpath("faq.json").read_text("utf-8"))


class FaqPages:
    name = FAQ

    def __init__(self, document: dict | None = None):
        self.document = document if document is not None else faq_document()

    def read(self) -> list[Passage]:
        return [
            Passage(f"{FAQ}:{entry['id']}", FAQ, entry["title"], entry["text"], entry["link"])
            for entry in self.document["faq"]
        ]

    def aliases(self) -> dict[str, str]:
        return dict(self.document.get("aliases") or {})

    def office(self) -> Office:
        office = self.document["office"]
        return Office(office["name"], office["hours"], office["email"], office["complaint_path"])
