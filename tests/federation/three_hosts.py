"""The platform on three hosts (network namespaces): the province, Kota Gorontalo and Pohuwato.

province  nats-server, identity, tax, complaints, disaster, inbox, the provincial permits (all of 75 that
          no agency runs itself) and the gateway;
kota      permits for 75.71, on its own PostgreSQL database;
pohuwato  complaints for 75.04.

Each host has its own work directory and VAR_DIR. PostgreSQL: the machine's shared server listens on the
root namespace's 127.0.0.1 only and its configuration is not ours to edit, so a host reaches it through
its Unix socket (a file, not bound to any network namespace), each permits instance with a database of
its own. A private server per host (initdb + pg_ctl inside the namespace) would work as well, but needs
a non-root user to own it and its start time on every run; the socket is as real a PostgreSQL and
always there where the other tests run.

The object answers what tests/e2e's helpers ask of their `stack` (url, workdir, cli, demo_credentials,
personal_numbers), so sign-ups and staff accounts are made the same way.
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import shutil
import sys
import time
import tomllib

import psycopg
import requests

from servicekit.testing import DEFAULT_TEST_POSTGRES_URL, nats_server_binary, scratch_postgres_database
from tests.federation.lan_client import lan_session
from tests.federation.netns import Host, Network

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(sys.executable).parent
REGISTRY = ROOT / "deploy" / "services.toml"
HOSTS = ("province", "kota", "pohuwato")
NATS_PORT = 4222
GATEWAY_PORT = 8080
GATEWAY_METRICS_PORT = 9100
PROVINCE_SERVICES = ("identity", "tax", "complaints", "disaster", "inbox", "permits")
# What each agency's host runs, and the regions it owns.
AGENCY_SERVICES = {"kota": ("permits", ["75.71"]), "pohuwato": ("complaints", ["75.04"])}
# Services on PostgreSQL (one database per instance); the rest keep SQLite in their host's VAR_DIR.
ON_POSTGRES = {("province", "permits"), ("kota", "permits")}


def registry_ports() -> dict[str, tuple[int, int]]:
    """gRPC and metrics port of each service: the registry's (each host has its own port space)."""
    services = tomllib.loads(REGISTRY.read_text(encoding="utf-8"))["services"]
    return {
        name: (int(entry["address"].rsplit(":", 1)[1]), int(entry["metrics_port"])) for name, entry in services.items()
    }


def postgres_socket_url(admin_url: str, tcp_url: str) -> str:
    """The same database as `tcp_url`, reached through the server's Unix socket."""
    with psycopg.connect(admin_url, autocommit=True) as connection:
        directories = connection.execute("show unix_socket_directories").fetchone()[0]
    socket_dir = directories.split(",")[0].strip()
    user_and_host, _, database = tcp_url.removeprefix("postgresql://").rpartition("/")
    user = user_and_host.split("@")[0]
    return f"postgresql://{user}@/{database}?host={socket_dir}"


