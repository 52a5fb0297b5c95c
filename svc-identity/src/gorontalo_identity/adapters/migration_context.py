"""What a data migration needs beyond the database: the PII keys, handed over by bootstrap.

Migrations run inside servicekit.db.migrate, which knows only the connection; a migration that
re-encrypts personal numbers (0004: phones to E.164) takes the cipher from here.
"""

from __future__ import annotations

import contextlib
import contextvars

from servicekit.pii import PiiCipher

_cipher: contextvars.ContextVar[PiiCipher | None] = contextvars.ContextVar("identity_migration_cipher", default=None)


@contextlib.contextmanager
def pii_cipher(cipher: PiiCipher):
    token = _cipher.set(cipher)
    try:
        yield
    finally:
        _cipher.reset(token)


def current_cipher() -> PiiCipher | None:
    return _cipher.get()
