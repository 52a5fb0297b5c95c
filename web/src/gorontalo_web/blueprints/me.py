"""/saya: the resident's one timeline across services, from the inbox (GET /v1/me/timeline)."""

from __future__ import annotations

from flask import Blueprint, g, render_template

from .. import signin
from ..gateway import GatewayError
from ..texts import text

blueprint = Blueprint("me", __name__)


@blueprint.get("/saya")
@signin.login_required
def timeline():
    try:
        answer = signin.call(lambda token: signin.gateway().timeline(token, lang=g.lang))
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        return render_template("timeline.html", items=[], general=text("error_unavailable", g.lang)), 503
    return render_template("timeline.html", items=answer.get("items") or [], general="")
