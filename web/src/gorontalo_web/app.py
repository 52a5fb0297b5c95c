"""create_app(): the composition root of the web app (settings, session store, gateway client, pages)."""

from __future__ import annotations

import datetime as dt

import redis
from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect

from . import assets, blueprints, security, signin
from .config import WebSettings
from .gateway import GatewayClient
from .sessions import COOKIE_NAME, RedisSessionInterface, SessionStore
from .texts import DEFAULT_LANGUAGE, LANGUAGES, localized, text

LANG_COOKIE = "gs_lang"
MAX_FORM_BYTES = 24 * 1024 * 1024
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
    app.extensions["gorontalo_assets"] = assets.build_manifest()
    CSRFProtect(app)

    app.register_blueprint(assets.blueprint)
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


def rupiah(amount) -> str:
    """Rp 1.250.000: Indonesian thousands separators (int64 amounts arrive as JSON strings)."""
    try:
        value = int(amount)
    except (TypeError, ValueError):
        return str(amount)
    return "Rp " + f"{value:,}".replace(",", ".")


WITA = dt.timezone(dt.timedelta(hours=8), "WITA")
MONTHS = {
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def wita(value, lang: str = DEFAULT_LANGUAGE, *, with_time: bool = True) -> str:
    """An RFC 3339 instant from the API as Gorontalo reads it: "6 Des 2026 14.05 WITA" (UTC+8, no DST).
    A plain date ("2026-12-06") stays a date; anything else is shown as it came."""
    if not value:
        return ""
    text_value = str(value)
    try:
        if len(text_value) == 10:
            day = dt.date.fromisoformat(text_value)
            return f"{day.day} {MONTHS.get(lang, MONTHS['id'])[day.month - 1]} {day.year}"
        instant = dt.datetime.fromisoformat(text_value.replace("Z", "+00:00"))
    except ValueError:
        return text_value
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=dt.UTC)
    local = instant.astimezone(WITA)
    months = MONTHS.get(lang, MONTHS["id"])
    date_part = f"{local.day} {months[local.month - 1]} {local.year}"
    if not with_time:
        return date_part
    separator = "." if lang == "id" else ":"
    return f"{date_part} {local.hour:02d}{separator}{local.minute:02d} WITA"
