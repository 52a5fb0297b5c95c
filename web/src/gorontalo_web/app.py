"""create_app(): the composition root of the web app (settings, session store, gateway client, pages)."""

from __future__ import annotations

import redis
from flask import Flask, g, render_template, request
from flask_compress import Compress
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from . import assets, blueprints, security, signin
from .blueprints import health as probes
from .config import WebSettings
from .formatting import rupiah, wita
from .gateway import GatewayClient
from .sessions import COOKIE_NAME, RedisSessionInterface, SessionStore
from .texts import DEFAULT_LANGUAGE, LANGUAGES, localized, text

LANG_COOKIE = "gs_lang"
MAX_FORM_BYTES = 32 * 1024 * 1024
LANG_COOKIE_MAX_AGE = 365 * 24 * 3600


def create_app(settings: WebSettings | None = None, *, redis_client=None, gateway_client=None) -> Flask:
    settings = settings or WebSettings.from_env()
    app = Flask(__name__, static_folder=None)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_NAME=COOKIE_NAME,
        SESSION_COOKIE_SECURE=settings.cookie_secure,
        # The token lives as long as the session (idle timeout): a form left open for an hour still posts.
        WTF_CSRF_TIME_LIMIT=None,
        # A form may carry photos or documents (the platform takes at most 5 MiB each): a few per form.
        MAX_CONTENT_LENGTH=MAX_FORM_BYTES,
    )
    store = SessionStore(
        redis_client or redis.Redis.from_url(settings.redis_url),
        namespace=settings.session_namespace,
        idle_timeout_seconds=settings.idle_timeout_seconds,
    )
    app.session_interface = RedisSessionInterface(store)
    app.extensions["gorontalo_settings"] = settings
    app.extensions["gorontalo_session_store"] = store
    app.extensions["gorontalo_gateway"] = gateway_client or GatewayClient(
        settings.gateway_url, timeout=settings.gateway_timeout_seconds
    )
    assets.install(app)
    CSRFProtect(app)
    # Pages gzipped as they go out (static files are gzipped once, in assets): a 3G link is the budget.
    app.config.update(
        COMPRESS_MIMETYPES=["text/html", "application/json"],
        COMPRESS_ALGORITHM=["gzip"],
        COMPRESS_MIN_SIZE=1024,
        COMPRESS_STREAMS=False,
    )
    Compress(app)
    if settings.trusted_proxies:
        # Behind nginx: the resident's address is the one its X-Forwarded-For names (rate limits, logs).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxies, x_proto=settings.trusted_proxies)

    app.register_blueprint(assets.blueprint)
    app.register_blueprint(probes.blueprint)  # /healthz and /readyz for the load balancer and Kubernetes
    for module in blueprints.ALL:
        app.register_blueprint(module.blueprint)

    @app.before_request
    def choose_language():
        asked = request.args.get("lang")
        g.lang_asked = asked if asked in LANGUAGES else None
        cookie = request.cookies.get(LANG_COOKIE)
        g.lang = g.lang_asked or (cookie if cookie in LANGUAGES else DEFAULT_LANGUAGE)

    @app.after_request
    def finish(response):
        if getattr(g, "lang_asked", None):
            response.set_cookie(
                LANG_COOKIE,
                g.lang_asked,
                max_age=LANG_COOKIE_MAX_AGE,
                samesite="Lax",
                secure=settings.cookie_secure,
                httponly=True,
            )
        response.headers.setdefault("Content-Language", getattr(g, "lang", DEFAULT_LANGUAGE))
        return security.add_security_headers(response)

    @app.context_processor
    def helpers():
        lang = getattr(g, "lang", DEFAULT_LANGUAGE)
        return {
            "lang": lang,
            "t": lambda key: text(key, lang),
            "localized": lambda value: localized(value, lang),
            "asset_url": assets.asset_url,
            "signed_in": signin.signed_in(),
            "visitor": signin.is_visitor(),
            "other_lang": "en" if lang == "id" else "id",
        }

    app.add_template_filter(rupiah)
    app.add_template_filter(wita)

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        return render_template("error.html", message_key="error_csrf"), 400

    @app.errorhandler(404)
    def not_found(error):
        return render_template("error.html", message_key="error_not_found"), 404

    return app
