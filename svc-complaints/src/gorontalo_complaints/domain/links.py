"""The absolute links complaints prints: in SMS and e-mail texts, in Open311 documents.

A relative link ("Lihat /v1/complaints/GTO-...") cannot be followed from a phone's
SMS inbox, and an Open311 client resolves nothing against our origin; so every link
starts with the platform's one public origin (PUBLIC_BASE_URL, read in bootstrap).
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass


@dataclass(frozen=True)
class Links:
    base_url: str  # e.g. https://lapor.gorontaloprov.go.id, without a trailing slash

    def __post_init__(self):
        base = (self.base_url or "").rstrip("/")
        parts = urllib.parse.urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            raise ValueError(f"not an absolute http(s) URL: {self.base_url!r}")
        object.__setattr__(self, "base_url", base)

    def complaint(self, tracking_code: str) -> str:
        return f"{self.base_url}/v1/complaints/{tracking_code}"

    def photo(self, tracking_code: str, photo_id: str) -> str:
        return f"{self.complaint(tracking_code)}/photos/{photo_id}"

    def open311(self) -> str:
        return f"{self.base_url}/open311/v2"
