"""The platform on three hosts (network namespaces): the province, Kota Gorontalo and Pohuwato.

province  nats-server (the shipped TLS configuration, deploy/nats), identity, tax, complaints, disaster,
          inbox, tourism, the provincial permits (all of 75 that no agency runs itself), the gateway and
          the residents' web app;
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
import signal
import sys
import time
import tomllib
from dataclasses import dataclass

import psycopg
import requests

from servicekit.testing import DEFAULT_TEST_POSTGRES_URL, nats_server_binary, scratch_postgres_database
from tests.federation.lan_client import lan_session
from tests.federation.netns import Host, Network
from tests.federation.pki import ProvincialPki

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(sys.executable).parent
REGISTRY = ROOT / "deploy" / "services.toml"
# The three hosts of the issue, and Kabupaten Gorontalo Utara's, idle until docs/federation.md's
# walkthrough joins it to the federation.
HOSTS = ("province", "kota", "pohuwato", "gorut")
# What each host is called (its hosts file on every host: the LAN's DNS).
NAMES = {
    "gateway.gorontaloprov.go.id": "province",
    "nats.gorontaloprov.go.id": "province",
    "identity.gorontaloprov.go.id": "province",
    "permits.kotagorontalo.go.id": "kota",
    "complaints.pohuwatokab.go.id": "pohuwato",
    "permits.gorutkab.go.id": "gorut",
}
NATS_PORT = 4222
GATEWAY_PORT = 8080
GATEWAY_METRICS_PORT = 9100
PROVINCE_SERVICES = ("identity", "tax", "complaints", "disaster", "inbox", "permits", "tourism")
WEB_PORT = 8081


@dataclass(frozen=True)
class AgencyInstance:
    """A kabupaten/kota's own instance of a service, on its own host."""

    host: str
    service: str
    name: str  # <SERVICE>_INSTANCE
    agency: str  # kode without dots
    regions: tuple[str, ...]


AGENCY_INSTANCES = (
    AgencyInstance("kota", "permits", "kota-gorontalo", "7571", ("75.71",)),
    AgencyInstance("pohuwato", "complaints", "pohuwato", "7504", ("75.04",)),
)
# Services on PostgreSQL (one database per instance); the rest keep SQLite in their host's VAR_DIR.
ON_POSTGRES = {("province", "permits"), ("kota", "permits")}


