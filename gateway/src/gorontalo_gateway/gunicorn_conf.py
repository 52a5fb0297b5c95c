"""gunicorn settings for the gateway (and for the benchmark's baseline app).

No preload_app: each worker builds its own app and gRPC channels after the
fork, because gRPC's core must not be shared across fork().
"""
import os
import pathlib
import shutil

bind = os.environ.get("GATEWAY_BIND", "127.0.0.1:8080")
workers = int(os.environ.get("GATEWAY_WORKERS", "2"))
threads = int(os.environ.get("GATEWAY_THREADS", "16"))
worker_class = "gthread"
timeout = 30
graceful_timeout = 10
keepalive = 5
preload_app = False
accesslog = None  # the app logs each request as JSON with its request id
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


def on_starting(server):
    metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if metrics_dir:
        shutil.rmtree(metrics_dir, ignore_errors=True)
        pathlib.Path(metrics_dir).mkdir(parents=True, exist_ok=True)


def post_worker_init(worker):
    from servicekit import logging as json_logging

    json_logging.configure("gateway", os.environ.get("LOG_LEVEL", "INFO"))


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
