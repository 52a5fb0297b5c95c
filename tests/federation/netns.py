"""Hosts as Linux network namespaces on one LAN, and processes run inside them.

The LAN is a bridge in a namespace of its own ("lan"), each host joined to it by a veth pair. No
interface of the run is in the root namespace, so a host reaches the other hosts and nothing else:
not the machine's 127.0.0.1 services (PostgreSQL, Redis, the shared NATS), not the session's own
listeners. Because nothing is routed to the root namespace, every run can use the same subnet
without colliding with a parallel run; namespace names carry the pid so runs never share one.

The test process stays in the root namespace and reaches the hosts as a client on the LAN would:
its sockets are created from the LAN namespace (`connect_from`), the bridge's own address being
the clients' seat. No route into the root namespace is needed for that either.
"""

from __future__ import annotations

import ctypes
import ipaddress
import json
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

SUBNET = ipaddress.ip_network("10.75.0.0/24")
CLIENTS_SEAT = "10.75.0.254"
CLONE_NEWNET = 0x40000000
NETNS_DIR = pathlib.Path("/var/run/netns")
# `ip netns exec <ns>` bind-mounts /etc/netns/<ns>/hosts over /etc/hosts: the hosts' DNS.
NETNS_ETC = pathlib.Path("/etc/netns")


class NamespacesUnavailable(RuntimeError):
    """Network namespaces cannot be made here (not root, no `ip`, a kernel without them)."""


def ip(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=30)
    except FileNotFoundError as missing:
        raise NamespacesUnavailable("iproute2's `ip` is not installed") from missing
    if check and done.returncode != 0:
        raise NamespacesUnavailable(f"ip {' '.join(args)}: {done.stderr.strip() or done.returncode}")
    return done


