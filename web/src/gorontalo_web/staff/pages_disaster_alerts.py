"""/petugas/siaga/peringatan: the BPBD officer's CAP alerts (issue 16).

- `/peringatan/baru` and `/peringatan/<id>/perbarui`: the composer. "Pratinjau" asks
  POST /v1/disaster/alerts:preview for the CAP 1.2 document and its validation (the platform's rules and the
  OASIS XSD) and shows both; "Terbitkan" issues only the very content whose preview was valid (its
  fingerprint is kept in the session) and only with the confirmation ticked.
- `/peringatan/<id>`: one alert with its CAP document; cancel it (ticked confirmation).
"""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for

from .. import signin
from ..blueprints.forms import answer_status, form_errors, idempotency_key
from ..gateway import GatewayError
from ..signin import api
from ..texts import text
from . import disaster_forms as forms
from . import session as staff_session
from .disaster_common import bpbd_only, staff_member

blueprint = Blueprint("staff_disaster_alerts", __name__, url_prefix="/petugas/siaga")

PREVIEW_KEY = "staff_disaster_preview"  # the fingerprint of the last valid preview


# -- the alert composer ------------------------------------------------------------------------------


def _composer(
    *,
    values: dict,
    incident_id: str = "",
    previous: dict | None = None,
    key: str,
    preview: dict | None = None,
    errors=None,
    problems=None,
    general: str = "",
    status: int = 200,
):
    return (
        render_template(
            "staff/siaga_compose.html",
            who=staff_member(),
            values=values,
            incident_id=incident_id,
            previous=previous,
            key=key,
            preview=preview,
            errors=errors or {},
            problems=problems or [],
            general=general,
            forms=forms,
        ),
        status,
    )


def _preview(body: dict, update_of: str) -> dict:
    return api("POST", "/v1/disaster/alerts:preview", json={"alert": body, "update_of": update_of})


def _compose(previous: dict | None):
    """GET shows the form; POST previews, or issues what was previewed valid and confirmed."""
    update_of = previous["id"] if previous else ""
    incident_id = (request.values.get("incident_id") or "").strip() if not previous else ""
    if request.method == "GET":
        values = forms.values_of_alert(previous) if previous else {"status": "Actual"}
        if incident_id:
            try:  # the incident's hazard is the alert's unless the officer says otherwise
                values["hazard"] = api("GET", f"/v1/disaster/incidents/{incident_id}").get("hazard", "")
            except GatewayError as error:
                if error.status != 404:
                    raise
                incident_id = ""
        return _composer(values=values, incident_id=incident_id, previous=previous, key=str(uuid.uuid4()))

    key = idempotency_key()
    values = {name: request.form.get(name, "") for name in forms.ALERT_FIELDS}
    body, local = forms.alert_body(values, incident_id)
    local_errors = {name: text(key_, g.lang) for name, key_ in local.items()}
    page = {"values": values, "incident_id": incident_id, "previous": previous, "key": key}
    if local_errors:
        session.pop(PREVIEW_KEY, None)
        return _composer(**page, errors=local_errors, status=400)
    wanted = request.form.get("action", "preview")
    fingerprint = forms.fingerprint(body, update_of)
    general, confirm_missing = "", False
    if wanted == "issue":
        if session.get(PREVIEW_KEY) != fingerprint:
            general = text("staff_disaster_preview_first", g.lang)
        elif request.form.get("issue_confirm") != "yes":
            confirm_missing = True
        else:
            return _issue(body, previous, key, page)
    try:
        preview = _preview(body, update_of)
    except GatewayError as error:
        _by_field, general_error = form_errors(error, (), g.lang)
        return _composer(**page, general=general_error, status=answer_status(error))
    errors, problems = forms.place_problems(preview.get("problems") or [])
    if preview.get("valid"):
        session[PREVIEW_KEY] = fingerprint
    else:
        session.pop(PREVIEW_KEY, None)
    if confirm_missing:
        errors["issue_confirm"] = text("staff_disaster_confirm_needed", g.lang)
    refused = not preview.get("valid") or bool(general) or confirm_missing
    return _composer(
        **page, preview=preview, errors=errors, problems=problems, general=general, status=400 if refused else 200
    )


