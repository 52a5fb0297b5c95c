"""Absolute links printed in documents (QR codes of the guide, JSON-LD `url`, the calendar's URL).

A place's, event's or business's page is a page of the residents' web app (`/wisata/...`), so those
links start with the web app's public address, WEB_PUBLIC_URL (as the QR codes of permits and tax
receipts do); a photo is an API answer, so its link starts with the platform's PUBLIC_BASE_URL. Behind
nginx both are the one https origin; in development they are two ports.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


def web_public_url() -> str:
    """The residents' web app's public address (WEB_PUBLIC_URL; by default http://$WEB_BIND)."""
    return os.environ.get("WEB_PUBLIC_URL", "").strip().rstrip("/") or "http://" + (
        os.environ.get("WEB_BIND", "").strip() or "127.0.0.1:8081"
    )


@dataclass(frozen=True)
class Links:
    # Where the web app's pages are (WEB_PUBLIC_URL).
    base_url: str
    # Where the API answers (PUBLIC_BASE_URL); "" means the same origin as the pages.
    api_base_url: str = ""

    def destination_page(self, destination_id: str) -> str:
        return f"{self.base_url.rstrip('/')}/wisata/{destination_id}"

    def event_page(self, event_id: str) -> str:
        return f"{self.base_url.rstrip('/')}/wisata/acara/{event_id}"

    def business_page(self, business_id: str) -> str:
        return f"{self.base_url.rstrip('/')}/wisata/usaha/{business_id}"

    def photo(self, photo_id: str) -> str:
        return f"{(self.api_base_url or self.base_url).rstrip('/')}/v1/tourism/photos/{photo_id}"
