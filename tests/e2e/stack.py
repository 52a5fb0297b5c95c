"""The real platform as separate processes: nats-server, the services, gunicorn gateway, stream server, web app.

`Stack(..., launcher=True)` (or STACK_LAUNCHER=1) starts the services as `make run` does: children of one
`gorontalo-services` parent (servicekit.launcher), each still its own process; stop_service, start_service,
restart_service and pid work on those children. By default each service is its own `gorontalo-<svc> serve`.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import time

import requests

from servicekit.testing import (
    DEFAULT_TEST_POSTGRES_URL,
    NatsServer,
    free_port,
    postgres_available,
    scratch_postgres_database,
    wait_for_port,
)

SERVICES = ("identity", "permits", "tax", "complaints", "disaster", "inbox", "tourism", "assist")
BIN = pathlib.Path(sys.executable).parent


def _distinct_ports(count: int) -> list[int]:
    """free_port() can hand out a port twice when called in a row; the stack needs them all distinct."""
    ports: list[int] = []
    while len(ports) < count:
        port = free_port()
        if port not in ports:
            ports.append(port)
    return ports


class ForkedService:
    """A service forked by the stack's launcher, looked at like a subprocess.Popen (pid, poll, wait, signals).

    Its pid is the launcher's pid file's: it changes when the launcher forks the service again."""

    def __init__(self, run_dir: pathlib.Path, name: str):
        self.run_dir, self.name = run_dir, name

    @property
    def pid(self) -> int:
        return self.wait_for_pid()

    def current_pid(self) -> int | None:
        try:
            return int((self.run_dir / f"{self.name}.pid").read_text())
        except (OSError, ValueError):  # not forked (yet, or again), or the file half written
            return None

    def wait_for_pid(self, other_than: int | None = None, timeout: float = 60) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid = self.current_pid()
            if pid is not None and pid != other_than:
                return pid
            time.sleep(0.05)
        raise TimeoutError(f"the launcher did not fork {self.name}")

    def returncode(self) -> int | None:
        try:
            return int((self.run_dir / f"{self.name}.exited").read_text())
        except (OSError, ValueError):
            return None

    def poll(self) -> int | None:
        return None if self.current_pid() is not None else self.returncode()

    def wait(self, timeout: float | None = None, pid: int | None = None) -> int | None:
        """Until the child `pid` (default: the current one) is reaped by the launcher; its exit code."""
        pid = pid or self.current_pid()
        deadline = time.monotonic() + (timeout if timeout is not None else 3600)
        while self.current_pid() == pid and pid is not None:
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"gorontalo-{self.name}", timeout)
            time.sleep(0.05)
        return self.returncode()

    def send_signal(self, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, sig)

    def hold_down(self, held: bool) -> None:
        """While held, the launcher does not fork this service again (servicekit.supervision's down file)."""
        down = self.run_dir / f"{self.name}.down"
        if held:
            down.touch()
        else:
            down.unlink(missing_ok=True)


class Stack:
    def __init__(
        self, workdir: pathlib.Path, database_urls: dict[str, str] | None = None, launcher: bool | None = None
    ):
        self.workdir = workdir
        self.launcher = os.environ.get("STACK_LAUNCHER") == "1" if launcher is None else launcher
        self.run_dir = workdir / "var" / "run"
        self.logs = workdir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.nats = NatsServer(store_dir=str(workdir / "nats"))
        ports = _distinct_ports(5 + 2 * len(SERVICES))
        self.gateway_port = ports.pop()
        # Gorontalo Satu, the residents' web app (gorontalo-web), in front of this stack's gateway.
        self.web_port = ports.pop()
        self.streams_port = ports.pop()
        # Metrics have their own loopback listeners, off the API ports.
        self.gateway_metrics_port = ports.pop()
        self.streams_metrics_port = ports.pop()
        self.ports = {name: (ports.pop(), ports.pop()) for name in SERVICES}
        self.database_urls = database_urls or {}
        self.processes: dict[str, subprocess.Popen] = {}
        # NIKs and phone numbers the tests used: none may appear in any log line.
        self.personal_numbers: set[str] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}"

    @property
    def streams_url(self) -> str:
        """The alert stream server (SSE); the gateway redirects /v1/disaster/alerts/stream here."""
        return f"http://127.0.0.1:{self.streams_port}"

    @property
    def web_url(self) -> str:
        """The residents' web app (gorontalo-web), reaching the platform through this stack's gateway."""
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def metrics_url(self) -> str:
        """The gateway's Prometheus listener (all gunicorn workers together)."""
        return f"http://127.0.0.1:{self.gateway_metrics_port}"

    @property
    def streams_metrics_url(self) -> str:
        return f"http://127.0.0.1:{self.streams_metrics_port}"

    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.endswith(("_ADDR", "_DATABASE_URL", "_INSTANCE", "_KEYS_DIR"))
            and not k.startswith("TLS_")
            and k not in ("PROMETHEUS_MULTIPROC_DIR", "METRICS_HOST", "AGENCY_CODE")
        }  # each process of the stack is itself: its own certificate (dev material in VAR_DIR), instance, keys
        env.update(
            {
                "VAR_DIR": str(self.workdir / "var"),
                # The registry of services (the processes run in the work dir, not the checkout).
                "SERVICES_FILE": str(pathlib.Path(__file__).resolve().parents[2] / "deploy" / "services.toml"),
                "NATS_URL": self.nats.url,
                "GATEWAY_BIND": f"127.0.0.1:{self.gateway_port}",
                "GATEWAY_WORKERS": "2",
                # 8 keeps parallel test stacks light; the bench runs make run's default (16) as its hello does.
                "GATEWAY_THREADS": os.environ.get("STACK_GATEWAY_THREADS", "8"),
                "GATEWAY_STREAMS_BIND": f"127.0.0.1:{self.streams_port}",
                "GATEWAY_STREAMS_URL": self.streams_url,
                "GATEWAY_METRICS_PORT": str(self.gateway_metrics_port),
                "GATEWAY_STREAMS_METRICS_PORT": str(self.streams_metrics_port),
                "GATEWAY_URL": self.url,
                "WEB_BIND": f"127.0.0.1:{self.web_port}",
                "WEB_WORKERS": "2",
                "WEB_PUBLIC_URL": f"http://127.0.0.1:{self.web_port}",
                "SHUTDOWN_GRACE_SECONDS": "5",
                # Stacks of parallel test runs share one Redis: each counts its rate limits apart.
                "RATE_LIMIT_NAMESPACE": f"stack-{self.gateway_port}-{os.getpid()}",
                # Every e2e sign-up asks for an SMS code from 127.0.0.1; the per-address budget is
                # identity's own tests' to prove (svc-identity/tests/integration/test_signup_codes.py).
                "IDENTITY_CODE_REQUESTS_PER_ADDRESS": "10000/minute",
                "PYTHONUNBUFFERED": "1",
                "LOG_LEVEL": "INFO",
            }
        )
        for name, (grpc_port, metrics_port) in self.ports.items():
            env[f"{name.upper()}_ADDR"] = f"127.0.0.1:{grpc_port}"
            env[f"{name.upper()}_METRICS_PORT"] = str(metrics_port)
        for name, url in self.database_urls.items():
            env[f"{name.upper()}_DATABASE_URL"] = url
        return env

    def _spawn(self, name: str, argv: list[str]) -> None:
        log = open(self.logs / f"{name}.log", "ab")
        self.processes[name] = subprocess.Popen(
            argv, env=self.env(), stdout=log, stderr=subprocess.STDOUT, cwd=self.workdir
        )

    def start_service(self, name: str) -> None:
        if self.launcher:
            self._release_to_launcher(name)
        else:
            self._spawn(name, [str(BIN / f"gorontalo-{name}"), "serve"])
        wait_for_port(self.ports[name][0], timeout=60)
        self.wait_until_gateway_reaches(name)

    def pid(self, name: str) -> int:
        """The service's current process id (in launcher mode: of its current child)."""
        return self.processes[name].pid

    def _release_to_launcher(self, name: str) -> None:
        """The launcher forks `name` again (at once: SIGHUP makes it look) and this waits for the new child."""
        handle = self.processes.get(name)
        if not isinstance(handle, ForkedService):
            handle = self.processes[name] = ForkedService(self.run_dir, name)
        handle.hold_down(False)
        self.processes["services"].send_signal(signal.SIGHUP)
        handle.wait_for_pid()

    def wait_until_gateway_reaches(self, name: str, timeout: float = 30, in_a_row: int = 6) -> None:
        """Until the gateway's health checks see `name` up several times in a row (its workers each have
        their own channels, which may still be in reconnect backoff after a restart): the next test's first
        call must not meet a 503 left over from this one's restart."""
        if "gateway" not in self.processes:
            return
        deadline, seen = time.monotonic() + timeout, 0
        while time.monotonic() < deadline and seen < in_a_row:
            try:
                checks = requests.get(self.url + "/readyz", timeout=2).json().get("checks", {})
                seen = seen + 1 if checks.get(name) == "up" else 0
            except (requests.RequestException, ValueError):
                seen = 0
            time.sleep(0.1)

    def stop_service(self, name: str, sig=signal.SIGTERM, timeout: float = 20) -> int:
        """Stop one service (it stays down until start_service); its exit code, negative when killed."""
        process = self.processes.pop(name)
        if isinstance(process, ForkedService):
            self.processes[name] = process  # the launcher's child keeps its handle; held down meanwhile
            process.hold_down(True)
            pid = process.pid
            os.kill(pid, sig)
            return process.wait(timeout, pid=pid)
        process.send_signal(sig)
        return process.wait(timeout)

    def restart_service(self, name: str, extra_env: dict[str, str] | None = None, timeout: float = 60) -> None:
        """Run one service again, with `extra_env` on top of the stack's environment (none: as normal).

        A process that has died already (a fault-injection test killed it) is only reaped; a running
        one is stopped gracefully first. Callers restore the normal process when done.
        """
        process = self.processes.pop(name, None)
        if isinstance(process, ForkedService):
            self.processes[name] = process
            if not extra_env:  # the launcher forks it again as soon as it is gone
                pid = process.current_pid()
                if pid is not None:
                    os.kill(pid, signal.SIGTERM)
                process.wait(20, pid=pid)
                self._release_to_launcher(name)
                wait_for_port(self.ports[name][0], timeout=timeout)
                self.wait_until_gateway_reaches(name)
                return
            # Its own environment: held down in the launcher, run as its own process until restored.
            self.stop_service(name)
            process = None
        elif process is not None and self.launcher and not extra_env:
            # It ran with extra_env beside the launcher: stop it and give the service back to the launcher.
            process.send_signal(signal.SIGTERM)
            process.wait(20)
            self._release_to_launcher(name)
            wait_for_port(self.ports[name][0], timeout=timeout)
            self.wait_until_gateway_reaches(name)
            return
        if process is not None:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        log = open(self.logs / f"{name}.log", "ab")
        self.processes[name] = subprocess.Popen(
            [str(BIN / f"gorontalo-{name}"), "serve"],
            env={**self.env(), **(extra_env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.workdir,
        )
        wait_for_port(self.ports[name][0], timeout=timeout)
        self.wait_until_gateway_reaches(name)

    def start(self) -> Stack:
        self.nats.start()
        seeded = subprocess.run(
            [str(BIN / "gorontalo-identity"), "seed-demo", "--quiet"],
            env=self.env(),
            cwd=self.workdir,
            capture_output=True,
            text=True,
        )
        if seeded.returncode != 0:
            raise RuntimeError(f"seed-demo failed:\n{seeded.stdout}\n{seeded.stderr}")
        if self.launcher:  # as deploy/Procfile: the stream server is one of the launcher's children too
            launcher = [str(BIN / "gorontalo-services"), f"--log-dir={self.logs}", *SERVICES, "gateway:streams"]
            self._spawn("services", launcher)  # each child logs to logs/<name>.log, as a process of its own
            for name in SERVICES:
                self.processes[name] = ForkedService(self.run_dir, name)
            self.processes["streams"] = ForkedService(self.run_dir, "gateway-streams")
        else:
            for name in SERVICES:
                self._spawn(name, [str(BIN / f"gorontalo-{name}"), "serve"])
        for name in SERVICES:
            wait_for_port(self.ports[name][0], timeout=60)
        if not self.launcher:
            self._spawn("streams", [str(BIN / "gorontalo-gateway"), "streams"])
        self._spawn("gateway", [str(BIN / "gorontalo-gateway")])
        self.wait_ready()
        self.wait_streams_ready()
        self._spawn("web", [str(BIN / "gorontalo-web")])
        self.wait_web_ready()
        return self

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                last = requests.get(self.url + "/readyz?upstreams=all", timeout=2)  # every service up too
                if last.status_code == 200:
                    return
            except requests.RequestException:  # refused, or slow on a busy machine
                pass
            time.sleep(0.2)
        raise TimeoutError(f"stack not ready: {last.text if last is not None else 'no answer'}\n" + self.tail_logs())

    def wait_streams_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if requests.get(self.streams_url + "/readyz", timeout=5).status_code == 200:
                    return
            except requests.RequestException:  # refused while starting, or slow on a busy machine
                pass
            time.sleep(0.2)
        raise TimeoutError("stream server not ready\n" + self.tail_logs())

    def wait_web_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if requests.get(self.web_url + "/", timeout=5).status_code == 200:
                    return
            except requests.RequestException:  # refused while gunicorn starts
                pass
            time.sleep(0.2)
        raise TimeoutError("web app not ready\n" + self.tail_logs())

    def tail_logs(self, lines: int = 15) -> str:
        out = []
        for path in sorted(self.logs.glob("*.log")):
            text = path.read_text(errors="replace").splitlines()[-lines:]
            out.append(f"--- {path.name}\n" + "\n".join(text))
        return "\n".join(out)

    def cli(self, service: str, *args: str, stdin: str | None = None, extra_env: dict | None = None):
        """Run a service's command line against this stack's configuration."""
        return subprocess.run(
            [str(BIN / f"gorontalo-{service}"), *args],
            env={**self.env(), **(extra_env or {})},
            cwd=self.workdir,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def demo_credentials(self) -> dict:
        import json

        return json.loads((self.workdir / "var" / "demo-credentials.json").read_text())

    def stop(self) -> None:
        # The launcher's children stop with it (it sends each SIGTERM and waits for them).
        processes = [p for p in self.processes.values() if not isinstance(p, ForkedService)]
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
        self.nats.stop()
        shutil.rmtree(self.nats.store_dir, ignore_errors=True)


@contextlib.contextmanager
def running_stack(workdir: pathlib.Path, on_postgres: tuple[str, ...], launcher: bool | None = None):
    """A started Stack whose `on_postgres` services each get a scratch PostgreSQL database (the rest
    SQLite), stopped and cleaned up on exit. Without PostgreSQL everything runs on SQLite, except in
    CI, where that is a failure. `launcher`: see Stack."""
    with contextlib.ExitStack() as resources:
        database_urls = {}
        admin_url = os.environ.get("TEST_POSTGRES_URL", DEFAULT_TEST_POSTGRES_URL)
        if postgres_available(admin_url):
            for name in on_postgres:
                database_urls[name] = resources.enter_context(scratch_postgres_database(admin_url))
        elif os.environ.get("CI") == "true":
            raise RuntimeError(f"PostgreSQL is required in CI and not reachable at {admin_url}")
        running = Stack(workdir, database_urls, launcher=launcher)
        resources.callback(running.stop)
        running.start()
        yield running
