"""Real infrastructure for tests: a nats-server of their own, scratch databases, tokens, wheel checks."""

from __future__ import annotations

import ast
import contextlib
import fnmatch
import functools
import importlib.metadata
import importlib.util
import json
import os
import pathlib
import re
import sys
import time
import tomllib
import urllib.parse
import uuid

from .testing_nats import (  # noqa: F401 - where the tests import them from
    NatsCluster,
    NatsServer,
    _repository_root,
    free_port,
    nats_server_binary,
    wait_for_port,
)

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


# -- a service's wheel: what it imports is declared, what it reads is in it -------------------------
# Read from the source and pyproject.toml, so a service's unit test fails the moment an import or a data
# file is added without being declared (building and installing the wheel is the repository-wide test).


def _normalise_distribution(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject(project: pathlib.Path) -> dict:
    return tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))


def _imported_modules(package_dir: pathlib.Path) -> set[str]:
    """Absolute imports in the package's Python files (migrations included: they run at start)."""
    found = set()
    for path in package_dir.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module)
    return found


def _location(module: str) -> pathlib.Path:
    """The module's file, or its folder for a namespace package (google.api)."""
    spec = importlib.util.find_spec(module)
    return pathlib.Path(spec.origin or next(iter(spec.submodule_search_locations))).resolve()


@functools.cache
def _packages_distributions() -> dict[str, list[str]]:
    return importlib.metadata.packages_distributions()


@functools.cache
def _editable_folders() -> dict[str, pathlib.Path]:
    folders = {}
    for dist in importlib.metadata.distributions():
        direct = json.loads(dist.read_text("direct_url.json") or "{}")
        if direct.get("dir_info", {}).get("editable"):
            folders[dist.metadata["Name"]] = pathlib.Path(urllib.parse.urlparse(direct["url"]).path).resolve()
    return folders


def _distribution_of(module: str, package: str) -> str | None:
    """The installed distribution providing `module` (None: standard library or `package` itself)."""
    top = module.split(".")[0]
    if top in sys.stdlib_module_names or top in (package, "__future__"):
        return None
    candidates = _packages_distributions().get(top, [])
    where = _location(module)
    if len(candidates) > 1:  # a shared namespace (google.*): the one whose files are this module
        candidates = [
            name
            for name in candidates
            if any(
                located == where or where in located.parents
                for located in (
                    pathlib.Path(f.locate()).resolve() for f in importlib.metadata.distribution(name).files or ()
                )
            )
        ]
    if not candidates:  # an editable install (this repository's own projects): by its source folder
        candidates = [name for name, folder in _editable_folders().items() if folder in where.parents]
    assert len(candidates) == 1, f"cannot tell which distribution provides {module}: {candidates}"
    return _normalise_distribution(candidates[0])


def undeclared_imports(project: pathlib.Path, package: str) -> dict[str, str]:
    """{distribution: a module of it} that `project`/src/`package` imports but its pyproject.toml does
    not list in [project].dependencies (empty when the wheel declares everything it needs)."""
    declared = {
        _normalise_distribution(re.split(r"[\s\[<>=!~;]", spec, maxsplit=1)[0])
        for spec in _pyproject(project)["project"]["dependencies"]
    }
    needed = {
        dist: module
        for module in _imported_modules(project / "src" / package)
        if (dist := _distribution_of(module, package))
    }
    return {dist: module for dist, module in needed.items() if dist not in declared}


def package_data_files(project: pathlib.Path, package: str) -> list[str]:
    """Every file of `project`/src/`package` that is not Python (relative, POSIX): what the service reads."""
    package_dir = project / "src" / package
    return [
        p.relative_to(package_dir).as_posix()
        for p in package_dir.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    ]


def unpackaged_data_files(project: pathlib.Path, package: str) -> list[str]:
    """The package's data files that no [tool.setuptools.package-data] pattern puts in the wheel."""
    patterns = _pyproject(project)["tool"]["setuptools"]["package-data"][package]
    return [f for f in package_data_files(project, package) if not any(fnmatch.fnmatch(f, p) for p in patterns)]
