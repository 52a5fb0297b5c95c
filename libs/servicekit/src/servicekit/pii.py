"""Personal numbers at rest (NIK, KK, phone): AES-256-GCM with a key id, found through a keyed hash.

Each service keeps its own key file in its keys directory (servicekit.keys: generated once by
`gorontalo-<service> keys init`, or on first run in development); the mechanism is shared so that
every service protects personal data the same way.

Ciphertext format: '<kid>:<base64url(nonce || ciphertext+tag)>'. New values are encrypted with the
current key; older keys stay to decrypt until re-encrypted. A rotation stages the next key with the
time it starts encrypting ("next": {"kid", "from"}), so every replica holds it before any uses it.
The index key (lookups by keyed hash) does not rotate: every stored index would have to be rebuilt.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import pathlib
import secrets
import tempfile
import time

from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class PiiCipher:
    def __init__(
        self,
        keys: dict[str, bytes],
        current_kid: str,
        index_key: bytes,
        next_key: tuple[str, float] | None = None,
    ):
        self._keys = keys
        # One AES-GCM object per key, made once (its key schedule), not per value: a profile read
        # decrypts a NIK and a phone number on every call. The objects hold no per-message state.
        self._aead = {kid: AESGCM(key) for kid, key in keys.items()}
        self._current = current_kid
        self._index_key = index_key
        self._next = next_key  # (kid, epoch seconds from which it encrypts)

    @property
    def current_kid(self) -> str:
        if self._next is not None and time.time() >= self._next[1]:
            return self._next[0]
        return self._current

    def encrypt(self, plaintext: str, context: str) -> str:
        kid = self.current_kid
        nonce = os.urandom(12)
        sealed = self._aead[kid].encrypt(nonce, plaintext.encode(), context.encode())
        return f"{kid}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def decrypt(self, token: str, context: str) -> str:
        kid, _, body = token.partition(":")
        raw = base64.urlsafe_b64decode(body)
        return self._aead[kid].decrypt(raw[:12], raw[12:], context.encode()).decode()

    def index(self, value: str, context: str) -> str:
        """Deterministic lookup key; without the index key it reveals nothing."""
        return hmac.new(self._index_key, f"{context}:{value}".encode(), hashlib.sha256).hexdigest()

    @classmethod
    def generate(cls) -> PiiCipher:
        """Fresh keys held only in memory (tests)."""
        return cls({"k1": secrets.token_bytes(32)}, "k1", secrets.token_bytes(32))

    @classmethod
    def load(cls, path: pathlib.Path) -> PiiCipher:
        """Read the key file; never creates one (FileNotFoundError)."""
        document = json.loads(pathlib.Path(path).read_text())
        keys = {kid: base64.b64decode(value) for kid, value in document["keys"].items()}
        staged = document.get("next")
        next_key = (staged["kid"], float(staged["from"])) if staged else None
        return cls(keys, document["current"], base64.b64decode(document["index_key"]), next_key)

    @classmethod
    def from_file(cls, path: pathlib.Path) -> PiiCipher:
        """Load the key file, creating it with fresh random keys on first run (development, tests)."""
        path = pathlib.Path(path)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                write_new(path)
            except FileExistsError:
                pass  # another process created it first: use theirs
        return cls.load(path)


def new_document() -> dict:
    return {
        "current": "k1",
        "keys": {"k1": base64.b64encode(secrets.token_bytes(32)).decode()},
        "index_key": base64.b64encode(secrets.token_bytes(32)).decode(),
    }


def write_new(path: pathlib.Path) -> None:
    """A fresh key file, mode 0600; FileExistsError rather than replace one."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(new_document(), handle)


def rotate(path: pathlib.Path, starts_at: float) -> str:
    """Stage a new key in the file, encrypting from `starts_at` (epoch seconds); returns its kid.

    A key staged before and already in use becomes the current one first. One still waiting for its
    time is refused: some replica may be about to use it, and replacing it would strand what it wrote."""
    path = pathlib.Path(path)
    document = json.loads(path.read_text())
    staged = document.pop("next", None)
    if staged is not None:
        if time.time() < float(staged["from"]):
            raise ValueError(f"key {staged['kid']} is staged already and starts at {staged['from']}")
        document["current"] = staged["kid"]
    kid = f"k{max(int(k[1:]) for k in document['keys'] if k[1:].isdigit()) + 1}"
    document["keys"][kid] = base64.b64encode(secrets.token_bytes(32)).decode()
    document["next"] = {"kid": kid, "from": starts_at}
    # Replace, never rewrite in place: a replica reading meanwhile sees the old file or the new one.
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".pii-", suffix=".json")
    with os.fdopen(fd, "w") as handle:
        json.dump(document, handle)
    os.replace(temporary, path)  # mkstemp made it 0600
    return kid
