"""Where photo bytes live: servicekit's blob store in the complaints database (every replica reads it),
with the files kept under COMPLAINTS_PHOTO_DIR before that still readable."""

from __future__ import annotations

import pathlib

import sqlalchemy as sa

from servicekit.blobs import BlobStore, DatabaseBlobs, LocalBlobs, MemoryBlobs

PHOTO_KEY = r"^[a-f0-9-]{36}\.(jpg|png)$"  # uuid + extension: keys are ours, never a path from outside

PhotoStore = BlobStore
MemoryPhotoStore = MemoryBlobs


def photo_store(engine: sa.Engine, legacy_directory: pathlib.Path) -> PhotoStore:
    return DatabaseBlobs(engine, fallback=LocalBlobs(legacy_directory, PHOTO_KEY))
