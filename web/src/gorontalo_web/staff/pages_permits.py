"""/petugas/izin: the DPMPTSP officers' queue of permit applications and the work on one of them (issue 16).

- /petugas/izin: the applications of the officer's jurisdiction (GET /v1/permits/applications with the
  officer's token; the API scopes it and sorts it by SLA due date), with the working days left to each due
  date as svc-permits counts them (sla_working_days_left: WITA, weekends and Indonesian public holidays
  skipped), red when late. Open ones by default; one status at a time by a plain GET filter.
- /petugas/izin/<id>: the application, its documents drawn in the page (permits_preview: PDF pages as PNG
  drawn here, photos re-encoded), its timeline, the fee's payment status, and only the actions its state
  allows. Irreversible ones (approve, reject, issue, revoke) are sent only with their confirmation box
  ticked, which works without JavaScript.
- /petugas/izin/<id>/dokumen/<document_id>/<page>: one drawn page, fetched with the officer's own token
  (the gateway lets only officers of the application's regency/city read it), `no-store`.
The API's problem+json field errors are shown next to the field of the form that was sent.
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, g, redirect, render_template, request, url_for

from .. import signin
from ..blueprints.forms import answer_status, form_errors
from ..gateway import GatewayError
from ..regions_picker import place_name
from ..signin import api
from ..texts import text
from . import permits_preview, precheck
from . import session as staff_session

blueprint = Blueprint("staff_permits", __name__, url_prefix="/petugas/izin")

# Who may open these pages; the API decides what each one sees and may do (officers act, province
# operators and admins only read).
READERS = ("officer", "operator", "admin")
FINAL = ("issued", "rejected", "withdrawn")
STATUSES = (
    "submitted",
    "in_review",
    "revision_requested",
    "awaiting_payment",
    "paid",
    "approved",
    "issued",
    "rejected",
    "withdrawn",
)
PAGE_SIZE = 100
# The open queue is gathered from at most this many pages of the API (500 applications).
MAX_PAGES = 5
ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


# What each action is: its path here, the API's verb, the field its reason goes in, whether the reason is
# required, whether it cannot be undone (a ticked confirmation), and the statuses it is offered in.
ACTIONS = {
    "periksa": {"verb": "review", "field": "note", "required": False, "confirm": False, "when": ("submitted",)},
    "revisi": {"verb": "request-revision", "field": "note", "required": True, "confirm": False, "when": ("in_review",)},
    "setujui": {"verb": "approve", "field": "note", "required": False, "confirm": True, "when": ("in_review",)},
    "tolak": {"verb": "reject", "field": "note", "required": True, "confirm": True, "when": ("in_review",)},
    "terbitkan": {"verb": "issue", "field": "note", "required": False, "confirm": True, "when": ("approved",)},
    "cabut": {"verb": "revoke", "field": "reason", "required": True, "confirm": True, "when": ("issued",)},
}


def actions_for(application: dict, validity: str = "") -> list[str]:
    """The actions an officer may take on the application in its state (the API decides in the end)."""
    status = application.get("status", "")
    allowed = []
    for name, action in ACTIONS.items():
        if status not in action["when"]:
            continue
        if name == "terbitkan" and application.get("next_step") != "permit_issuance":
            continue  # approved, but the applicant's NIB is still missing
        if name == "cabut" and (not application.get("permit_number") or validity == "revoked"):
            continue
        allowed.append(name)
    return allowed


def days_left(application: dict) -> dict:
    """How the queue writes the SLA: {"kind": late|today|left|paused|done|none, "days": n}."""
    status = application.get("status", "")
    if status in FINAL:
        return {"kind": "done", "days": 0}
    if application.get("sla_paused"):
        return {"kind": "paused", "days": 0}
    if not application.get("sla_due_date"):
        return {"kind": "none", "days": 0}
    left = int(application.get("sla_working_days_left") or 0)
    if application.get("sla_late") or left < 0:
        return {"kind": "late", "days": abs(left)}
    if left == 0:
        return {"kind": "today", "days": 0}
    return {"kind": "left", "days": left}


def sla_words(application: dict, lang: str) -> str:
    sla = days_left(application)
    words = text(f"staff_permits_sla_{sla['kind']}", lang)
    return words.replace("{days}", str(sla["days"]))


def in_queue_order(applications: list[dict]) -> list[dict]:
    """Soonest due date first (late ones first of all), paused and dateless ones after; stable otherwise."""

    def key(application: dict):
        sla = days_left(application)
        return (
            sla["kind"] in ("paused", "none", "done"),
            application.get("sla_due_date") or "9999-12-31",
        )

    return sorted(applications, key=key)


# ---- the gateway ---------------------------------------------------------------------------------------


def _fetch(path: str):
    return signin.call(lambda token: signin.gateway().fetch(path, token=token, lang=g.lang))


def _valid_id(value: str) -> str:
    if not ID.fullmatch(value or ""):
        abort(404)
    return value


def _page_error(error: GatewayError):
    if error.unauthenticated:
        raise signin.NotSignedIn from None
    if error.status == 404:
        return render_template("error.html", message_key="error_not_found"), 404
    if error.status == 403:
        return render_template("staff/forbidden.html"), 403
    if error.unavailable or error.status >= 500:
        return render_template("error.html", message_key="error_unavailable"), 503
    return render_template("error.html", message_key="error_generic"), answer_status(error)


@blueprint.app_context_processor
def staff_permit_words():
    lang = getattr(g, "lang", "id")
    return {"staff_izin_sla": lambda application: sla_words(application, lang), "staff_izin_days": days_left}


# ---- the queue -----------------------------------------------------------------------------------------


@blueprint.get("")
@blueprint.get("/")
@staff_session.staff_required(*READERS)
def queue():
    status = request.args.get("status", "").strip()
    if status and status not in STATUSES:
        status = ""
    page_token = request.args.get("page_token", "")
    found: list[dict] = []
    next_token = ""
    try:
        if status:
            params = {"page_size": PAGE_SIZE, "status": status}
            if page_token:
                params["page_token"] = page_token
            answer = api("GET", "/v1/permits/applications", params=params)
            found = list(answer.get("applications") or [])
            next_token = answer.get("next_page_token") or ""
        else:
            # Open ones only: the API lists every status, final ones too; gather a few pages.
            token = ""
            for _ in range(MAX_PAGES):
                params = {"page_size": PAGE_SIZE} | ({"page_token": token} if token else {})
                answer = api("GET", "/v1/permits/applications", params=params)
                found += [a for a in answer.get("applications") or [] if a.get("status") not in FINAL]
                token = answer.get("next_page_token") or ""
                if not token:
                    break
    except GatewayError as error:
        return _page_error(error)
    who = staff_session.staff() or {}
    jurisdiction = [(code, place_name(code, with_parents=True)) for code in who.get("jurisdiction") or []]
    return render_template(
        "staff/izin_queue.html",
        applications=in_queue_order(found) if not status else found,
        status=status,
        statuses=STATUSES,
        next_token=next_token,
        who=who,
        jurisdiction=jurisdiction,
        late=sum(1 for a in found if days_left(a)["kind"] == "late"),
    )


# ---- one application -----------------------------------------------------------------------------------


def _application(application_id: str) -> dict:
    return api("GET", f"/v1/permits/applications/{application_id}")


# The drawn size of each PDF page, by (document id, size): numbers only, never the content, kept so the
# page does not read every PDF again each time it is opened.
_PAGES: dict[tuple[str, int], list[tuple[int, int]]] = {}


def _pages(document: dict) -> list[tuple[int, int] | None]:
    """One entry per page to draw: its (width, height) for a PDF (read once to learn them), None for an
    image's one page (its size is the photo's own); [] when it cannot be drawn."""
    if document.get("media_type") != permits_preview.PDF:
        return [None]
    key = (document.get("document_id", ""), int(document.get("size_bytes") or 0))
    if key not in _PAGES:
        response = _fetch(f"/v1/permits/documents/{key[0]}/content")
        try:
            _PAGES[key] = permits_preview.page_sizes(response.content)
        except permits_preview.PreviewError:
            _PAGES[key] = []
        if len(_PAGES) > 2048:
            _PAGES.pop(next(iter(_PAGES)))
    return list(_PAGES[key])


def _documents(application: dict) -> list[dict]:
    shown = []
    for document in application.get("documents") or []:
        try:
            pages = _pages(document)
        except GatewayError as error:
            if error.unauthenticated:
                raise signin.NotSignedIn from None
            pages = []
        shown.append({**document, "pages": len(pages), "sizes": pages})
    return shown


def _validity(application: dict) -> str:
    """valid or revoked for an issued permit (the public check), "" otherwise or when it cannot be read."""
    number = application.get("permit_number") or ""
    if application.get("status") != "issued" or not number:
        return ""
    try:
        return api("GET", f"/v1/permits/verify/{number.replace('/', '-')}").get("validity", "")
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        return ""


def _bill(application: dict) -> dict | None:
    """The fee bill in svc-tax, when the officer may read it (the application's own status says the rest)."""
    if not application.get("bill_id"):
        return None
    try:
        return api("GET", f"/v1/tax/bills/{application['bill_id']}")
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        return None


def _render(application: dict, *, failed: str = "", errors=None, general="", values=None, status=200):
    validity = _validity(application)
    return render_template(
        "staff/izin_application.html",
        a=application,
        documents=_documents(application),
        validity=validity,
        bill=_bill(application),
        precheck=precheck.report_for(application.get("id", "")),
        actions=actions_for(application, validity),
        specs=ACTIONS,
        failed=failed,
        errors=errors or {},
        general=general,
        values=values or {},
        done=request.args.get("selesai", "") if request.method == "GET" else "",
        who=staff_session.staff() or {},
    ), status


@blueprint.get("/<application_id>")
@staff_session.staff_required(*READERS)
def application(application_id: str):
    try:
        found = _application(_valid_id(application_id))
    except GatewayError as error:
        return _page_error(error)
    return _render(found)


@blueprint.post("/<application_id>/<action>")
@staff_session.staff_required(*READERS)
def act(application_id: str, action: str):
    _valid_id(application_id)
    spec = ACTIONS.get(action)
    if spec is None:
        abort(404)
    field = spec["field"]
    reason = request.form.get(field, "").strip()
    confirmed = request.form.get("confirm") == "ya"
    errors: dict[str, str] = {}
    if spec["required"] and not reason:
        errors[field] = text("staff_permits_reason_required", g.lang)
    if spec["confirm"] and not confirmed:
        errors["confirm"] = text("staff_permits_confirm_required", g.lang)
    general, status = "", 400
    if not errors:
        try:
            if action == "cabut":
                number = request.form.get("permit_number", "")
                if not re.fullmatch(r"\d{4}/DPMPTSP/\d{4}/\d{6}", number):
                    abort(400)
                api("POST", f"/v1/permits/permits/{number.replace('/', '-')}:revoke", json={"reason": reason})
            else:
                api("POST", f"/v1/permits/applications/{application_id}:{spec['verb']}", json={"note": reason})
        except GatewayError as error:
            if error.unauthenticated:
                raise signin.NotSignedIn from None
            errors, general = form_errors(error, (field,), g.lang)
            status = answer_status(error)
        else:
            target = url_for("staff_permits.application", application_id=application_id, selesai=action)
            return redirect(target + "#hasil", code=303)
    try:
        found = _application(application_id)
    except GatewayError as error:
        return _page_error(error)
    return _render(found, failed=action, errors=errors, general=general, values={field: reason}, status=status)


# ---- a document's page, drawn ---------------------------------------------------------------------------


@blueprint.get("/<application_id>/dokumen/<document_id>/<int:page>")
@staff_session.staff_required(*READERS)
def document_page(application_id: str, document_id: str, page: int):
    _valid_id(application_id)
    _valid_id(document_id)
    try:
        found = _application(application_id)
        if document_id not in {d.get("document_id") for d in found.get("documents") or []}:
            abort(404)
        content = _fetch(f"/v1/permits/documents/{document_id}/content").content
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        return Response(status=404 if error.status in (403, 404) else 503, headers={"Cache-Control": "no-store"})
    try:
        image, media_type = permits_preview.render(content, page)
    except permits_preview.PreviewError:
        abort(404)
    extension = "png" if media_type == "image/png" else "jpg"
    response = Response(image, mimetype=media_type)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Disposition"] = f'inline; filename="dokumen-{page}.{extension}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def entry_links(who: dict) -> list[tuple[str, str]]:
    """DPMPTSP officers (licensing offices) and admins: the application queue."""
    agency = (who.get("agency") or "").lower()
    if who.get("role") == "admin" or (who.get("role") == "officer" and "dpmptsp" in agency):
        return [("staff_permits.queue", "staff_permits_queue_title")]
    return []
