"""The signed-in state kept in the server-side session: tokens, their expiry and refresh."""

from __future__ import annotations

import base64
import functools
import json
import time

from flask import current_app, g, redirect, render_template, session, url_for

from .gateway import GatewayError

# Refresh a little before the access token expires, so a page never sends one that dies in flight.
EXPIRY_MARGIN_SECONDS = 30


class NotSignedIn(Exception):
    """No session, or the tokens can no longer be refreshed: the resident logs in again."""


def gateway():
    return current_app.extensions["gorontalo_gateway"]


def signed_in() -> bool:
    return bool(session.get("access_token"))


def token_role(access_token: str) -> str:
    """The `role` claim of an access token the gateway just gave this app, read without checking the
    signature: it only chooses which pages to offer (the platform checks every call itself)."""
    try:
        payload = access_token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return ""
    role = claims.get("role") if isinstance(claims, dict) else None
    return role if isinstance(role, str) else ""


def is_visitor() -> bool:
    """A GORINDO visitor account (no NIK, acr 0): it may review places and nothing else."""
    return session.get("role") == "visitor"


def resident_signed_in() -> bool:
    """Signed in with an account that acts as a resident (not a visitor's): the pages that call the API
    as the resident when there is one, and publicly otherwise, treat a visitor as the public."""
    return signed_in() and not is_visitor()


def sign_in(token: dict) -> None:
    """Keep a Token answer (login or activation) in the session, under a new session id."""
    session.regenerate()
    _store(token)


def _store(token: dict) -> None:
    session["access_token"] = token["access_token"]
    session["refresh_token"] = token.get("refresh_token") or ""
    session["access_expires_at"] = time.time() + int(token.get("expires_in") or 0) - EXPIRY_MARGIN_SECONDS
    session["acr"] = int(token.get("acr") or 0)
    session["role"] = token_role(token["access_token"])


def refresh() -> str:
    refresh_token = session.get("refresh_token")
    if not refresh_token:
        raise NotSignedIn
    try:
        token = gateway().refresh(refresh_token, lang=g.lang)
    except GatewayError as error:
        if error.unavailable or error.status >= 500:
            raise
        # Expired, revoked or rotated away: this session is over.
        session.destroy()
        raise NotSignedIn from None
    _store(token)
    return token["access_token"]


def access_token() -> str:
    """A live access token, refreshed when it has expired."""
    token = session.get("access_token")
    if not token:
        raise NotSignedIn
    if time.time() >= float(session.get("access_expires_at") or 0):
        token = refresh()
    return token


def call(fn):
    """fn(access_token), once more with a refreshed token when the gateway says 401."""
    try:
        return fn(access_token())
    except GatewayError as error:
        if not error.unauthenticated:
            raise
    return fn(refresh())


def api(method: str, path: str, **kwargs) -> dict:
    """A gateway call as the signed-in user, in the page's language (refreshing the token once on 401)."""
    return call(lambda token: gateway().request(method, path, token=token, lang=g.lang, **kwargs))


def login_required(view):
    """A resident's page: to the login page without a session; a visitor account is told, in a page of
    its own, that it is for tourism reviews only (the platform would refuse every call of the page)."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if not signed_in():
            return redirect(url_for("auth.login"), code=303)
        if is_visitor():
            return render_template("wisata_visitor_refused.html"), 403
        try:
            return view(*args, **kwargs)
        except NotSignedIn:
            return redirect(url_for("auth.login"), code=303)

    return wrapper
