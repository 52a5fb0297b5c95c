"""Absolute links printed in documents (QR codes, JSON-LD `url`), from the platform's PUBLIC_BASE_URL."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Links:
    base_url: str

    def destination_page(self, destination_id: str) -> str:
        return f"{self.base_url.rstrip('/')}/wisata/{destination_id}"

    def event_page(self, event_id: str) -> str:
        return f"{self.base_url.rstrip('/')}/wisata/acara/{event_id}"

    def business_page(self, business_id: str) -> str:
        return f"{self.base_url.rstrip('/')}/wisata/usaha/{business_id}"

    def photo(self, photo_id: str) -> str:
        return f"{self.base_url.rstrip('/')}/v1/tourism/photos/{photo_id}"