class Host:
    """One machine: a namespace, an address on the LAN, a work directory, and its processes."""

    def __init__(self, name: str, namespace: str, address: str, workdir: pathlib.Path, lan_namespace: str):
        self.name = name
        self.namespace = namespace
        self.address = address
        # Where the LAN's clients sit: readiness is asked from there, as a client would ask.
        self.lan_namespace = lan_namespace
        self.workdir = workdir
        self.logs = workdir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.processes: dict[str, subprocess.Popen] = {}

    def command(self, argv: list[str]) -> list[str]:
        return ["ip", "netns", "exec", self.namespace, *argv]

    def run(self, argv: list[str], env: dict[str, str], timeout: float = 120, stdin: str | None = None):
        """A command to its end inside this host (its output returned, not logged)."""
        return subprocess.run(
            self.command(argv), env=env, cwd=self.workdir, input=stdin, capture_output=True, text=True, timeout=timeout
        )

    def python(self, code: str, env: dict[str, str] | None = None, timeout: float = 60):
        """A Python snippet inside this host, with the project's interpreter."""
        return self.run([sys.executable, "-c", code], env or dict(os.environ), timeout=timeout)

    def spawn(self, name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen:
        """A long-running process inside this host, its output appended to logs/<name>.log.

        `ip netns exec` execs the command in place, so the pid is the program's own and SIGTERM reaches it."""
        with open(self.logs / f"{name}.log", "ab") as log:
            process = subprocess.Popen(
                self.command(argv), env=env, cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT
            )
        self.processes[name] = process
        return process

    def stop(self, name: str, grace: float = 20) -> int | None:
        """SIGTERM, then SIGKILL after `grace` seconds; the exit status (None if it had to be killed)."""
        process = self.processes.pop(name, None)
        if process is None:
            return None
        return _terminate([process], grace)[0]

    def stop_all(self, grace: float = 20) -> None:
        processes = list(self.processes.values())
        self.processes.clear()
        _terminate(processes, grace)

    def wait_port(self, port: int, timeout: float = 60, process: str | None = None) -> None:
        """Until something accepts on this host's `port` (asked from the LAN), or fail with the logs."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                connect_from(self.lan_namespace, (self.address, port), timeout=2).close()
                return
            except OSError:
                if process and self.processes.get(process) and self.processes[process].poll() is not None:
                    raise RuntimeError(f"{self.name}/{process} exited\n{self.tail_logs()}") from None
                time.sleep(0.2)
        raise TimeoutError(f"{self.name}:{port} did not open within {timeout}s\n{self.tail_logs()}")

    def tail_logs(self, lines: int = 25) -> str:
        out = []
        for path in sorted(self.logs.glob("*.log")):
            text = path.read_text(errors="replace").splitlines()[-lines:]
            out.append(f"--- {self.name}/{path.name}\n" + "\n".join(text))
        return "\n".join(out)


def _terminate(processes: list[subprocess.Popen], grace: float) -> list[int | None]:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    codes: list[int | None] = []
    for process in processes:
        try:
            codes.append(process.wait(max(0.1, deadline - time.monotonic())))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
            codes.append(None)
    return codes


class Network:
    """Namespaces gfed<pid>-<host> for each host plus gfed<pid>-lan holding the bridge; deleted by close()."""

    def __init__(self, workdir: pathlib.Path, host_names: tuple[str, ...], names: dict[str, str] | None = None):
        """`names`: DNS name -> host name, resolved on every host (and on the LAN) through its hosts file."""
        self.workdir = workdir
        self.run_id = f"gfed{os.getpid()}"
        self.lan = f"{self.run_id}-lan"
        self.hosts: dict[str, Host] = {}
        addresses = iter(SUBNET.hosts())
        for name in host_names:
            self.hosts[name] = Host(name, f"{self.run_id}-{name}", str(next(addresses)), workdir / name, self.lan)
        self.created: list[str] = []
        self.names = {name: self.hosts[host].address for name, host in (names or {}).items()}

    def __getitem__(self, name: str) -> Host:
        return self.hosts[name]

    def open(self) -> Network:
        if os.geteuid() != 0:
            raise NamespacesUnavailable("network namespaces need root (the tests run as root)")
        remove_stale_namespaces()
        prefix = SUBNET.prefixlen
        self._add_namespace(self.lan)
        ip("-n", self.lan, "link", "add", "br0", "type", "bridge")
        ip("-n", self.lan, "addr", "add", f"{CLIENTS_SEAT}/{prefix}", "dev", "br0")
        ip("-n", self.lan, "link", "set", "br0", "up")
        for host in self.hosts.values():
            self._add_namespace(host.namespace)
            # The pair is made inside the LAN namespace, one end moved straight into the host: the root
            # namespace never holds either end.
            ip(
                "-n",
                self.lan,
                "link",
                "add",
                host.name,
                "type",
                "veth",
                "peer",
                "name",
                "eth0",
                "netns",
                host.namespace,
            )
            ip("-n", self.lan, "link", "set", host.name, "master", "br0")
            ip("-n", self.lan, "link", "set", host.name, "up")
            ip("-n", host.namespace, "addr", "add", f"{host.address}/{prefix}", "dev", "eth0")
            ip("-n", host.namespace, "link", "set", "eth0", "up")
        return self

    def _add_namespace(self, name: str) -> None:
        ip("netns", "add", name)
        self.created.append(name)
        ip("-n", name, "link", "set", "lo", "up")
        hosts = ["127.0.0.1 localhost", "::1 localhost"] + [f"{a} {n}" for n, a in sorted(self.names.items())]
        (NETNS_ETC / name).mkdir(parents=True, exist_ok=True)
        (NETNS_ETC / name / "hosts").write_text("\n".join(hosts) + "\n")

    def close(self) -> None:
        """Stop every process of every host, then delete the namespaces (also after a failed open)."""
        for host in self.hosts.values():
            host.stop_all()
        for name in reversed(self.created):
            _kill_namespace_processes(name)
            ip("netns", "del", name, check=False)
            shutil.rmtree(NETNS_ETC / name, ignore_errors=True)
        self.created.clear()

    def probe(self, source: str, targets: list[tuple[str, int]]) -> dict[str, str]:
        """How each (address, port) answers a TCP connect from `source` (a host name, or "lan"):
        connected, refused (the host is reached, nothing listens), unreachable or timeout."""
        namespace = self.lan if source == "lan" else self.hosts[source].namespace
        code = f"import json, sys\nsys.path.insert(0, {str(pathlib.Path(__file__).parent)!r})\n"
        code += f"from probe import probe_all\nprint(json.dumps(probe_all({targets!r})))"
        done = subprocess.run(
            ["ip", "netns", "exec", namespace, sys.executable, "-c", code], capture_output=True, text=True, timeout=60
        )
        if done.returncode != 0:
            raise RuntimeError(f"probe from {source} failed: {done.stderr}")
        return json.loads(done.stdout)

    def routes(self, host: str) -> str:
        return ip("-n", self.hosts[host].namespace, "route", "show").stdout


def _kill_namespace_processes(namespace: str) -> None:
    """Whatever is still running inside (a grandchild a process left) would keep the namespace's
    devices alive after `ip netns del`."""
    listed = ip("netns", "pids", namespace, check=False).stdout.split()
    for pid in listed:
        try:
            os.kill(int(pid), signal.SIGKILL)
        except (ProcessLookupError, ValueError):
            pass


def remove_stale_namespaces() -> None:
    """Namespaces of earlier runs whose process is gone (a run killed before its cleanup)."""
    if not NETNS_DIR.is_dir():
        return
    for entry in NETNS_DIR.iterdir():
        name = entry.name
        if not name.startswith("gfed") or "-" not in name:
            continue
        pid = name[4:].split("-", 1)[0]
        if pid.isdigit() and not pathlib.Path(f"/proc/{pid}").exists():
            _kill_namespace_processes(name)
            ip("netns", "del", name, check=False)
            shutil.rmtree(NETNS_ETC / name, ignore_errors=True)


_libc = ctypes.CDLL(None, use_errno=True)


def connect_from(namespace: str, address: tuple[str, int], timeout: float = 10) -> socket.socket:
    """A TCP connection made from inside `namespace` (a socket keeps the namespace it was made in).

    setns() switches only the calling thread, so a short-lived thread enters the namespace, connects
    and ends; the test process itself never leaves the root namespace."""
    outcome: dict[str, object] = {}

    def connect() -> None:
        try:
            descriptor = os.open(NETNS_DIR / namespace, os.O_RDONLY)
            try:
                if _libc.setns(descriptor, CLONE_NEWNET) != 0:
                    error = ctypes.get_errno()
                    raise OSError(error, f"setns {namespace}: {os.strerror(error)}")
            finally:
                os.close(descriptor)
            outcome["socket"] = socket.create_connection(address, timeout=timeout)
        except OSError as error:
            outcome["error"] = error

    thread = threading.Thread(target=connect, name=f"connect-from-{namespace}")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["socket"]  # type: ignore[return-value]
