"""/saya/verifikasi-hp: an account from before phone codes verifies the number on file (level 0 to 1)."""

from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, url_for

from .. import signin
from ..gateway import GatewayError
from ..texts import text
from .forms import answer_status, form_errors

blueprint = Blueprint("phone", __name__)


@blueprint.route("/saya/verifikasi-hp", methods=["GET", "POST"])
@signin.login_required
def verify():
    errors, general, status = {}, "", 200
    notice = text("verify_phone_sent", g.lang) if request.args.get("dikirim") else ""
    if request.method == "POST":
        code = request.form.get("code", "").strip()
        try:
            token = signin.call(lambda access: signin.gateway().verify_phone(access, code, lang=g.lang))
        except GatewayError as error:
            errors, general = form_errors(error, ("code",), g.lang)
            status = answer_status(error)
        else:
            # The platform starts a new session at the new level: keep its tokens, under a new session id.
            signin.sign_in(token)
            return redirect(url_for("me.timeline"), code=303)
    return render_template("verify_phone.html", errors=errors, general=general, notice=notice), status


@blueprint.post("/saya/verifikasi-hp/kirim")
@signin.login_required
def send_code():
    try:
        signin.call(lambda access: signin.gateway().send_phone_code(access, lang=g.lang))
    except GatewayError as error:
        _, general = form_errors(error, (), g.lang)
        return render_template("verify_phone.html", errors={}, general=general, notice=""), answer_status(error)
    return redirect(url_for("phone.verify", dikirim=1), code=303)
