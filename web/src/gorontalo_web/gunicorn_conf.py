"""gunicorn settings for the web app: threads, because each page waits on the gateway."""

import os

bind = os.environ.get("WEB_BIND", "127.0.0.1:8081")
workers = int(os.environ.get("WEB_WORKERS", "2"))
threads = 8
worker_class = "gthread"
timeout = 30
graceful_timeout = 10
keepalive = 5
accesslog = None
errorlog = "-"
control_socket_disable = True  # as the gateway's (gorontalo_gateway.gunicorn_conf): no shared gunicornc socket
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


def on_starting(server):
    # The CSRF key is generated once, before any worker exists, so every worker reads the same key.
    from gorontalo_web.config import WebSettings

    WebSettings.from_env()


def post_worker_init(worker):
    from servicekit import logging as json_logging

    json_logging.configure("web", os.environ.get("LOG_LEVEL", "INFO"))
