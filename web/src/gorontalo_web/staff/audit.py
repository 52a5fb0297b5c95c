"""/petugas/audit: the staff audit trail for admins (GET /v1/identity/staff-actions), filtered by
officer, agency and WITA dates with a plain GET form (works without JavaScript), one page at a time."""

from __future__ import annotations

from flask import g, render_template, request

from .. import signin
from ..blueprints.forms import answer_status, form_errors
from ..gateway import GatewayError
from . import blueprint
from . import session as staff_session

FILTERS = ("officer", "agency", "from_date", "to_date")
PAGE_SIZE = 50


@blueprint.get("/audit")
@staff_session.staff_required("admin")
def audit():
    filters = {name: request.args.get(name, "").strip() for name in FILTERS}
    params = {k: v for k, v in filters.items() if v} | {"page_size": PAGE_SIZE}
    if request.args.get("page_token"):
        params["page_token"] = request.args["page_token"]
    errors, general, status, answer = {}, "", 200, {}
    try:
        answer = signin.call(
            lambda token: signin.gateway().request(
                "GET", "/v1/identity/staff-actions", token=token, params=params, lang=g.lang
            )
        )
    except GatewayError as error:
        errors, general = form_errors(error, FILTERS, g.lang)
        status = answer_status(error)
    next_query = None
    if answer.get("next_page_token"):
        next_query = {k: v for k, v in filters.items() if v} | {"page_token": answer["next_page_token"]}
    return (
        render_template(
            "staff/audit.html",
            filters=filters,
            actions=answer.get("actions") or [],
            next_query=next_query,
            errors=errors,
            general=general,
        ),
        status,
    )