def _issue(body: dict, previous: dict | None, key: str, page: dict):
    try:
        if previous:
            alert = api(
                "POST", f"/v1/disaster/alerts/{previous['id']}:update", json={"alert": body}, idempotency_key=key
            )
        else:
            alert = api("POST", "/v1/disaster/alerts", json=body, idempotency_key=key)
    except GatewayError as error:
        # Refused (the time moved on, the alert changed meanwhile...): preview again with a new key,
        # since the same key with another body would be refused as a reuse.
        session.pop(PREVIEW_KEY, None)
        _by_field, general = form_errors(error, (), g.lang)
        errors, problems = forms.place_problems([{"field": f, "detail": m} for f, m in error.field_errors.items()])
        if problems and all(p["input"] for p in problems):
            general = ""
        page = page | {"key": str(uuid.uuid4())}
        return _composer(**page, errors=errors, problems=problems, general=general, status=answer_status(error))
    session.pop(PREVIEW_KEY, None)
    done = "updated" if previous else "issued"
    return redirect(url_for(".alert", alert_id=alert["id"], selesai=done), code=303)


@blueprint.route("/peringatan/baru", methods=["GET", "POST"])
@staff_session.staff_required("officer")
def compose():
    _who_, refused = bpbd_only()
    if refused:
        return refused
    return _compose(None)


def _load_alert(alert_id: str) -> dict:
    try:
        return api("GET", f"/v1/disaster/alerts/{alert_id}")
    except GatewayError as error:
        if error.status in (400, 404):
            abort(404)
        raise


@blueprint.route("/peringatan/<alert_id>/perbarui", methods=["GET", "POST"])
@staff_session.staff_required("officer")
def update_alert(alert_id: str):
    _who_, refused = bpbd_only()
    if refused:
        return refused
    try:
        previous = _load_alert(alert_id)
    except GatewayError as error:
        return render_template("error.html", message_key="error_unavailable"), answer_status(error)
    if previous.get("source") != "bpbd" or not previous.get("active"):
        return redirect(url_for(".alert", alert_id=alert_id), code=303)
    return _compose(previous)


# -- one alert ---------------------------------------------------------------------------------------


def _alert_page(alert_id: str, *, errors=None, general: str = "", values=None, status: int = 200):
    try:
        alert = _load_alert(alert_id)
        document = signin.call(
            lambda token: signin.gateway().fetch(f"/v1/disaster/alerts/{alert_id}.cap.xml", token=token, lang=g.lang)
        )
    except GatewayError as error:
        return render_template("error.html", message_key="error_unavailable"), answer_status(error)
    cap_xml = document.text if document.status_code == 200 else ""
    return (
        render_template(
            "staff/siaga_alert.html",
            who=staff_member(),
            alert=alert,
            cap_xml=cap_xml,
            errors=errors or {},
            general=general,
            values=values or {},
            done=request.args.get("selesai", ""),
            key=str(uuid.uuid4()),
            forms=forms,
        ),
        status,
    )


@blueprint.get("/peringatan/<alert_id>")
@staff_session.staff_required("officer")
def alert(alert_id: str):
    _who_, refused = bpbd_only()
    if refused:
        return refused
    return _alert_page(alert_id)


@blueprint.post("/peringatan/<alert_id>/batalkan")
@staff_session.staff_required("officer")
def cancel_alert(alert_id: str):
    _who_, refused = bpbd_only()
    if refused:
        return refused
    values = {name: request.form.get(name, "").strip() for name in ("reason_id", "reason_en")}
    if request.form.get("cancel_confirm") != "yes":
        errors = {"cancel_confirm": text("staff_disaster_confirm_needed", g.lang)}
        return _alert_page(alert_id, errors=errors, values=values, status=400)
    try:
        cancelled = api(
            "POST",
            f"/v1/disaster/alerts/{alert_id}:cancel",
            json={"reason": {"id": values["reason_id"], "en": values["reason_en"]}},
            idempotency_key=idempotency_key(),
        )
    except GatewayError as error:
        if error.status == 404:
            abort(404)
        by_field, general = form_errors(error, ("reason.id", "reason.en"), g.lang)
        errors = {name.replace(".", "_"): message for name, message in by_field.items()}
        return _alert_page(alert_id, errors=errors, general=general, values=values, status=answer_status(error))
    return redirect(url_for(".alert", alert_id=cancelled["id"], selesai="cancelled"), code=303)
