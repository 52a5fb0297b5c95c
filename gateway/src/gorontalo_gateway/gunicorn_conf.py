"""gunicorn settings for the gateway (and for the benchmark's baseline app).

No preload_app: each worker builds its own app and gRPC channels after the
fork, because gRPC's core must not be shared across fork(). The app's modules are imported in the
master (on_starting), which starts no gRPC object, so the workers share them.
"""

import gc
import os
import pathlib
import shutil

from gorontalo_gateway.config import LIMIT_REQUEST_FIELD_SIZE, LIMIT_REQUEST_FIELDS, LIMIT_REQUEST_LINE, metrics_address

bind = os.environ.get("GATEWAY_BIND", "127.0.0.1:8080")
workers = int(os.environ.get("GATEWAY_WORKERS", "2"))
threads = int(os.environ.get("GATEWAY_THREADS", "16"))
# gthread, answering the errors gunicorn makes itself (414, 431, 400) as problem+json.
worker_class = "gorontalo_gateway.worker.ProblemThreadWorker"
limit_request_line = LIMIT_REQUEST_LINE
limit_request_fields = LIMIT_REQUEST_FIELDS
limit_request_field_size = LIMIT_REQUEST_FIELD_SIZE
timeout = 30
graceful_timeout = 10
keepalive = 5
# A supervisor restarts a crashed (SIGKILLed) master at once. Its orphaned workers still hold the old
# listening socket while they finish in-flight requests; SO_REUSEPORT lets the new master bind beside
# them instead of failing after gunicorn's bind retries (issue 18: "could not start again for ~10 s").
reuse_port = True
preload_app = False
accesslog = None  # the app logs each request as JSON with its request id
errorlog = "-"
# gunicorn >= 25.1 opens a control socket for gunicornc at one path per user ($HOME/.gunicorn/
# gunicorn.ctl): the gateway, the web app and every stack on a host took it from one another (make
# run printed both masters listening on it), and its thread would run in the master that forks the
# workers. These processes are restarted and scaled by their supervisor (honcho, systemd, Kubernetes).
control_socket_disable = True
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


def on_starting(server):
    metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if metrics_dir:
        shutil.rmtree(metrics_dir, ignore_errors=True)
        pathlib.Path(metrics_dir).mkdir(parents=True, exist_ok=True)
    if (server.app.app_uri or "").startswith("gorontalo_gateway."):  # not the benchmark's hello
        _import_app_modules()


def _import_app_modules() -> None:
    """The app's modules and the contracts it fronts, imported once here so that the workers share their
    pages copy-on-write instead of each importing its own (issue 20: idle memory). Imports only: the
    app, its gRPC channels and its tracing are still made in each worker after the fork."""
    import importlib

    from gorontalo_gateway import app  # noqa: F401
    from servicekit.config import service_registry

    for key in service_registry():
        try:
            importlib.import_module(f"gorontalo.{key}.v1.{key}_pb2")
        except ImportError:  # a contract this host lacks: the worker's create_app says so
            pass
    # Metrics the imports defined opened this master's own (zero) multiprocess files; the master
    # records nothing, so they would only add a series of their own to every scrape.
    metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if metrics_dir:
        for path in pathlib.Path(metrics_dir).glob(f"*_{os.getpid()}.db"):
            path.unlink(missing_ok=True)


def pre_fork(server, worker):
    """What the master holds so far joins the garbage collector's frozen generation: a worker's
    collections never touch (so never copy) those pages."""
    gc.freeze()


def when_ready(server):
    """/metrics on its own listener in the master, before any worker exists: it reads every
    worker's files, so one scrape counts all workers, and the API port never serves it."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        server.log.warning("PROMETHEUS_MULTIPROC_DIR is not set (gorontalo-gateway sets it): no metrics listener")
        return
    from gorontalo_gateway import metrics_listener

    host, port = metrics_address()
    try:
        metrics_listener.start(host, port)
    except OSError as error:
        server.log.error("cannot serve metrics on %s:%s (GATEWAY_METRICS_PORT, METRICS_HOST): %s", host, port, error)
        raise SystemExit(1) from None
    server.log.info("metrics on http://%s:%s/metrics", host, port)


def post_fork(server, worker):
    """Orphans go at once: when the master dies, the kernel sends each worker SIGTERM (its graceful
    stop: no new connections, in-flight ones finished) instead of leaving it to notice a changed
    parent pid on its next loop."""
    _terminate_when_parent_dies()
    from gorontalo_gateway import metrics_listener

    metrics_listener.close_inherited()


def _terminate_when_parent_dies() -> None:
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: gunicorn's own parent check remains
        pass


def post_worker_init(worker):
    from servicekit import logging as json_logging
    from servicekit import tracing

    json_logging.configure("gateway", os.environ.get("LOG_LEVEL", "INFO"))
    # In the worker, never the master: the span exporter's thread does not survive fork().
    tracing.configure("gateway")


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
