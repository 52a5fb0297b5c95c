"""/petugas/kependudukan: the Disdukcapil and kelurahan officers' desk (issue 16, the assurance issue's
in-person check and takeover repair).

- The in-person check: the resident shows the one-time challenge of POST /v1/me/assurance:inPersonCheck
  (a QR in the app, the code printed under it); the officer types it (a desk barcode scanner types it
  too), reads the NIK from the original e-KTP, ticks that the person matches it and confirms:
  POST /v1/identity/assurance:confirmInPerson {challenge, nik, purpose, new_phone?}. The API answers the
  resident's account (numbers masked) at level 2; the page shows that answer: who was checked.
- The takeover repair: POST /v1/identity/citizens:repairTakeover {nik, purpose}, only with the ticked
  confirmation (closing an account cannot be undone).

Both are plain forms (POST, then 303 back to the page, the API's answer kept in the session for that
one page view: a NIK or phone never goes into a URL). The API decides who may act (agency prefixes,
the resident's village within the officer's jurisdiction); its problem+json errors are shown next to
the inputs they name.
"""

from __future__ import annotations

import re

from flask import Blueprint, g, redirect, render_template, request, session, url_for

from ..blueprints.forms import answer_status, form_errors
from ..gateway import GatewayError
from ..signin import api
from ..texts import text
from . import session as staff_session

blueprint = Blueprint("staff_population", __name__, url_prefix="/petugas/kependudukan")

RESULT_KEY = "staff_population_result"
CHECK_FIELDS = ("challenge", "nik", "purpose", "new_phone")
REPAIR_FIELDS = ("nik", "purpose")
NIK = re.compile(r"^\d{16}$")
# Agencies the identity service lets confirm in person (IDENTITY_IN_PERSON_AGENCY_PREFIXES, by code
# disdukcapil-/kelurahan-): the session holds the agency's name, so its words are matched here. The API
# decides in the end (403 IN_PERSON_AGENCY_NOT_ALLOWED); this only spares others a page they cannot use.
AGENCY_WORDS = ("disdukcapil", "kependudukan", "kelurahan", "adminduk")


def is_population_officer(who: dict) -> bool:
    agency = (who.get("agency") or "").lower()
    return who.get("role") == "officer" and any(word in agency for word in AGENCY_WORDS)


def _page(*, form: str = "", values=None, errors=None, general: str = "", status: int = 200):
    who = staff_session.staff() or {}
    result = session.pop(RESULT_KEY, None) if request.method == "GET" else None
    values = values or {}
    if "check_purpose" not in values:
        values["check_purpose"] = text("staff_population_purpose_default", g.lang)
    return (
        render_template(
            "staff/kependudukan.html",
            who=who,
            form=form,
            values=values,
            errors=errors or {},
            general=general,
            result=result,
        ),
        status,
    )


def _refused():
    if not is_population_officer(staff_session.staff() or {}):
        return render_template("staff/forbidden.html"), 403
    return None


def _local_errors(prefix: str, body: dict, required: tuple[str, ...]) -> dict[str, str]:
    errors = {f"{prefix}_{name}": text("staff_population_required", g.lang) for name in required if not body[name]}
    if body.get("nik") and not NIK.match(body["nik"]):
        errors[f"{prefix}_nik"] = text("staff_population_nik_invalid", g.lang)
    if request.form.get(f"{prefix}_confirm") != "yes":
        errors[f"{prefix}_confirm"] = text("staff_population_confirm_needed", g.lang)
    return errors


def _api_errors(prefix: str, error: GatewayError, fields: tuple[str, ...]) -> tuple[dict[str, str], str]:
    by_field, general = form_errors(error, fields, g.lang)
    return {f"{prefix}_{name}": message for name, message in by_field.items()}, general


@blueprint.get("/")
@blueprint.get("")
@staff_session.staff_required("officer")
def index():
    return _refused() or _page()


@blueprint.post("/periksa")
@staff_session.staff_required("officer")
def check():
    refused = _refused()
    if refused:
        return refused
    values = {f"check_{name}": request.form.get(f"check_{name}", "").strip() for name in CHECK_FIELDS}
    body = {name: values[f"check_{name}"] for name in CHECK_FIELDS}
    body["nik"] = re.sub(r"\s", "", body["nik"])
    errors = _local_errors("check", body, ("challenge", "nik", "purpose"))
    if errors:
        return _page(form="check", values=values, errors=errors, status=400)
    if not body["new_phone"]:
        del body["new_phone"]
    try:
        account = api("POST", "/v1/identity/assurance:confirmInPerson", json=body)
    except GatewayError as error:
        errors, general = _api_errors("check", error, CHECK_FIELDS)
        return _page(form="check", values=values, errors=errors, general=general, status=answer_status(error))
    session[RESULT_KEY] = {
        "kind": "checked",
        "full_name": account.get("full_name", ""),
        "nik": account.get("nik", ""),  # masked by the API for anyone but the holder
        "regency_code": account.get("regency_code", ""),
        "acr": int(account.get("acr") or 0),
        "status": account.get("status", ""),
        "new_phone": bool(body.get("new_phone")),
    }
    return redirect(url_for(".index"), code=303)


@blueprint.post("/pemulihan")
@staff_session.staff_required("officer")
def repair():
    refused = _refused()
    if refused:
        return refused
    values = {f"repair_{name}": request.form.get(f"repair_{name}", "").strip() for name in REPAIR_FIELDS}
    body = {name: values[f"repair_{name}"] for name in REPAIR_FIELDS}
    body["nik"] = re.sub(r"\s", "", body["nik"])
    errors = _local_errors("repair", body, REPAIR_FIELDS)
    if errors:
        return _page(form="repair", values=values, errors=errors, status=400)
    try:
        answer = api("POST", "/v1/identity/citizens:repairTakeover", json=body)
    except GatewayError as error:
        errors, general = _api_errors("repair", error, REPAIR_FIELDS)
        return _page(form="repair", values=values, errors=errors, general=general, status=answer_status(error))
    session[RESULT_KEY] = {
        "kind": "repaired",
        "sessions_revoked": int(answer.get("sessions_revoked") or 0),
        "credentials_revoked": int(answer.get("credentials_revoked") or 0),
    }
    return redirect(url_for(".index"), code=303)


def entry_links(who: dict) -> list[tuple[str, str]]:
    """Disdukcapil and kelurahan officers' in-person checks and takeover repairs."""
    return [("staff_population.index", "staff_population_link")] if is_population_officer(who) else []
