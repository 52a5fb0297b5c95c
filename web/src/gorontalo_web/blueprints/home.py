"""/ (beranda): what the app offers, the services' live status, active alerts for the resident's
regency (or one the visitor picks), sign up and log in."""

from __future__ import annotations

from flask import Blueprint, g, render_template, request, session

from servicekit import regions

from .. import signin
from ..gateway import GatewayError
from ..signin import gateway

blueprint = Blueprint("home", __name__)


def _regency_choice() -> str:
    """The regency whose alerts the page shows: ?wilayah=, else the signed-in resident's own, else all."""
    asked = (request.args.get("wilayah") or "").strip()
    if asked:
        code = regions.normalise(asked)
        return code if code and regions.lookup(code) and regions.in_gorontalo(code) else ""
    if signin.resident_signed_in():
        if "regency_code" not in session:
            try:
                me = signin.call(lambda token: gateway().me(token, lang=g.lang))
            except (GatewayError, signin.NotSignedIn):
                return ""
            session["regency_code"] = regions.regency_of(me.get("regency_code") or "") or ""
        return session.get("regency_code") or ""
    return ""


@blueprint.get("/")
def index():
    try:
        services = gateway().services(lang=g.lang)
    except GatewayError:
        services = None  # the page still works; it says the status is unknown
    regency = _regency_choice()
    try:
        alerts = gateway().active_alerts(regency, lang=g.lang)
    except GatewayError:
        alerts = None
    return render_template(
        "home.html",
        services=services,
        alerts=alerts,
        regency=regency,
        regencies=regions.regencies(),
    )
