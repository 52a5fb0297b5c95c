"""Owners' NIKs at rest, with servicekit's PII cipher under one fixed context.

The key file is svc-tax's own ($VAR_DIR/tax/, mode 0600): each service owns its keys.
The NIK is never stored in clear; owner_nik_index finds it through a keyed hash.
"""

from __future__ import annotations

from servicekit.pii import PiiCipher

NIK_CONTEXT = "tax.owner_nik"


class NikCipher(PiiCipher):
    def encrypt(self, nik: str) -> str:  # type: ignore[override]
        return super().encrypt(nik, NIK_CONTEXT)

    def decrypt(self, token: str) -> str:  # type: ignore[override]
        return super().decrypt(token, NIK_CONTEXT)

    def index(self, nik: str) -> str:  # type: ignore[override]
        """owner_nik_index: deterministic, useless without the index key."""
        return super().index(nik, NIK_CONTEXT)
