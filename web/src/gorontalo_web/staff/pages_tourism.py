"""/petugas/wisata: the Dinas Pariwisata's destinations (issue 21), for tourism officers (agencies dispar-*).

- The list (GET /v1/tourism/destinations) with each place's edit page, and the import of a destinations
  file such as the shipped starting set (POST /v1/tourism/destinations:import, all or nothing: each
  problem of a refused file is listed by its field, destinations[3].region_code); for the provincial
  office, the shipped starting set in one click (POST /v1/tourism/destinations:import-starting-set: only
  places not imported before are added, a second click changes nothing).
- Create (POST /v1/tourism/destinations, the form's Idempotency-Key): a place whose name and location
  match an existing one is refused as a possible duplicate (409); the page names it, links its edit page,
  and offers to save anyway when it is another place (not_a_duplicate).
- Edit (POST /v1/tourism/destinations/{id}:update) and merge a duplicate into the place that stays
  (POST /v1/tourism/destinations/{id}:merge, only with the ticked confirmation: it cannot be undone).

The API decides who may edit what (the office's jurisdiction); its words are shown next to the inputs.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for

from .. import signin
from ..blueprints.forms import answer_status, form_errors
from ..blueprints.tourism import DESTINATION_KINDS
from ..gateway import GatewayError
from ..texts import text
from . import session as staff_session
from . import tourism_forms as forms

blueprint = Blueprint("staff_tourism", __name__, url_prefix="/petugas/wisata")

NOTICE_KEY = "staff_tourism_notice"
ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_IMPORT_BYTES = 2 * 1024 * 1024  # the API's limit for the import route


def refused():
    if not forms.is_tourism_officer(staff_session.staff() or {}):
        return render_template("staff/forbidden.html"), 403
    return None


def valid_id(value: str) -> str:
    if not ID.fullmatch(value or ""):
        abort(404)
    return value


def _api_errors(error: GatewayError) -> tuple[dict[str, str], str]:
    if error.unauthenticated:
        raise signin.NotSignedIn from None
    error.field_errors = {forms.form_field(name): message for name, message in error.field_errors.items()}
    return form_errors(error, (*forms.TEXT_FIELDS, "coordinates_approximate"), g.lang)


def _local_errors(problems: dict[str, str]) -> dict[str, str]:
    return {name: text(key, g.lang) for name, key in problems.items()}


@blueprint.get("/")
@blueprint.get("")
@staff_session.staff_required("officer")
def index():
    if refused():
        return refused()
    q = (request.args.get("q") or "").strip()[:100]
    params = {"page_size": 100} | ({"q": q} if q else {})
    try:
        places = signin.api("GET", "/v1/tourism/destinations", params=params).get("destinations") or []
        general = ""
    except GatewayError as error:
        places, (_, general) = [], form_errors(error, (), g.lang)
    import_result = session.pop(NOTICE_KEY, None)
    return render_template(
        "staff/wisata.html",
        who=staff_session.staff(),
        q=q,
        places=places,
        general=general,
        result=import_result,
        starting_set_offered=covers_province(staff_session.staff() or {}),
    )


@blueprint.post("/impor")
@staff_session.staff_required("officer")
def import_file():
    if refused():
        return refused()
    upload = request.files.get("document")
    data = upload.read(MAX_IMPORT_BYTES + 1) if upload and upload.filename else b""
    if not data or len(data) > MAX_IMPORT_BYTES:
        session[NOTICE_KEY] = {"problems": [text("staff_tourism_import_file_needed", g.lang)]}
        return redirect(url_for(".index"), code=303)
    try:
        answer = signin.call(
            lambda token: signin.gateway().upload(
                "/v1/tourism/destinations:import", data, "application/json", token=token, lang=g.lang
            )
        )
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        problems = [f"{field}: {message}" for field, message in error.field_errors.items()]
        if not problems:
            problems = [form_errors(error, (), g.lang)[1]]
        session[NOTICE_KEY] = {"problems": problems}
    else:
        session[NOTICE_KEY] = {"created": int(answer.get("created") or 0), "updated": int(answer.get("updated") or 0)}
    return redirect(url_for(".index"), code=303)


@blueprint.post("/impor-set-awal")
@staff_session.staff_required("officer")
def import_starting_set():
    """The shipped starting set in one click (POST /v1/tourism/destinations:import-starting-set): only
    places not imported before are added, so a second click changes nothing."""
    if refused():
        return refused()
    try:
        answer = signin.api("POST", "/v1/tourism/destinations:import-starting-set", json={})
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        problems = [f"{field}: {message}" for field, message in error.field_errors.items()]
        session[NOTICE_KEY] = {"problems": problems or [form_errors(error, (), g.lang)[1]]}
    else:
        session[NOTICE_KEY] = {
            "starting_set": True,
            "created": int(answer.get("created") or 0),
            "unchanged": int(answer.get("unchanged") or 0),
        }
    return redirect(url_for(".index"), code=303)


def covers_province(who: dict) -> bool:
    """The starting set spans the province: its button is the provincial office's (the API decides)."""
    return "75" in (who.get("jurisdiction") or [])


