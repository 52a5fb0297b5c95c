"""gorontalo-services: the services of one host, importing their common stack once ("fork after import").

    gorontalo-services identity permits tax complaints disaster inbox tourism assist permits:precheck-worker

Each Python service process holds ~60 MB of its own heap: the interpreter with grpc, SQLAlchemy, alembic,
OpenTelemetry, cryptography, the protobuf descriptors and prometheus_client imported (issue 20). This
parent imports all of that and every named service's modules once, starting nothing (no gRPC channel or
server, no NATS connection, no thread, no database connection: gRPC supports fork() only before its core
is started, and no other thread may exist to hold a lock across the fork), freezes the heap for the
garbage collector, then forks one child per service that runs the service's own console-script entry
point (`gorontalo-<service> serve`, or the command after the colon). The children share the parent's
pages copy-on-write and start without paying the imports again; each is still its own process with its
own pid, ports, database, NATS connection and logs (servicekit.supervision keeps them alive, writes
their pids to $VAR_DIR/run/<name>.pid and stops them on SIGTERM).

One service per host (a Kubernetes pod) runs its own console script instead: nothing is shared there.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import importlib.util
import logging
import os
import pathlib
import sys
import time
from importlib.metadata import entry_points

from .supervision import Child, Supervisor, threads_of_this_process

log = logging.getLogger("servicekit.launcher")

# What every service's serve path imports; imported here before any service module so that the
# children find it in the shared pages. Modules only some calls need (complaints' scikit-learn, the
# printing of PDFs) stay out: they would cost every host that never uses them.
COMMON_STACK = (
    "grpc",
    "grpc._server",
    "grpc._channel",
    "grpc._interceptor",
    "grpc_health.v1.health",
    "grpc_reflection.v1alpha.reflection",
    "sqlalchemy.orm",
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.postgresql",
    "alembic.command",
    "alembic.config",
    "alembic.runtime.migration",
    "opentelemetry.sdk.trace",
    "opentelemetry.sdk.trace.export",
    "opentelemetry.sdk.resources",
    "opentelemetry.sdk.metrics",
    "cryptography.hazmat.backends.openssl",
    "sqlite3",
    "redis",
    "prometheus_client",
    "nats",
    "nats.js",
    "servicekit.server",
    "servicekit.db",
    "servicekit.uow",
    "servicekit.bus",
    "servicekit.outbox_relay",
    "servicekit.consumers",
    "servicekit.jetstream",
    "servicekit.idempotency",
    "servicekit.revocation",
    "servicekit.clients",
    "servicekit.health",
    "servicekit.tracing",
)
# The modules a command imports only when it runs (kept lazy in the console scripts for their other
# commands), relative to the entry point's top-level package; absent ones are skipped.
COMMAND_MODULES = {
    "serve": ("bootstrap", "entrypoints.grpc_servicer"),
    "precheck-worker": ("bootstrap", "entrypoints.precheck_worker"),
    "streams": ("streams.server",),  # gorontalo-gateway streams, the alert stream server
}


class LaunchError(RuntimeError):
    pass


def parse_spec(spec: str) -> tuple[str, str, str]:
    """ "tax" -> (name "tax", service "tax", command "serve"); "permits:precheck-worker" ->
    ("permits-precheck-worker", "permits", "precheck-worker")."""
    service, _, command = spec.partition(":")
    command = command or "serve"
    if not service or not all(part.replace("-", "").isalnum() for part in (service, command)):
        raise LaunchError(f"not a service: {spec!r} (service or service:command)")
    return (service if command == "serve" else f"{service}-{command}"), service, command


def _entry_point(service: str):
    found = entry_points(group="console_scripts", name=f"gorontalo-{service}")
    if not found:
        raise LaunchError(f"no console script gorontalo-{service} is installed")
    return next(iter(found))


def preload(commands: list[tuple[str, str]]) -> dict[str, object]:
    """Import the common stack and the modules of each (service, command); the services' entry points."""
    # One BLAS thread: numpy's OpenBLAS (assist, complaints' model) would otherwise start its pool at
    # import, and on one host eight services sharing the cores gain nothing from several each.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # alembic imports mako, which imports pygments' lexers (4.6 MB) only to colour its template errors,
    # which no service renders: hidden while importing, importable again by any child that wants it.
    hidden = "pygments" not in sys.modules
    if hidden:
        sys.modules["pygments"] = None
    for module in COMMON_STACK:
        importlib.import_module(module)
    if hidden:
        del sys.modules["pygments"]
    mains = {}
    for service, command in commands:
        if service not in mains:
            mains[service] = _entry_point(service).load()
        package = mains[service].__module__.split(".", 1)[0]
        for relative in COMMAND_MODULES.get(command, ()):
            if _exists(f"{package}.{relative}"):
                importlib.import_module(f"{package}.{relative}")
    return mains