def registry_ports() -> dict[str, tuple[int, int]]:
    """gRPC and metrics port of each service: the checked-in registry's (each host has its own port space)."""
    services = tomllib.loads(REGISTRY.read_text(encoding="utf-8"))["services"]
    ports = {}
    for name, entry in services.items():
        entry = entry.get("instances", [entry])[0]
        ports[name] = (int(entry["address"].rsplit(":", 1)[1]), int(entry["metrics_port"]))
    return ports


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
        self.network = Network(workdir, HOSTS, NAMES)
        self.province: Host = self.network["province"]
        self.kota: Host = self.network["kota"]
        self.pohuwato: Host = self.network["pohuwato"]
        self.gorut: Host = self.network["gorut"]
        self.ports = registry_ports()
        self.database_urls = database_urls
        self.registry_file = workdir / "services.toml"
        self.pki = ProvincialPki(workdir / "pki-officer", self)
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
        """TLS: every host's processes present their certificate, which names their NATS user."""
        return f"tls://{self.province.address}:{NATS_PORT}"

    @property
    def web_url(self) -> str:
        return f"http://{self.province.address}:{WEB_PORT}"

    def demo_credentials(self) -> dict:
        return json.loads((self.province.workdir / "var" / "demo-credentials.json").read_text())

    def cli(self, service: str, *args: str, stdin: str | None = None, extra_env: dict | None = None, host=None):
        """A service's command line on `host` (the province by default), with that host's configuration."""
        host = host or self.province
        env = {**self.env(host, service), **(extra_env or {})}
        return host.run([str(BIN / f"gorontalo-{service}"), *args], env, stdin=stdin)

    def env(self, host: Host, service: str | None = None) -> dict[str, str]:
        """The environment of a process of `service` on `host`. Where every service is reached comes from
        this run's registry alone (no <NAME>_ADDR), as on real machines."""
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.endswith(("_ADDR", "_DATABASE_URL", "_LISTEN", "_METRICS_PORT", "_INSTANCE"))
            and not key.startswith("TLS_")
            and key not in ("PROMETHEUS_MULTIPROC_DIR", "METRICS_HOST", "NATS_URL", "VAR_DIR", "SERVICES_FILE")
        }
        env.update(
            {
                "VAR_DIR": str(host.workdir / "var"),
                "SERVICES_FILE": str(self.registry_file),
                "NATS_URL": self.nats_url,
                "PUBLIC_BASE_URL": self.url,
                "WEB_PUBLIC_URL": f"http://{self.province.address}:{WEB_PORT}",
                "RATE_LIMIT_NAMESPACE": f"{self.network.run_id}-{host.name}",
                # Every sign-up of the test comes from the LAN's one client address.
                "IDENTITY_CODE_REQUESTS_PER_ADDRESS": "10000/minute",
                "SHUTDOWN_GRACE_SECONDS": "5",
                "PYTHONUNBUFFERED": "1",
                "LOG_LEVEL": "INFO",
            }
        )
        if service is None:
            return env
        instance = self.agency_instance(host.name, service)
        if instance is not None:
            env[f"{service.upper()}_INSTANCE"] = instance.name
        env["AGENCY_CODE"] = instance.agency if instance else "75"
        env.update(self.pki.tls_env(host, service))
        url = self.database_urls.get((host.name, service))
        if url:
            env[f"{service.upper()}_DATABASE_URL"] = url
        return env

    def agency_instance(self, host_name: str, service: str) -> AgencyInstance | None:
        return next((i for i in AGENCY_INSTANCES if i.host == host_name and i.service == service), None)

    def gateway_env(self) -> dict[str, str]:
        return self.env(self.province, "gateway") | {
            "GATEWAY_BIND": f"{self.province.address}:{GATEWAY_PORT}",
            "GATEWAY_WORKERS": "2",
            "GATEWAY_THREADS": "8",
            "GATEWAY_METRICS_PORT": str(GATEWAY_METRICS_PORT),
            "GATEWAY_STREAMS_URL": f"http://{self.province.address}:8090",
        }

    def write_registry(self) -> None:
        """This run's services.toml: every provincial service at the province host's address, and the
        agencies' instances at theirs, in the shape docs/federation.md tells an agency to declare."""
        lines = ["# The three-host federation test's registry (tests/federation/three_hosts.py).", ""]
        for service, (grpc_port, metrics_port) in self.ports.items():
            agencies = [i for i in AGENCY_INSTANCES if i.service == service]
            if not agencies:
                lines += [f"[services.{service}]", f'address = "{self.province.address}:{grpc_port}"']
                lines += [f"metrics_port = {metrics_port}", ""]
                continue
            lines += [f"[[services.{service}.instances]]", 'name = "provinsi"', 'agency = "75"']
            lines += [f'address = "{self.province.address}:{grpc_port}"', 'regions = ["75"]']
            lines += [f"metrics_port = {metrics_port}", ""]
            for instance in agencies:
                host = self.network[instance.host]
                lines += [f"[[services.{service}.instances]]", f'name = "{instance.name}"']
                lines += [f'agency = "{instance.agency}"', f'address = "{host.address}:{grpc_port}"']
                lines += [f"regions = {json.dumps(list(instance.regions))}", f"metrics_port = {metrics_port}", ""]
        self.registry_file.write_text("\n".join(lines), encoding="utf-8")

    def start(self) -> Federation:
        self.network.open()
        self.write_registry()
        self.pki.issue_all()
        self.start_nats()
        self.start_redis()
        seeded = self.cli("identity", "seed-demo", "--quiet")
        if seeded.returncode != 0:
            raise RuntimeError(f"seed-demo failed:\n{seeded.stdout}\n{seeded.stderr}")
        for service in PROVINCE_SERVICES:
            self.start_service(self.province, service, wait=False)
        for service in PROVINCE_SERVICES:
            self.province.wait_port(self.ports[service][0], process=service)
        for instance in AGENCY_INSTANCES:
            self.start_service(self.network[instance.host], instance.service)
        self.start_gateway()
        self.start_web()
        return self

    def start_nats(self) -> None:
        """nats-server on the configuration the project ships (servicekit.nats_config): TLS with the
        certificate the officers issued to the province's NATS, one user per instance of this run's registry."""
        config = self.render_nats_config()
        self.province.spawn("nats", [nats_server_binary(), "-c", str(config)], self.env(self.province))
        self.province.wait_port(NATS_PORT, process="nats")

    def render_nats_config(self) -> pathlib.Path:
        from servicekit import federation as registry
        from servicekit.nats_config import PROVINCIAL_CLIENTS, NatsUser, render
        from servicekit.pki import PeerIdentity, TlsFiles

        declared = registry.parse(tomllib.loads(self.registry_file.read_text(encoding="utf-8")))
        users = [
            NatsUser(PeerIdentity.parse(instance.identity), instance.name)
            for instances in declared.services.values()
            for instance in instances
        ] + [NatsUser.of(name) for name in PROVINCIAL_CLIENTS]
        nats_dir = self.province.workdir / "nats"
        return render(
            nats_dir / "conf",
            server_tls=TlsFiles.in_dir(self.pki.host_dir(self.province, "nats")),
            users=users,
            port=NATS_PORT,
            host=self.province.address,
            store_dir=nats_dir / "jetstream",
            deploy_dir=ROOT / "deploy" / "nats",
        )

    def start_redis(self) -> None:
        """The province host's own Redis (the web app's sessions, shared rate limits) on its loopback,
        where its processes look by default: the machine's Redis is outside every host."""
        folder = self.province.workdir / "redis"
        folder.mkdir(parents=True, exist_ok=True)
        argv = ["redis-server", "--bind", "127.0.0.1", "--port", "6379", "--save", "", "--dir", str(folder)]
        self.province.spawn("redis", argv, self.env(self.province))

    def reload_nats(self) -> None:
        """After a change to the registry: the users rendered again, and nats-server told to reload
        (SIGHUP), as the province's operators do when an agency joins."""
        self.render_nats_config()
        self.province.processes["nats"].send_signal(signal.SIGHUP)

    def start_service(self, host: Host, service: str, wait: bool = True) -> None:
        host.spawn(service, [str(BIN / f"gorontalo-{service}"), "serve"], self.env(host, service))
        if wait:
            host.wait_port(self.ports[service][0], process=service)
            if "gateway" in self.province.processes:
                self.wait_until_gateway_reaches(service)

    def wait_until_gateway_reaches(self, service: str, timeout: float = 30, in_a_row: int = 4) -> None:
        """Until /v1/services shows every instance of `service` up several times in a row: the gateway's
        channel to a restarted instance may still be in reconnect backoff, and the next test's first call
        would meet its 503 (seen once in CI on a loaded machine)."""
        deadline, seen = time.monotonic() + timeout, 0
        while time.monotonic() < deadline and seen < in_a_row:
            try:
                entries = self.http.get(self.url + "/v1/services", timeout=3).json()["services"]
                entry = next((e for e in entries if e["name"] == service), {})
                states = [i.get("status") for i in entry.get("instances", [])]
                seen = seen + 1 if states and all(state == "up" for state in states) else 0
            except (requests.RequestException, ValueError, KeyError):
                seen = 0
            time.sleep(0.3)

    def start_gateway(self) -> None:
        self.province.spawn("gateway", [str(BIN / "gorontalo-gateway")], self.gateway_env())
        self.wait_ready()

    def start_web(self) -> None:
        """The residents' web app (gorontalo-web) on the province host, in front of the gateway."""
        env = self.env(self.province) | {
            "WEB_BIND": f"{self.province.address}:{WEB_PORT}",
            "WEB_WORKERS": "1",
            "GATEWAY_URL": self.url,
        }
        self.province.spawn("web", [str(BIN / "gorontalo-web")], env)
        self.province.wait_port(WEB_PORT, process="web")

    def restart_gateway(self) -> None:
        """The gateway reads the registry at start: after a change to it, the province restarts it."""
        self.province.stop("gateway")
        self.start_gateway()

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
