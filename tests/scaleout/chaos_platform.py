"""The platform as replicas, for the chaos test (issue 18): every process killable and restartable.

Two replicas of each service that the four write paths need (identity, permits, tax, complaints,
disaster), each on its own loopback port and all on that service's one PostgreSQL scratch database;
one registry address per service names both (`ipv4:127.0.0.1:p1,127.0.0.1:p2`, what a headless
Service resolves to), so every servicekit channel spreads its calls with round_robin. Replicas share
`<SERVICE>_KEYS_DIR` (`keys init` once) and start with MIGRATE_ON_START=false after one `migrate` step
per service. Two gateways, a 3-node NATS JetStream cluster with the stream at replicas 3.
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import signal
import subprocess
import sys
import time

import psycopg
import requests

from servicekit import testing

SERVICES = ("identity", "permits", "tax", "complaints", "disaster")
REPLICAS = 2
GATEWAYS = 2
BIN = pathlib.Path(sys.executable).parent
ROOT = pathlib.Path(__file__).resolve().parents[2]


def distinct_ports(count: int) -> list[int]:
    ports: list[int] = []
    while len(ports) < count:
        port = testing.free_port()
        if port not in ports:
            ports.append(port)
    return ports


class Platform:
    """Processes by name ("permits-1", "gateway-2"); `url`, `workdir`, `personal_numbers` and
    `demo_credentials()` as tests.e2e.stack.Stack has them, so the e2e helpers (sign_up, login) work."""

    def __init__(self, workdir: pathlib.Path, admin_url: str, database_urls: dict[str, str], nats: testing.NatsCluster):
        self.workdir = workdir
        self.admin_url = admin_url
        self.logs = workdir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.database_urls = database_urls
        self.nats = nats
        ports = distinct_ports(2 * REPLICAS * len(SERVICES) + 2 * GATEWAYS)
        # name -> (serving port, metrics port)
        self.ports = {
            f"{service}-{n}": (ports.pop(), ports.pop()) for service in SERVICES for n in range(1, REPLICAS + 1)
        }
        self.ports |= {f"gateway-{n}": (ports.pop(), ports.pop()) for n in range(1, GATEWAYS + 1)}
        self.processes: dict[str, subprocess.Popen] = {}
        self.start_seconds = 0.0
        self.personal_numbers: set[str] = set()

    # -- what a process is told -----------------------------------------------------------------

    def gateway_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{self.ports[f'gateway-{n}'][0]}" for n in range(1, GATEWAYS + 1)]

    @property
    def url(self) -> str:
        return self.gateway_urls()[0]

    def keys_dir(self, service: str) -> pathlib.Path:
        return self.workdir / "keys" / service

    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.endswith(("_ADDR", "_DATABASE_URL", "_LISTEN", "_KEYS_DIR"))
            and k not in ("PROMETHEUS_MULTIPROC_DIR", "METRICS_HOST")
        }
        env |= {
            "VAR_DIR": str(self.workdir / "var"),
            "SERVICES_FILE": str(ROOT / "deploy" / "services.toml"),
            "NATS_URL": self.nats.url,  # the seed list of the three nodes
            "EVENTS_STREAM_REPLICAS": "3",
            "MIGRATE_ON_START": "false",
            "SHUTDOWN_GRACE_SECONDS": "5",
            "RATE_LIMIT_NAMESPACE": f"chaos-{self.ports['gateway-1'][0]}-{os.getpid()}",
            "IDENTITY_CODE_REQUESTS_PER_ADDRESS": "10000/minute",
            "DISASTER_CLIENT_REPORTS_PER_MINUTE": "10000",
            "GATEWAY_SERVICES": ",".join(SERVICES),
            "GATEWAY_WORKERS": "2",
            "GATEWAY_THREADS": "8",
            "PYTHONUNBUFFERED": "1",
            "LOG_LEVEL": "INFO",
        }
        for service in SERVICES:
            prefix = service.upper()
            replicas = [f"127.0.0.1:{self.ports[f'{service}-{n}'][0]}" for n in range(1, REPLICAS + 1)]
            env[f"{prefix}_ADDR"] = "ipv4:" + ",".join(replicas)
            env[f"{prefix}_DATABASE_URL"] = self.database_urls[service]
            env[f"{prefix}_KEYS_DIR"] = str(self.keys_dir(service))
        return env

    def process_env(self, name: str) -> dict[str, str]:
        env = self.env()
        port, metrics_port = self.ports[name]
        kind = name.rsplit("-", 1)[0]
        if kind == "gateway":
            env |= {
                "GATEWAY_BIND": f"127.0.0.1:{port}",
                "GATEWAY_METRICS_PORT": str(metrics_port),
                # Each gateway's own: gunicorn empties it at start, which must not touch the other's.
                "PROMETHEUS_MULTIPROC_DIR": str(self.workdir / "var" / f"prometheus-{name}"),
            }
        else:
            env |= {f"{kind.upper()}_LISTEN": f"127.0.0.1:{port}", f"{kind.upper()}_METRICS_PORT": str(metrics_port)}
        return env

    # -- the release steps, once ----------------------------------------------------------------

    def _run_all(self, commands: dict[str, list[str]]) -> None:
        """Run commands side by side (each a Python start-up); fail with the output of any that failed."""
        running = {
            name: subprocess.Popen(
                argv, env=self.env(), cwd=self.workdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
            )
            for name, argv in commands.items()
        }
        failed = []
        for name, process in running.items():
            output = process.communicate(timeout=180)[0]
            if process.returncode != 0:
                failed.append(f"--- {name} exited {process.returncode}\n{output[-3000:]}")
        if failed:
            raise RuntimeError("\n".join(failed))

    def prepare(self) -> None:
        """`keys init` and `migrate` per service (the Secret and the Job of a release), then the demo accounts."""
        self._run_all(
            {s: [str(BIN / f"gorontalo-{s}"), "keys", "init", "--dir", str(self.keys_dir(s))] for s in SERVICES}
        )
        self._run_all({s: [str(BIN / f"gorontalo-{s}"), "migrate"] for s in SERVICES})
        self._run_all({"seed-demo": [str(BIN / "gorontalo-identity"), "seed-demo", "--quiet"]})

    # -- processes --------------------------------------------------------------------------------

    def spawn(self, name: str) -> None:
        kind = name.rsplit("-", 1)[0]
        argv = [str(BIN / "gorontalo-gateway")] if kind == "gateway" else [str(BIN / f"gorontalo-{kind}"), "serve"]
        with (self.logs / f"{name}.log").open("ab") as log:
            self.processes[name] = subprocess.Popen(
                argv, env=self.process_env(name), stdout=log, stderr=subprocess.STDOUT, cwd=self.workdir
            )

    def wait_serving(self, name: str, timeout: float = 90) -> None:
        """Its port accepts (a service), or /healthz answers (a gateway); fails early if it exited."""
        port = self.ports[name][0]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            process = self.processes[name]
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited {process.returncode}\n{self.tail(name)}")
            with contextlib.suppress(OSError, requests.RequestException):
                if name.startswith("gateway"):
                    if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                        return
                else:
                    testing.wait_for_port(port, timeout=0.5)
                    return
            time.sleep(0.1)
        raise TimeoutError(f"{name} not serving after {timeout}s\n{self.tail(name)}")

    def wait_ready(self, timeout: float = 90) -> None:
        """Every gateway sees every service and NATS up (/readyz?upstreams=all)."""
        deadline = time.monotonic() + timeout
        for url in self.gateway_urls():
            last = None
            while True:
                with contextlib.suppress(requests.RequestException):
                    last = requests.get(url + "/readyz?upstreams=all", timeout=3)
                    if last.status_code == 200:
                        break
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{url} not ready: {last.text if last is not None else '-'}\n{self.tail()}")
                time.sleep(0.2)

    def start(self) -> Platform:
        """The release steps, then every replica, then the gateways (the NATS cluster is running)."""
        began = time.monotonic()
        self.prepare()
        for name in self.ports:
            if not name.startswith("gateway"):
                self.spawn(name)
        for name in self.ports:
            if not name.startswith("gateway"):
                self.wait_serving(name)
        for name in self.ports:
            if name.startswith("gateway"):
                self.spawn(name)
        self.wait_ready()
        self.start_seconds = time.monotonic() - began
        return self

    def kill(self, name: str) -> None:
        """SIGKILL: nothing flushed, nothing handed over (for a gateway: its master; the workers follow
        by their parent-death signal)."""
        process = self.processes[name]
        process.send_signal(signal.SIGKILL)
        process.wait(10)

    def restart(self, name: str) -> None:
        """What a supervisor does after a crash: start it again at once, same settings."""
        self.spawn(name)
        self.wait_serving(name)

    def terminate_database_connections(self) -> int:
        """pg_terminate_backend on this platform's own databases only (never the shared server's others)."""
        names = [url.rsplit("/", 1)[1] for url in self.database_urls.values()]
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            rows = connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ANY(%s) AND pid <> pg_backend_pid()",
                (names,),
            ).fetchall()
        return sum(1 for (done,) in rows if done)

    def demo_credentials(self) -> dict:
        return json.loads((self.workdir / "var" / "demo-credentials.json").read_text())

    def tail(self, name: str | None = None, lines: int = 20) -> str:
        paths = [self.logs / f"{name}.log"] if name else sorted(self.logs.glob("*.log"))
        return "\n".join(
            f"--- {path.name}\n" + "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
            for path in paths
            if path.exists()
        )

    def stop(self) -> None:
        processes = list(self.processes.values())
        self.processes.clear()
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 20
        for process in processes:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
