"""/wisata/daftar and /wisata/daftar/kode: a visitor account for people outside Gorontalo's population
register (issue 21): a display name, a phone proven by an SMS code, a password; no NIK.

POST /v1/identity/visitors answers the pending account's id, kept in the server-side session (never in a
URL) until POST /v1/identity/visitors:activate signs the visitor in (acr 0, role `visitor`). A number that
already holds a visitor account signs in to it with the new password: "forgot my password" is signing up
again. The visitor lands back on the place they wanted to review (or /wisata); a visitor logs in later at
/masuk with the phone number. Resident-only pages refuse a visitor gracefully (signin.login_required).
"""

from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, session, url_for

from ..gateway import GatewayError
from ..signin import gateway, sign_in
from .forms import answer_status, form_errors, idempotency_key

blueprint = Blueprint("visitor", __name__, url_prefix="/wisata/daftar")

SIGNUP_FIELDS = ("display_name", "phone", "password")
PENDING_KEY = "visitor_signup"
NEXT_KEY = "wisata_next"


def landing() -> str:
    """Where a signed-in visitor goes: the place page they came from (a /wisata path only), else /wisata."""
    wanted = session.pop(NEXT_KEY, "") or ""
    if wanted.startswith("/wisata/") and "//" not in wanted and "\\" not in wanted:
        return wanted + "#ulasan"
    return url_for("tourism.index")


@blueprint.route("", methods=["GET", "POST"])
def signup():
    back = request.args.get("kembali", "")
    if back.startswith("/wisata/") and "//" not in back:
        session[NEXT_KEY] = back
    values = {"display_name": request.form.get("display_name", "").strip(), "phone": request.form.get("phone", "")}
    key = idempotency_key()
    errors, general, status = {}, "", 200
    if request.method == "POST":
        body = {**values, "phone": values["phone"].strip(), "password": request.form.get("password", "")}
        try:
            account = gateway().request("POST", "/v1/identity/visitors", json=body, lang=g.lang, idempotency_key=key)
        except GatewayError as error:
            errors, general = form_errors(error, SIGNUP_FIELDS, g.lang)
            status = answer_status(error)
        else:
            session[PENDING_KEY] = {"account_id": account.get("id", ""), "display_name": values["display_name"]}
            return redirect(url_for(".code"), code=303)
    return render_template(
        "wisata_daftar.html", values=values, errors=errors, general=general, idempotency_key=key
    ), status


@blueprint.route("/kode", methods=["GET", "POST"])
def code():
    pending = session.get(PENDING_KEY)
    if not pending or not pending.get("account_id"):
        return redirect(url_for(".signup"), code=303)
    errors, general, status = {}, "", 200
    if request.method == "POST":
        body = {"account_id": pending["account_id"], "code": request.form.get("code", "").strip()}
        try:
            token = gateway().request("POST", "/v1/identity/visitors:activate", json=body, lang=g.lang)
        except GatewayError as error:
            errors, general = form_errors(error, ("code",), g.lang)
            status = answer_status(error)
        else:
            session.pop(PENDING_KEY, None)
            sign_in(token)  # a new session id; what the session held (the place to return to) stays
            session["display_name"] = pending.get("display_name", "")
            return redirect(landing(), code=303)
    return render_template("wisata_kode.html", errors=errors, general=general), status
