"""Personal numbers at rest (NIK, KK, phone): AES-256-GCM with a key id, found through a keyed hash.

Each service keeps its own key file (generated on first run under its VAR_DIR); the
mechanism is shared so that every service protects personal data the same way.

Ciphertext format: '<kid>:<base64url(nonce || ciphertext+tag)>'. New values are
encrypted with the newest key; older keys stay to decrypt until re-encrypted.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import pathlib
import secrets

from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class PiiCipher:
    def __init__(self, keys: dict[str, bytes], current_kid: str, index_key: bytes):
        self._keys = keys
        self._current = current_kid
        self._index_key = index_key

    def encrypt(self, plaintext: str, context: str) -> str:
        nonce = os.urandom(12)
        sealed = AESGCM(self._keys[self._current]).encrypt(nonce, plaintext.encode(), context.encode())
        return f"{self._current}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def decrypt(self, token: str, context: str) -> str:
        kid, _, body = token.partition(":")
        raw = base64.urlsafe_b64decode(body)
        return AESGCM(self._keys[kid]).decrypt(raw[:12], raw[12:], context.encode()).decode()

    def index(self, value: str, context: str) -> str:
        """Deterministic lookup key; without the index key it reveals nothing."""
        return hmac.new(self._index_key, f"{context}:{value}".encode(), hashlib.sha256).hexdigest()

    @classmethod
    def generate(cls) -> PiiCipher:
        """Fresh keys held only in memory (tests)."""
        return cls({"k1": secrets.token_bytes(32)}, "k1", secrets.token_bytes(32))

    @classmethod
    def from_file(cls, path: pathlib.Path) -> PiiCipher:
        """Load the key file, creating it with fresh random keys on first run."""
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            document = {
                "current": "k1",
                "keys": {"k1": base64.b64encode(secrets.token_bytes(32)).decode()},
                "index_key": base64.b64encode(secrets.token_bytes(32)).decode(),
            }
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass  # another process created it first: use theirs
            else:
                with os.fdopen(fd, "w") as handle:
                    json.dump(document, handle)
        document = json.loads(path.read_text())
        keys = {kid: base64.b64decode(value) for kid, value in document["keys"].items()}
        return cls(keys, document["current"], base64.b64decode(document["index_key"]))
