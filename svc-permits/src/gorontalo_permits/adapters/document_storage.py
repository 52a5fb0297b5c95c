"""Document bytes, content-addressed (SHA-256), in servicekit's blob store in the permits database.

Every replica reads the same database, so a document uploaded through one is served by another. The
storage interface is two calls. A stored blob no row points to (a failed submission after the write)
is harmless: unreachable, and the same content uploaded again reuses it. Documents written to disk
before the move stay readable (the legacy directory is the fallback).
"""

from __future__ import annotations

import hashlib
import pathlib
from typing import Protocol

import sqlalchemy as sa

from servicekit.blobs import BlobStore, DatabaseBlobs, LocalBlobs

SHA256_KEY = r"^[0-9a-f]{64}$"


class DocumentStorage(Protocol):
    def put(self, content: bytes) -> str: ...

    def get(self, key: str) -> bytes: ...


class StoredFileMissing(LookupError):
    """The row exists but the bytes are gone or damaged."""


class ContentAddressedDocuments:
    def __init__(self, blobs: BlobStore):
        self.blobs = blobs

    def put(self, content: bytes) -> str:
        key = hashlib.sha256(content).hexdigest()
        self.blobs.put(key, content)
        return key

    def get(self, key: str) -> bytes:
        content = self.blobs.get(key)
        if content is None or hashlib.sha256(content).hexdigest() != key:
            raise StoredFileMissing(key)  # gone or damaged: never serve other bytes than were uploaded
        return content


def document_storage(engine: sa.Engine, legacy_directory: pathlib.Path) -> ContentAddressedDocuments:
    return ContentAddressedDocuments(DatabaseBlobs(engine, fallback=LocalBlobs(legacy_directory, SHA256_KEY)))


def local_document_storage(directory: pathlib.Path) -> ContentAddressedDocuments:
    """Documents as files only (tests of the storage rules)."""
    return ContentAddressedDocuments(LocalBlobs(directory, SHA256_KEY))
