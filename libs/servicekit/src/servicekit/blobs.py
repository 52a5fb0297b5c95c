"""Where uploaded bytes live (permit documents, complaint photos): in the service's own database.

Every replica of a service reads the same database, so an upload taken by one replica is served by any
other; local disk under VAR_DIR was per machine. PostgreSQL stores each blob as bytea (TOASTed,
compressed where it helps; uploads are capped at a few MB by the API). The interface is three calls so
an S3-compatible store can replace this one. Files stored on disk before the move stay readable
through `fallback`.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import re
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from .db import UtcDateTime

TABLE_NAME = "blobs"


class BlobStore(Protocol):
    def put(self, key: str, data: bytes) -> None: ...

    def get(self, key: str) -> bytes | None: ...

    def delete(self, key: str) -> None: ...


def _columns() -> list[sa.Column]:
    return [
        sa.Column("key", sa.String(128), primary_key=True),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("stored_at", UtcDateTime(), nullable=False),
    ]


_metadata = sa.MetaData()
blobs = sa.Table(TABLE_NAME, _metadata, *_columns())


def create_table_op(op) -> None:
    """For a service's Alembic migration: op.create_table of the same table."""
    op.create_table(TABLE_NAME, *_columns())


def _insert(dialect_name: str, key: str, data: bytes):
    insert = postgresql.insert if dialect_name == "postgresql" else sqlite.insert
    return (
        insert(blobs)
        .values(key=key, content=data, size=len(data), stored_at=dt.datetime.now(dt.UTC))
        .on_conflict_do_nothing(index_elements=[blobs.c.key])
    )


class SessionBlobs:
    """Blobs written in a unit of work's own transaction: the bytes and the row that points to them
    commit together or not at all (and on SQLite no second connection waits for the writer's lock)."""

    def __init__(self, session):
        self.session = session

    def put(self, key: str, data: bytes) -> None:
        self.session.execute(_insert(self.session.get_bind().dialect.name, key, data))


class DatabaseBlobs:
    """Blobs in the service's database. Keys are the service's own (uuids, SHA-256 digests): writing a
    key again keeps the first bytes, which for content-addressed keys are the same bytes."""

    def __init__(self, engine: sa.Engine, fallback: BlobStore | None = None):
        self.engine = engine
        self.fallback = fallback

    def put(self, key: str, data: bytes) -> None:
        with self.engine.begin() as connection:
            connection.execute(_insert(self.engine.dialect.name, key, data))

    def get(self, key: str) -> bytes | None:
        with self.engine.connect() as connection:
            content = connection.execute(sa.select(blobs.c.content).where(blobs.c.key == key)).scalar()
        if content is None and self.fallback is not None:
            return self.fallback.get(key)
        return bytes(content) if content is not None else None

    def delete(self, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(sa.delete(blobs).where(blobs.c.key == key))
        if self.fallback is not None:
            self.fallback.delete(key)


class LocalBlobs:
    """Blobs as files under one directory (how uploads were kept before; read as a fallback)."""

    def __init__(self, directory: pathlib.Path, key_pattern: str):
        self.directory = pathlib.Path(directory)
        self._key = re.compile(key_pattern)

    def _path(self, key: str) -> pathlib.Path:
        if not self._key.match(key):  # keys are the service's own; never a path from outside
            raise ValueError(f"bad blob key {key!r}")
        return self.directory / key[:2] / key

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(temporary, "wb") as handle:  # written beside, flushed, renamed: never half a file
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(path)

    def get(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            return None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


class MemoryBlobs:
    """For tests of a service layer."""

    def __init__(self):
        self.files: dict[str, bytes] = {}

    def put(self, key: str, data: bytes) -> None:
        self.files.setdefault(key, data)

    def get(self, key: str) -> bytes | None:
        return self.files.get(key)

    def delete(self, key: str) -> None:
        self.files.pop(key, None)
