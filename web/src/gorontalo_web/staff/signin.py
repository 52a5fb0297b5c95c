"""/petugas/masuk (username, password, then the authenticator code), /petugas/totp (enrolling the app),
/petugas (whom the officer acts for) and /petugas/keluar.

The password and the code are two steps: the API answers OTP_REQUIRED on `otp` once the password was
right, and the page then asks for the code. Between the two the username and password wait in the
server-side session (never in the page or a URL) for at most five minutes. A staff account without an
app is taken to the enrolment page and nothing else opens until it is confirmed, whether the platform
answered a full token with required_action enroll_totp or only an enrolment token.
"""

from __future__ import annotations

import base64
import time

from flask import g, redirect, render_template, request, session, url_for

from .. import signin
from ..blueprints.forms import answer_status, form_errors
from ..gateway import GatewayError
from ..texts import text
from . import blueprint
from . import pages as staff_pages
from . import session as staff_session

LOGIN_FIELDS = ("username", "password")
CODE_FIELDS = ("otp",)
TOTP_FIELDS = ("code",)
ENROLL_TOTP = "enroll_totp"


def _gateway():
    return signin.gateway()


def _login(username: str, password: str, otp: str = "") -> dict:
    body = {"username": username, "password": password}
    if otp:
        body["otp"] = otp
    return _gateway().request("POST", "/v1/identity/token", json=body, lang=g.lang)


def _signed_in_as_staff(token: dict):
    """After a successful log-in: a staff member's session (to enrol, or complete), or a refusal."""
    if token.get("enrollment_token"):
        session.regenerate()
        session["staff_enrollment"] = {"token": token["enrollment_token"]}
        session["staff_seen_at"] = time.time()
        return redirect(url_for("staff.totp"), code=303)
    me = _gateway().request("GET", "/v1/me", token=token["access_token"], lang=g.lang)
    if me.get("role") not in staff_session.STAFF_ROLES:
        # A resident's account: sign it out again, this console is not theirs.
        try:
            _gateway().logout(access_token=token["access_token"], refresh_token=token.get("refresh_token"), lang=g.lang)
        except GatewayError:
            pass
        return None
    enrolled = token.get("required_action") != ENROLL_TOTP
    staff_session.begin(token, me, second_factor=enrolled)
    return redirect(url_for("staff.home" if enrolled else "staff.totp"), code=303)


@blueprint.route("/masuk", methods=["GET", "POST"])
def login():
    who = staff_session.staff()
    if request.method == "GET" and who and who.get("second_factor") and not staff_session.expired():
        return redirect(url_for("staff.home"), code=303)
    errors, general, status = {}, "", 200
    pending = session.get("staff_pending")
    if pending and time.time() - pending.get("at", 0) > staff_session.PENDING_SECONDS:
        session.pop("staff_pending", None)
        pending = None
    if request.method == "GET":
        if request.args.get("expired"):
            general = text("staff_session_expired", g.lang)
        if request.args.get("ulang"):
            session.pop("staff_pending", None)
            pending = None
        if pending:
            return render_template("staff/code.html", errors={}, general=general)
        return render_template("staff/login.html", username="", errors={}, general=general)

    step = request.form.get("step", "password")
    if step == "code" and pending:
        try:
            token = _login(pending["username"], pending["password"], request.form.get("otp", "").strip())
        except GatewayError as error:
            errors, general = form_errors(error, CODE_FIELDS, g.lang)
            if error.status in (401, 429) and not errors:
                # Locked or the pending sign-in no longer holds: start over.
                session.pop("staff_pending", None)
                return render_template("staff/login.html", username="", errors={}, general=general), (
                    answer_status(error)
                )
            return render_template("staff/code.html", errors=errors, general=general), answer_status(error)
        session.pop("staff_pending", None)
        return _signed_in_as_staff(token) or _not_staff()

    username = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    try:
        token = _login(username, password)
    except GatewayError as error:
        if error.reasons.get("otp") == "OTP_REQUIRED":
            session.regenerate()
            session["staff_pending"] = {"username": username, "password": password, "at": time.time()}
            session["staff_seen_at"] = time.time()
            return redirect(url_for("staff.login"), code=303)
        errors, general = form_errors(error, LOGIN_FIELDS, g.lang)
        status = answer_status(error)
        return render_template("staff/login.html", username=username, errors=errors, general=general), status
    return _signed_in_as_staff(token) or _not_staff(username)


