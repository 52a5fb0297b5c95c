"""/petugas/izin/<id>/pra-periksa/<flag_id>/tandai-salah: an officer marks a pre-check flag wrong (issue 22).

The flag's reason goes to DismissPrecheckFlag (`POST .../precheck/flags/{flag_id}:dismiss`, 5-500
characters, counted in the published precision). Refused, the application's page comes back with the
message next to that flag's reason field and the reason kept; done, back to the report (303).
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, g, redirect, request, url_for

from .. import signin
from ..blueprints.forms import answer_status, form_errors
from ..gateway import GatewayError
from ..signin import api
from ..texts import text
from . import pages_permits
from . import session as staff_session

blueprint = Blueprint("staff_precheck", __name__, url_prefix="/petugas/izin")

FLAG_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")
DISMISSED = "tandai-salah"


@blueprint.app_context_processor
def precheck_words():
    lang = getattr(g, "lang", "id")

    def label(kind: str, value: str) -> str:
        """staff_precheck_<kind>_<value> in the page's language; a value this app has no words for (a newer
        platform's) shown as the API gives it."""
        key = f"staff_precheck_{kind}_{value}"
        words = text(key, lang)
        return value if words == key else words

    return {"precheck_label": label}


def failed_form(flag_id: str) -> str:
    """The `failed` name the application page gives a refused dismissal of this flag."""
    return f"{DISMISSED}:{flag_id}"


@blueprint.post("/<application_id>/pra-periksa/<flag_id>/tandai-salah")
@staff_session.staff_required("officer")
def dismiss(application_id: str, flag_id: str):
    application_id = pages_permits._valid_id(application_id)
    if not FLAG_ID.fullmatch(flag_id):
        abort(404)
    reason = " ".join(request.form.get("reason", "").split())
    errors: dict[str, str] = {}
    general, status = "", 400
    if not reason:
        errors["reason"] = text("staff_permits_reason_required", g.lang)
    else:
        try:
            api(
                "POST",
                f"/v1/permits/applications/{application_id}/precheck/flags/{flag_id}:dismiss",
                json={"reason": reason},
            )
        except GatewayError as error:
            if error.unauthenticated:
                raise signin.NotSignedIn from None
            errors, general = form_errors(error, ("reason",), g.lang)
            status = answer_status(error)
        else:
            target = url_for("staff_permits.application", application_id=application_id, selesai=DISMISSED)
            return redirect(target + "#pra-periksa", code=303)
    try:
        found = pages_permits._application(application_id)
    except GatewayError as error:
        return pages_permits._page_error(error)
    return pages_permits._render(
        found, failed=failed_form(flag_id), errors=errors, general=general, values={"reason": reason}, status=status
    )
