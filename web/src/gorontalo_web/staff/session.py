"""A staff member's signed-in state in the server-side session, and its shorter idle timeout.

The session keeps the same token keys as a resident's (signin.call, refresh and /keluar work alike)
plus `staff`: who signed in (role, agency, jurisdiction) and whether the second factor was passed.
A staff session unused for WEB_STAFF_IDLE_TIMEOUT_SECONDS (default 900, a quarter of an hour, where a
resident's lasts WEB_IDLE_TIMEOUT_SECONDS) ends at the next request: officers work on shared desks.
"""

from __future__ import annotations

import functools
import os
import time

from flask import current_app, g, redirect, render_template, session, url_for

from .. import signin
from ..gateway import GatewayError

DEFAULT_IDLE_TIMEOUT_SECONDS = 900
STAFF_ROLES = ("officer", "operator", "admin")
# Between the password and the code (or enrolment): how long the half-done sign-in is kept.
PENDING_SECONDS = 300


def idle_timeout_seconds() -> int:
    cached = current_app.extensions.get("gorontalo_staff_idle_timeout")
    if cached is None:
        cached = int(os.environ.get("WEB_STAFF_IDLE_TIMEOUT_SECONDS", str(DEFAULT_IDLE_TIMEOUT_SECONDS)))
        current_app.extensions["gorontalo_staff_idle_timeout"] = cached
    return cached


def staff() -> dict | None:
    return session.get("staff")


def begin(token: dict, me: dict, *, second_factor: bool) -> None:
    """Keep a staff Token answer under a new session id, with who it is."""
    signin.sign_in(token)
    session["staff"] = {
        "role": me.get("role", ""),
        "full_name": me.get("full_name", ""),
        "agency": me.get("agency", ""),
        "jurisdiction": list(me.get("jurisdiction") or []),
        "agency_head": bool(me.get("agency_head")),
        "second_factor": second_factor,
    }
    session["staff_seen_at"] = time.time()


def expired() -> bool:
    """True (and the session ended) when a staff session sat idle too long; else marks it used now."""
    if "staff" not in session and "staff_enrollment" not in session and "staff_pending" not in session:
        return False
    seen = float(session.get("staff_seen_at") or 0)
    if time.time() - seen > idle_timeout_seconds():
        end()
        return True
    session["staff_seen_at"] = time.time()
    return False


def end() -> None:
    access, refresh = session.get("access_token"), session.get("refresh_token")
    if access or refresh:
        try:
            signin.gateway().logout(access_token=access, refresh_token=refresh, lang=g.lang)
        except GatewayError:
            pass  # ends here anyway; an access token left alive expires within minutes
    session.destroy()


def staff_required(*roles: str):
    """A staff session that passed the second factor (and, when given, of one of `roles`)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            if expired():
                return redirect(url_for("staff.login", expired=1), code=303)
            who = staff()
            if not who or not signin.signed_in():
                return redirect(url_for("staff.login"), code=303)
            if not who.get("second_factor"):
                return redirect(url_for("staff.totp"), code=303)
            if roles and who.get("role") not in roles:
                return render_template("staff/forbidden.html"), 403
            try:
                return view(*args, **kwargs)
            except signin.NotSignedIn:
                return redirect(url_for("staff.login"), code=303)

        return wrapper

    return decorate