def _not_staff(username: str = ""):
    session.pop("staff_pending", None)
    general = text("staff_not_staff", g.lang)
    return render_template("staff/login.html", username=username, errors={}, general=general), 403


def _enrolment_auth() -> tuple[str | None, str]:
    """(bearer token or None, enrolment token or "") of the session that enrols."""
    enrollment = session.get("staff_enrollment")
    if enrollment:
        return None, enrollment["token"]
    return signin.access_token(), ""


@blueprint.route("/totp", methods=["GET", "POST"])
def totp():
    if staff_session.expired():
        return redirect(url_for("staff.login", expired=1), code=303)
    who = staff_session.staff()
    if not session.get("staff_enrollment") and not (who and signin.signed_in()):
        return redirect(url_for("staff.login"), code=303)
    if who and who.get("second_factor"):
        return redirect(url_for("staff.home"), code=303)
    errors, general, status = {}, "", 200
    try:
        bearer, enrollment_token = _enrolment_auth()
        shown = session.get("staff_totp_shown")
        if request.method == "POST" and shown:
            code = request.form.get("code", "").strip()
            body = {"code": code}
            if enrollment_token:
                body["enrollment_token"] = enrollment_token
            try:
                token = _gateway().request("POST", "/v1/me/totp:confirm", json=body, token=bearer, lang=g.lang)
            except GatewayError as error:
                if error.unauthenticated:
                    raise signin.NotSignedIn from None
                errors, general = form_errors(error, TOTP_FIELDS, g.lang)
                status = answer_status(error)
            else:
                session.pop("staff_totp_shown", None)
                session.pop("staff_enrollment", None)
                me = _gateway().request("GET", "/v1/me", token=token["access_token"], lang=g.lang)
                staff_session.begin(token, me, second_factor=True)
                return redirect(url_for("staff.home"), code=303)
        if not shown or request.method == "GET":
            body = {"enrollment_token": enrollment_token} if enrollment_token else {}
            started = _gateway().request("POST", "/v1/me/totp:enroll", json=body, token=bearer, lang=g.lang)
            png = started.get("qr_png") or ""
            # proto3 JSON writes bytes as base64 (maybe URL-safe); the page wants the standard alphabet.
            png = base64.b64encode(base64.urlsafe_b64decode(png + "=" * (-len(png) % 4))).decode()
            shown = {"secret": started.get("secret", ""), "uri": started.get("otpauth_uri", ""), "png": png}
            session["staff_totp_shown"] = shown
    except (signin.NotSignedIn, GatewayError) as error:
        if isinstance(error, GatewayError) and not error.unauthenticated:
            return render_template("error.html", message_key="error_unavailable"), answer_status(error)
        staff_session.end()
        return redirect(url_for("staff.login"), code=303)
    secret = shown["secret"]
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return (
        render_template("staff/totp.html", shown=shown, secret_grouped=grouped, errors=errors, general=general),
        status,
    )


@blueprint.get("/")
@blueprint.get("")
@staff_session.staff_required()
def home():
    who = staff_session.staff()
    return render_template(
        "staff/home.html",
        who=who,
        links=staff_pages.entry_links(who or {}),
        idle_minutes=staff_session.idle_timeout_seconds() // 60,
    )


@blueprint.post("/keluar")
def logout():
    staff_session.end()
    response = redirect(url_for("staff.login"), code=303)
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response
