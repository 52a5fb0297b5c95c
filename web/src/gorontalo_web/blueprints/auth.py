"""/masuk and /keluar: log in by NIK or phone; log out revokes the tokens and wipes this device's data
(phones are shared: family, warnet)."""

from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, session, url_for

from ..gateway import GatewayError
from ..signin import gateway, is_visitor, sign_in, signed_in
from .forms import answer_status, form_errors
from .visitor import landing as visitor_landing

blueprint = Blueprint("auth", __name__)

LOGIN_FIELDS = ("username", "password")


@blueprint.route("/masuk", methods=["GET", "POST"])
def login():
    if request.method == "GET" and signed_in():
        return redirect(visitor_landing() if is_visitor() else url_for("me.timeline"), code=303)
    username = request.form.get("username", "").strip()
    errors, general, status = {}, "", 200
    if request.method == "POST":
        try:
            token = gateway().login(username, request.form.get("password", ""), lang=g.lang)
        except GatewayError as error:
            errors, general = form_errors(error, LOGIN_FIELDS, g.lang)
            status = answer_status(error)
        else:
            sign_in(token)
            if is_visitor():
                # A GORINDO visitor (no NIK): back to the tourism pages, where it may review.
                return redirect(visitor_landing(), code=303)
            if token.get("required_action") == "verify_phone":
                # An account from before phone codes: level 0 until the number on file is verified.
                return redirect(url_for("phone.verify"), code=303)
            return redirect(url_for("me.timeline"), code=303)
    return render_template("login.html", username=username, errors=errors, general=general), status


@blueprint.post("/keluar")
def logout():
    access, refresh = session.get("access_token"), session.get("refresh_token")
    if access or refresh:
        try:
            gateway().logout(access_token=access, refresh_token=refresh, lang=g.lang)
        except GatewayError:
            # The session ends here anyway; an access token left alive expires within minutes.
            pass
    session.destroy()
    response = redirect(url_for("home.index"), code=303)
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response