class Federation:
    def __init__(self, workdir: pathlib.Path, database_urls: dict[tuple[str, str], str]):
        self.network = Network(workdir, HOSTS)
        self.province: Host = self.network["province"]
        self.kota: Host = self.network["kota"]
        self.pohuwato: Host = self.network["pohuwato"]
        self.ports = registry_ports()
        self.database_urls = database_urls
        self.registry_file = workdir / "services.toml"
        self.http = lan_session(self.network.lan)
        self.personal_numbers: set[str] = set()

    # What tests/e2e's helpers ask of a stack: the province is where residents and staff are known.
    @property
    def url(self) -> str:
        return f"http://{self.province.address}:{GATEWAY_PORT}"

    @property
    def workdir(self) -> pathlib.Path:
        return self.province.workdir

    @property
    def nats_url(self) -> str:
        return f"nats://{self.province.address}:{NATS_PORT}"

    def demo_credentials(self) -> dict:
        return json.loads((self.province.workdir / "var" / "demo-credentials.json").read_text())

    def cli(self, service: str, *args: str, stdin: str | None = None, extra_env: dict | None = None, host=None):
        """A service's command line on `host` (the province by default), with that host's configuration."""
        host = host or self.province
        env = {**self.env(host, service), **(extra_env or {})}
        return host.run([str(BIN / f"gorontalo-{service}"), *args], env, stdin=stdin)

    def env(self, host: Host, service: str | None = None) -> dict[str, str]:
        """The environment of a process of `service` on `host`: every other service is the province's."""
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.endswith(("_ADDR", "_DATABASE_URL", "_LISTEN", "_METRICS_PORT"))
            and key not in ("PROMETHEUS_MULTIPROC_DIR", "METRICS_HOST", "NATS_URL", "VAR_DIR", "SERVICES_FILE")
        }
        env.update(
            {
                "VAR_DIR": str(host.workdir / "var"),
                "SERVICES_FILE": str(self.registry_file),
                "NATS_URL": self.nats_url,
                "PUBLIC_BASE_URL": self.url,
                "WEB_PUBLIC_URL": f"http://{self.province.address}:8081",
                "RATE_LIMIT_NAMESPACE": f"{self.network.run_id}-{host.name}",
                # Every sign-up of the test comes from the LAN's one client address.
                "IDENTITY_CODE_REQUESTS_PER_ADDRESS": "10000/minute",
                "SHUTDOWN_GRACE_SECONDS": "5",
                "PYTHONUNBUFFERED": "1",
                "LOG_LEVEL": "INFO",
            }
        )
        for name, (grpc_port, metrics_port) in self.ports.items():
            env[f"{name.upper()}_ADDR"] = f"{self.province.address}:{grpc_port}"
            env[f"{name.upper()}_METRICS_PORT"] = str(metrics_port)
        if service is not None:
            env[f"{service.upper()}_LISTEN"] = f"{host.address}:{self.ports[service][0]}"
            url = self.database_urls.get((host.name, service))
            if url:
                env[f"{service.upper()}_DATABASE_URL"] = url
        return env

    def gateway_env(self) -> dict[str, str]:
        return self.env(self.province) | {
            "GATEWAY_BIND": f"{self.province.address}:{GATEWAY_PORT}",
            "GATEWAY_WORKERS": "2",
            "GATEWAY_THREADS": "8",
            "GATEWAY_METRICS_PORT": str(GATEWAY_METRICS_PORT),
            "GATEWAY_STREAMS_URL": f"http://{self.province.address}:8090",
        }

    def write_registry(self) -> None:
        """This run's registry: the checked-in one (addresses are overridden per host by <NAME>_ADDR)."""
        shutil.copyfile(REGISTRY, self.registry_file)

    def start(self) -> Federation:
        self.network.open()
        self.write_registry()
        self.start_nats()
        seeded = self.cli("identity", "seed-demo", "--quiet")
        if seeded.returncode != 0:
            raise RuntimeError(f"seed-demo failed:\n{seeded.stdout}\n{seeded.stderr}")
        for service in PROVINCE_SERVICES:
            self.start_service(self.province, service, wait=False)
        for service in PROVINCE_SERVICES:
            self.province.wait_port(self.ports[service][0], process=service)
        for name, (service, _regions) in AGENCY_SERVICES.items():
            self.start_service(self.network[name], service)
        self.start_gateway()
        return self

    def start_nats(self) -> None:
        store = self.province.workdir / "nats"
        store.mkdir(parents=True, exist_ok=True)
        argv = [nats_server_binary(), "-a", self.province.address, "-p", str(NATS_PORT), "-js", "-sd", str(store)]
        self.province.spawn("nats", argv, self.env(self.province))
        self.province.wait_port(NATS_PORT, process="nats")

    def start_service(self, host: Host, service: str, wait: bool = True) -> None:
        host.spawn(service, [str(BIN / f"gorontalo-{service}"), "serve"], self.env(host, service))
        if wait:
            host.wait_port(self.ports[service][0], process=service)

    def start_gateway(self) -> None:
        self.province.spawn("gateway", [str(BIN / "gorontalo-gateway")], self.gateway_env())
        self.wait_ready()

    def stop_host(self, host: Host) -> None:
        host.stop_all()

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                last = self.http.get(self.url + "/readyz", timeout=3)
                if last.status_code == 200:
                    return
            except requests.RequestException:  # refused while gunicorn starts
                pass
            time.sleep(0.3)
        raise TimeoutError(f"gateway not ready: {last.text if last is not None else 'no answer'}\n{self.tail_logs()}")

    def tail_logs(self, lines: int = 25) -> str:
        return "\n".join(host.tail_logs(lines) for host in self.network.hosts.values())

    def close(self) -> None:
        self.network.close()


@contextlib.contextmanager
def running_federation(workdir: pathlib.Path):
    """Three started hosts, their databases made on the shared PostgreSQL and dropped on exit, the
    namespaces deleted on exit whatever happened."""
    admin_url = os.environ.get("TEST_POSTGRES_URL", DEFAULT_TEST_POSTGRES_URL)
    with contextlib.ExitStack() as resources:
        database_urls = {}
        for key in sorted(ON_POSTGRES):
            tcp_url = resources.enter_context(scratch_postgres_database(admin_url))
            database_urls[key] = postgres_socket_url(admin_url, tcp_url)
        federation = Federation(workdir, database_urls)
        resources.callback(federation.close)
        federation.start()
        yield federation
