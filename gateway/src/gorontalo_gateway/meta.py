"""Health, readiness, the service directory, OpenAPI, AsyncAPI and human docs.

/metrics is not here: it has its own loopback listener (metrics_listener, gunicorn_conf).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, redirect, render_template, request

from . import http_policy, messages, problems
from .upstreams import nats_reachable

blueprint = Blueprint("meta", __name__)


def _state():
    return current_app.extensions["gorontalo"]


@blueprint.get("/healthz")
def healthz():
    return jsonify(status="ok")


@blueprint.get("/readyz")
def readyz():
    """Whether this gateway replica can serve: what it needs of its own, NATS (the revocation feed that
    refuses logged-out tokens, the alerts it streams). An upstream that is down is not the gateway's
    failure: its calls answer 503 naming it while the rest is served, and taking every gateway out of
    the load balancer for it would stop them all. Each upstream's state is in the body all the same.

    `?upstreams=all` asks more: every upstream up too (an operator's or a test stack's "is it all up")."""
    state = _state()
    upstreams = {key: "up" if up else "down" for key, up in state.upstreams.status(max_age=0).items()}
    own = {"nats": "up" if nats_reachable(state.config.nats_url, state.config.health_timeout) else "down"}
    checks = {**upstreams, **own}
    required = checks if request.args.get("upstreams") == "all" else own
    if all(value == "up" for value in required.values()):
        return jsonify(status="ready", checks=checks)
    return problems.problem(503, "not_ready", checks=checks, headers={"Retry-After": problems.RETRY_AFTER_SECONDS})


@blueprint.get("/v1/disaster/alerts/stream")
def alerts_stream():
    """Server-Sent Events live on the stream server: a gthread worker would spend a thread per client."""
    query = request.query_string.decode("latin-1")
    target = f"{_state().config.streams_url}{request.path}" + (f"?{query}" if query else "")
    return redirect(target, code=307)


@blueprint.get("/v1/services")
def directory():
    state = _state()
    language = problems.language()
    health = state.upstreams.status()
    instance_health = state.upstreams.instance_status()
    entries = []
    for service in state.services:
        info = service.info
        entries.append(
            {
                "name": service.key,
                "title": info.title_en if language == "en" else info.title_id,
                "summary": info.summary_en if language == "en" else info.summary_id,
                "grpc_service": service.descriptor.full_name,
                "status": "up" if health.get(service.key) else "down",
                # Where each region's calls go. Addresses are left out: clients reach instances only
                # through this gateway, and the internal network's layout is no one else's business.
                "instances": [
                    {
                        "name": instance.name,
                        "agency": instance.agency,
                        "regions": list(instance.regions),
                        "identity": instance.identity,
                        "status": "up" if instance_health.get(instance.key) else "down",
                    }
                    for instance in state.router.registry.instances(service.key)
                ],
                "operations": [
                    {
                        "method": r.http_method,
                        "path": r.openapi_path,
                        "summary": state.comments.get(r.method.full_name, r.method.name),
                        "public": r.access.public,
                        "roles": list(r.access.roles),
                    }
                    for r in service.routes
                ],
            }
        )
    response = jsonify(services=entries)
    response.headers["Content-Language"] = language
    return response


@blueprint.get("/openapi.json")
def openapi():
    return jsonify(_state().openapi)


@blueprint.get("/asyncapi.json")
def asyncapi():
    """Every event on NATS JetStream: subject, CloudEvents envelope, payload, producer and consumers."""
    return jsonify(_state().asyncapi)


@blueprint.get("/docs")
def docs():
    state = _state()
    language = problems.language()
    page = render_template(
        "docs.html",
        document=state.openapi,
        services=state.services,
        lang=language,
        t=lambda key: messages.translate(key, language),
    )
    response = Response(page, content_type="text/html; charset=utf-8")
    # Everything the page needs is in it (no script, no CDN): the policy allows only its own styles.
    response.headers["Content-Security-Policy"] = http_policy.page_policy(page)
    response.headers["X-Frame-Options"] = "DENY"  # frame-ancestors for browsers without CSP 2
    return response
