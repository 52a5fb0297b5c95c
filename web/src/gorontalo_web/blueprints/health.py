"""Probes (issue 18, "Health"): /healthz, the process answers; /readyz, this replica can serve.

Ready means the session store (Redis) answers: without it nobody signs in or posts a form, on this
replica only if its own link is the broken one. The gateway's state is shown but not required: every
replica shares it, so taking them all out of the load balancer for it would only swap the pages that
say "service unavailable" for the balancer's error.
"""

from __future__ import annotations

import redis
import requests
from flask import Blueprint, current_app, jsonify

blueprint = Blueprint("health", __name__)

PROBE_TIMEOUT_SECONDS = 2.0


@blueprint.get("/healthz")
def healthz():
    return jsonify(status="ok")


def _sessions_up() -> bool:
    try:
        return bool(current_app.extensions["gorontalo_session_store"].redis.ping())
    except redis.RedisError:
        return False


def _gateway_up() -> bool:
    gateway = current_app.extensions["gorontalo_gateway"]
    try:
        return gateway.http.get(gateway.base_url + "/healthz", timeout=PROBE_TIMEOUT_SECONDS).status_code == 200
    except requests.RequestException:
        return False


@blueprint.get("/readyz")
def readyz():
    checks = {"sessions": "up" if _sessions_up() else "down", "gateway": "up" if _gateway_up() else "down"}
    ready = checks["sessions"] == "up"
    response = jsonify(status="ready" if ready else "not_ready", checks=checks)
    response.status_code = 200 if ready else 503
    response.headers["Cache-Control"] = "no-store"
    return response