def _exists(module: str) -> bool:
    parent, _, _ = module.rpartition(".")
    return (not parent or _exists(parent)) and importlib.util.find_spec(module) is not None


def foreign_metrics(service: str, services: list[str]):
    """The module-level Prometheus collectors of the *other* services (named gorontalo_<other>_...):
    imported here only because the parent imported every service, they do not belong on this one's
    /metrics."""
    from prometheus_client import REGISTRY

    others = tuple(f"gorontalo_{other.replace('-', '_')}_" for other in services if other != service)
    if not others:
        return []
    names_of = dict(REGISTRY._collector_to_names)  # noqa: SLF001 - the registry offers no public listing
    return [collector for collector, names in names_of.items() if names and all(n.startswith(others) for n in names)]


def _runner(main, service: str, command: str, services: list[str]):
    def run() -> int:
        from prometheus_client import REGISTRY

        for collector in foreign_metrics(service, services):
            REGISTRY.unregister(collector)
        return main([command])

    return run


def _log_without_threads() -> None:
    """JSON lines on stderr, written by the thread that logs: servicekit.logging.configure's handler
    starts a writer thread at its first line, which this parent must not have. Warnings only while
    importing (alembic announces its plugins at INFO); each child configures its own logging."""
    from .logging import JsonFormatter

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter("services"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="gorontalo-services", description=__doc__.split("\n\n")[0])
    parser.add_argument("services", nargs="+", help="service names, or service:command (e.g. permits:precheck-worker)")
    parser.add_argument(
        "--stop-seconds", type=float, default=60.0, help="after SIGTERM, how long children may drain before SIGKILL"
    )
    parser.add_argument("--log-dir", help="each child's output to LOG_DIR/<name>.log instead of the launcher's")
    args = parser.parse_args(argv)

    from . import config

    level = config.env("LOG_LEVEL", "INFO").upper()
    _log_without_threads()
    # No collection while importing: freed holes in the pages the children will share would be
    # filled (and copied) later; what is imported is frozen before the first fork (Python's gc docs).
    gc.disable()
    started = time.monotonic()
    try:
        specs = [parse_spec(spec) for spec in args.services]
        services = sorted({service for _, service, _ in specs})
        mains = preload([(service, command) for _, service, command in specs])
    except (LaunchError, ImportError) as error:
        log.error("cannot start the services: %s", error)
        return 2
    threads = threads_of_this_process()
    if len(threads) > 1:
        # A thread here (an import that started one) could hold a lock at fork: every child would
        # inherit it locked. Refuse rather than fork into a deadlock.
        log.error("threads %s exist after importing the services: refusing to fork", ", ".join(threads))
        return 2
    logging.getLogger().setLevel(level)
    log.info("imported %d modules for %s in %.1f s", len(sys.modules), ", ".join(services), time.monotonic() - started)
    gc.freeze()
    children = [
        Child(name, _runner(mains[service], service, command, services), argv=(f"gorontalo-{service}", command))
        for name, service, command in specs
    ]
    log_dir = pathlib.Path(args.log_dir) if args.log_dir else None
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
    return Supervisor(children, config.var_dir() / "run", stop_seconds=args.stop_seconds, log_dir=log_dir).run()


if __name__ == "__main__":
    sys.exit(main())
