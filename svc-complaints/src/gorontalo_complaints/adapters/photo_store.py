"""Where photo bytes live: a small interface, local disk under VAR_DIR for now (object storage later)."""

from __future__ import annotations

import os
import pathlib
import re
from typing import Protocol

_KEY = re.compile(r"^[a-f0-9-]{36}\.(jpg|png)$")


class PhotoStore(Protocol):
    def put(self, key: str, data: bytes) -> None: ...

    def get(self, key: str) -> bytes | None: ...

    def delete(self, key: str) -> None: ...


class LocalPhotoStore:
    def __init__(self, directory: pathlib.Path):
        self.directory = directory

    def _path(self, key: str) -> pathlib.Path:
        if not _KEY.match(key):  # keys are ours (uuid + extension); never a path from outside
            raise ValueError(f"bad photo key {key!r}")
        return self.directory / key[:2] / key

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(path.suffix + ".tmp")
        with open(temporary, "wb") as handle:
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


class MemoryPhotoStore:
    """For tests of the service layer."""

    def __init__(self):
        self.files: dict[str, bytes] = {}

    def put(self, key: str, data: bytes) -> None:
        self.files[key] = data

    def get(self, key: str) -> bytes | None:
        return self.files.get(key)

    def delete(self, key: str) -> None:
        self.files.pop(key, None)
