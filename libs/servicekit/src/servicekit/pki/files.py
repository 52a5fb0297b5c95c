"""Certificate files on disk: where a process's TLS material lives and how it is replaced."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pathlib
import tempfile
from dataclasses import dataclass

CERT = "cert.pem"
KEY = "key.pem"
CA = "ca.pem"


@dataclass(frozen=True)
class TlsFiles:
    """A process's own certificate and key, and the CA certificate it trusts peers by."""

    ca: pathlib.Path
    cert: pathlib.Path
    key: pathlib.Path

    @classmethod
    def in_dir(cls, folder: str | os.PathLike) -> TlsFiles:
        folder = pathlib.Path(folder)
        return cls(ca=folder / CA, cert=folder / CERT, key=folder / KEY)

    def read(self) -> tuple[bytes, bytes, bytes]:
        """(ca, cert, key) PEM bytes."""
        return self.ca.read_bytes(), self.cert.read_bytes(), self.key.read_bytes()

    def stamp(self) -> tuple:
        """Changes whenever one of the files is replaced (renewal writes new files, then renames)."""
        stamps = []
        for path in (self.ca, self.cert, self.key):
            status = path.stat()
            stamps.append((status.st_ino, status.st_mtime_ns, status.st_size))
        return tuple(stamps)


def write_atomically(path: pathlib.Path, data: bytes, mode: int = 0o644) -> None:
    """Write a temporary file beside `path` and rename it over: a reader sees the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(descriptor, mode)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def locked(lock_path: pathlib.Path):
    """An exclusive lock between processes (several services start at once on first run)."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