def _form_page(*, place=None, values=None, errors=None, general="", duplicate="", key="", status=200):
    return render_template(
        "staff/wisata_form.html",
        who=staff_session.staff(),
        place=place,
        values=values or {},
        errors=errors or {},
        general=general,
        duplicate=duplicate,
        kinds=DESTINATION_KINDS,
        idempotency_key=key or forms.new_key(),
    ), status


@blueprint.route("/baru", methods=["GET", "POST"])
@staff_session.staff_required("officer")
def create():
    if refused():
        return refused()
    if request.method == "GET":
        return _form_page(values={"coordinates_approximate": "1"})
    values = {name: request.form.get(name, "").strip() for name in forms.TEXT_FIELDS}
    values["coordinates_approximate"] = request.form.get("coordinates_approximate", "")
    key = request.form.get("idempotency_key", "").strip()[:64] or forms.new_key()
    draft, problems = forms.draft_from_form(values)
    if problems:
        return _form_page(values=values, errors=_local_errors(problems), key=key, status=400)
    body = {"destination": draft, "not_a_duplicate": request.form.get("not_a_duplicate") == "1"}
    try:
        created = signin.api("POST", "/v1/tourism/destinations", json=body, idempotency_key=key)
    except GatewayError as error:
        duplicate = forms.duplicate_named(error.detail) if error.status == 409 else ""
        errors, general = _api_errors(error)
        return _form_page(
            values=values, errors=errors, general=general, duplicate=duplicate, key=key, status=answer_status(error)
        )
    return redirect(url_for(".edit", place_id=valid_id(created.get("id", "")), disimpan=1), code=303)


@blueprint.route("/<place_id>/ubah", methods=["GET", "POST"])
@staff_session.staff_required("officer")
def edit(place_id: str):
    if refused():
        return refused()
    place_id = valid_id(place_id)
    try:
        place = signin.api("GET", f"/v1/tourism/destinations/{place_id}")
    except GatewayError as error:
        if error.status == 404:
            abort(404)
        return render_template("error.html", message_key="error_unavailable"), 503
    if request.method == "GET":
        return _form_page(place=place, values=forms.form_from_destination(place))
    values = {name: request.form.get(name, "").strip() for name in forms.TEXT_FIELDS}
    values["coordinates_approximate"] = request.form.get("coordinates_approximate", "")
    draft, problems = forms.draft_from_form(values)
    if problems:
        return _form_page(place=place, values=values, errors=_local_errors(problems), status=400)
    try:
        signin.api("POST", f"/v1/tourism/destinations/{place_id}:update", json={"destination": draft})
    except GatewayError as error:
        errors, general = _api_errors(error)
        return _form_page(place=place, values=values, errors=errors, general=general, status=answer_status(error))
    return redirect(url_for(".edit", place_id=place_id, disimpan=1), code=303)


@blueprint.post("/<place_id>/gabung")
@staff_session.staff_required("officer")
def merge(place_id: str):
    if refused():
        return refused()
    place_id = valid_id(place_id)
    into = request.form.get("into_id", "").strip()
    try:
        place = signin.api("GET", f"/v1/tourism/destinations/{place_id}")
    except GatewayError:
        abort(404)
    values = forms.form_from_destination(place)
    if request.form.get("merge_confirm") != "yes" or not into:
        errors = {"merge_confirm": text("staff_tourism_merge_confirm_needed", g.lang)}
        if not into:
            errors = {"into_id": text("staff_tourism_merge_into_needed", g.lang)}
        return _form_page(place=place, values=values | {"into_id": into}, errors=errors, status=400)
    try:
        kept = signin.api("POST", f"/v1/tourism/destinations/{place_id}:merge", json={"into_id": into})
    except GatewayError as error:
        errors, general = _api_errors(error)
        errors = {"into_id": errors.pop("into_id")} if "into_id" in errors else {}
        return _form_page(
            place=place, values=values | {"into_id": into}, errors=errors, general=general, status=answer_status(error)
        )
    return redirect(url_for(".edit", place_id=kept.get("id") or into, digabung=1), code=303)


def entry_links(who: dict) -> list[tuple[str, str]]:
    """Tourism officers' destinations (list, create, edit, merge, import)."""
    return [("staff_tourism.index", "staff_tourism_link")] if forms.is_tourism_officer(who) else []
