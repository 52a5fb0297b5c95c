"""/daftar and /daftar/kode: sign-up against the population register, then the SMS code.

The NIK between the two steps stays in the server-side session, never in a URL or a hidden field.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, g, redirect, render_template, request, session, url_for

from ..gateway import GatewayError
from ..signin import gateway, sign_in
from ..texts import text
from .forms import answer_status, form_errors

blueprint = Blueprint("signup", __name__)

SIGNUP_FIELDS = ("nik", "full_name", "birth_date", "phone", "password")


@blueprint.route("/daftar", methods=["GET", "POST"])
def signup():
    values = {field: request.form.get(field, "").strip() for field in SIGNUP_FIELDS}
    values["password"] = request.form.get("password", "")  # as typed
    # One key per filled-in form: pressing "Daftar" again after a lost answer creates nothing twice.
    idempotency_key = request.form.get("idempotency_key") or str(uuid.uuid4())
    errors, general, status = {}, "", 200
    if request.method == "POST":
        try:
            gateway().register_citizen(values, lang=g.lang, idempotency_key=idempotency_key)
        except GatewayError as error:
            errors, general = form_errors(error, SIGNUP_FIELDS, g.lang)
            status = answer_status(error)
        else:
            session["signup_nik"] = values["nik"]
            return redirect(url_for("signup.code"), code=303)
    values["password"] = ""  # never echoed back into the page
    return render_template(
        "signup.html", values=values, errors=errors, general=general, idempotency_key=idempotency_key
    ), status


@blueprint.route("/daftar/kode", methods=["GET", "POST"])
def code():
    nik = session.get("signup_nik")
    if not nik:
        return redirect(url_for("signup.signup"), code=303)
    errors, general, status = {}, "", 200
    if request.method == "POST":
        try:
            token = gateway().activate_citizen(nik, request.form.get("code", "").strip(), lang=g.lang)
        except GatewayError as error:
            errors, general = form_errors(error, ("code",), g.lang)
            status = answer_status(error)
        else:
            session.pop("signup_nik", None)
            sign_in(token)
            return redirect(url_for("me.timeline"), code=303)
    notice = text("resend_done", g.lang) if request.args.get("dikirim") else ""
    return render_template("signup_code.html", errors=errors, general=general, notice=notice), status


@blueprint.post("/daftar/kode/kirim-ulang")
def resend_code():
    """A new code for the pending sign-up. The platform answers alike whether or not the NIK is pending
    (no account oracle), and limits how often: a refusal is shown on the code page."""
    nik = session.get("signup_nik")
    if not nik:
        return redirect(url_for("signup.signup"), code=303)
    try:
        gateway().resend_activation_code(nik, lang=g.lang)
    except GatewayError as error:
        _, general = form_errors(error, (), g.lang)
        return render_template("signup_code.html", errors={}, general=general, notice=""), answer_status(error)
    return redirect(url_for("signup.code", dikirim=1), code=303)
