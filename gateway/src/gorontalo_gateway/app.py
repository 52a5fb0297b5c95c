"""Application factory of the gateway. gRPC channels are created here, per worker."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import Flask, request
from flask.sessions import NullSession, SessionInterface
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from servicekit import clients, revocation
from servicekit import logging as json_logging
from servicekit.auth import JwksCache, TokenVerifier
from servicekit.config import env
from servicekit.nats_connection import NatsConnection

from . import api, http_policy, messages, meta, problems, tracing_http
from .asyncapi import build_asyncapi
from .config import GatewayConfig
from .instance_routing import Router
from .openapi import build_document
from .request_context import RequestContextWsgi, remember_route
from .routes import ServiceEntry, leading_comments, load_service
from .upstreams import Upstreams

log = logging.getLogger("gateway")


@dataclass
class GatewayState:
    config: GatewayConfig
    services: list[ServiceEntry]
    upstreams: Upstreams
    router: Router
    verifier: TokenVerifier
    comments: dict[str, str]
    openapi: dict
    asyncapi: dict


class _NoSessions(SessionInterface):
    """The gateway keeps no cookie session (tokens ride in Authorization): one shared null session
    instead of a cookie lookup and a new NullSession per request."""

    _none = NullSession()

    def open_session(self, app, request):
        return self._none


class GatewayFlask(Flask):
    session_interface = _NoSessions()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._sync: dict = {}

    def dispatch_request(self):
        # The route's template for the access log and metrics (request_context), matched or not.
        remember_route(request.environ, request.url_rule)
        return super().dispatch_request()

    def ensure_sync(self, func):
        """Flask asks inspect whether each hook and view is a coroutine function, on every request
        (issue 20: ~1.5 % of a request); the answer for a function does not change."""
        found = self._sync.get(func)
        if found is None:
            found = self._sync[func] = super().ensure_sync(func)
        return found


def create_app(config: GatewayConfig | None = None, services: list[ServiceEntry] | None = None) -> Flask:
    """`services` replaces the contracts named by the config (tests pass their own)."""
    config = config or GatewayConfig.from_env()
    app = GatewayFlask(__name__)
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    if services is None:
        services = [load_service(key, target) for key, target in config.services.items()]
    # Werkzeug's cap is the largest any RPC accepts; each view enforces its own RPC's limit.
    app.config["MAX_CONTENT_LENGTH"] = max(
        [config.max_body_bytes] + [route.max_body_bytes for service in services for route in service.routes]
    )
    if config.trusted_proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config.trusted_proxies, x_proto=config.trusted_proxies)
    upstreams = Upstreams(config.registry, config.health_timeout)
    router = Router(config.registry, upstreams, config.upstream_timeout)
    router.learn_routes(services)
    identity_channel = upstreams.channels.get("identity") or clients.channel(
        config.services.get("identity", ""), "identity", caller="gateway"
    )
    verifier = TokenVerifier(JwksCache(clients.jwks_fetcher(identity_channel)).key)
    # Logged-out tokens are refused within seconds: this worker follows identity's revocations into
    # the list every TokenVerifier of the process consults (servicekit.revocation).
    # On NATS as the gateway's identity (TLS and its own user when NATS_URL is tls://).
    nats_connection = NatsConnection.for_service("gateway", config.nats_url)
    revocation.follow(config.nats_url, env("EVENTS_STREAM", "GORONTALO"), nats_connection)
    comments = leading_comments()
    app.extensions["gorontalo"] = GatewayState(
        config=config,
        services=services,
        upstreams=upstreams,
        router=router,
        verifier=verifier,
        comments=comments,
        openapi=build_document(services, comments),
        asyncapi=build_asyncapi(services, comments),
    )
    app.register_blueprint(meta.blueprint)
    app.register_blueprint(api.build_blueprint(services, config.max_body_bytes))
    # Request id, language, access log and metrics; inside the tracing middleware installed below.
    app.wsgi_app = RequestContextWsgi(app.wsgi_app)
    _install_error_handlers(app)
    http_policy.install(app)
    # A server span per request; the gRPC calls it makes are its children (servicekit.clients).
    tracing_http.instrument(app)
    return app


def _install_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        language = problems.language()
        if error.code == 404:
            return problems.problem(
                404, "route_not_found", messages.translate("route_not_found", language, path=request.path)
            )
        if error.code == 405:
            allowed = ", ".join(sorted(m for m in (error.valid_methods or []) if m not in ("HEAD", "OPTIONS")))
            return problems.problem(
                405,
                "method_not_allowed",
                messages.translate("method_not_allowed", language, method=request.method, allowed=allowed),
                headers={"Allow": ", ".join(error.valid_methods or [])},
            )
        if error.code == 413:
            # The unread body is still on the socket: close it so the client does not reuse it.
            return problems.problem(
                413,
                "body_too_large",
                messages.translate("body_too_large", language, limit=app.config["MAX_CONTENT_LENGTH"]),
                headers={"Connection": "close"},
            )
        return problems.problem(error.code or 500, f"http_{error.code}", error.description)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        log.exception("unhandled error")
        return problems.problem(500, "internal")


def configure_logging() -> None:
    json_logging.configure("gateway")
