"""Document bytes on local disk, content-addressed (SHA-256), written atomically.

The storage interface is two calls, so an S3 or NFS implementation can replace this one.
A stored file no row points to (a failed submission after the write) is harmless: it is
unreachable, and the same content uploaded again reuses it.
"""

from __future__ import annotations

import hashlib
import os
import pathlib
import re
import tempfile
from typing import Protocol

_KEY = re.compile(r"^[0-9a-f]{64}$")


class DocumentStorage(Protocol):
    def put(self, content: bytes) -> str: ...

    def get(self, key: str) -> bytes: ...


class StoredFileMissing(LookupError):
    """The row exists but the bytes are gone or damaged."""


class LocalDocumentStorage:
    def __init__(self, root: pathlib.Path):
        self.root = pathlib.Path(root)

    def _path(self, key: str) -> pathlib.Path:
        if not _KEY.match(key):
            raise ValueError("not a SHA-256 key")
        return self.root / key[:2] / key

    def put(self, content: bytes) -> str:
        key = hashlib.sha256(content).hexdigest()
        path = self._path(key)
        if path.exists():
            return key
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside its final name, flushed, then renamed: a reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            pathlib.Path(temporary).unlink(missing_ok=True)
            raise
        return key

    def get(self, key: str) -> bytes:
        try:
            content = self._path(key).read_bytes()
        except FileNotFoundError:
            raise StoredFileMissing(key) from None
        if hashlib.sha256(content).hexdigest() != key:
            raise StoredFileMissing(key)  # damaged on disk: never serve other bytes than were uploaded
        return content
