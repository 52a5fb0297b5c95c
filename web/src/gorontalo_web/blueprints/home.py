"""/ (beranda): what the app offers, the services' live status, sign up and log in."""

from __future__ import annotations

from flask import Blueprint, g, render_template

from ..gateway import GatewayError
from ..signin import gateway

blueprint = Blueprint("home", __name__)


@blueprint.get("/")
def index():
    try:
        services = gateway().services(lang=g.lang)
    except GatewayError:
        services = None  # the page still works; it says the status is unknown
    return render_template("home.html", services=services)
