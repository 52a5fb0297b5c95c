"""gorontalo-web: serve the residents' web app under gunicorn (settings from the environment)."""

from __future__ import annotations

import argparse
import os
import sys

HELP = """Serve Gorontalo Satu, the residents' web app, under gunicorn.

It reaches the platform only through the gateway's REST API. Settings come from the environment:
  GATEWAY_URL               the gateway (default http://127.0.0.1:8080)
  WEB_BIND                  listen address (default 127.0.0.1:8081)
  WEB_WORKERS               gunicorn workers (default 2)
  WEB_SECRET_KEY            key of the CSRF tokens (default: generated once into $VAR_DIR/web/secret-key)
  WEB_COOKIE_SECURE         true behind HTTPS: the session cookie is sent over HTTPS only
  WEB_IDLE_TIMEOUT_SECONDS  a session ends after this long without a request (default 1800)
  REDIS_URL                 where sessions are kept (prefix WEB_SESSION_NAMESPACE or RATE_LIMIT_NAMESPACE)
Extra arguments are passed to gunicorn.
"""


def main(argv=None) -> int:
    argv = list(argv if argv is not None else sys.argv[1:])
    if argv[:1] in (["-h"], ["--help"]):
        argparse.ArgumentParser(
            prog="gorontalo-web", description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter
        ).print_help()
        return 0
    args = ["gunicorn", "-c", "python:gorontalo_web.gunicorn_conf", "gorontalo_web.app:create_app()", *argv]
    os.execvp(sys.executable, [sys.executable, "-m", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
