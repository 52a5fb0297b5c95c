"""Reviews on GORINDO's place pages (issue 21): read by anyone, written by a signed-in visitor or resident,
reported by anyone signed in.

- The list is GET /v1/tourism/places/{id}/reviews: display names only, reported ones already hidden by
  the API until the office moderates them.
- `POST /wisata/ulasan/<destinasi|usaha>/<id>`: POST /v1/tourism/places/{id}/reviews with the form's
  Idempotency-Key (a resent form writes once); the API allows one review per person per place and limits
  how often. `POST /wisata/ulasan/<destinasi|usaha>/<id>/laporkan/<review_id>`: POST .../reviews/{id}:report.
- Both answer 303 back to the place's page (#ulasan), where the outcome (the API's words next to the
  fields) is shown once: kept in the server-side session for that one view, never in a URL.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, g, redirect, request, session, url_for

from .. import signin
from ..gateway import GatewayError
from ..texts import text
from .forms import form_errors, idempotency_key

blueprint = Blueprint("tourism_reviews", __name__, url_prefix="/wisata/ulasan")

REVIEW_FIELDS = ("rating", "text", "display_name")
OUTCOME_KEY = "wisata_review_outcome"
ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# The place's page each kind of place returns to.
PAGES = {"destinasi": ("tourism.destination", "place_id"), "usaha": ("tourism_places.business", "business_id")}


def may_review() -> bool:
    """Visitors and residents write reviews; staff sessions do not (the API would refuse their role)."""
    return signin.signed_in() and not session.get("staff")


def review_section(place_id: str, kind: str) -> dict:
    """What a place's page shows of its reviews: the list, the form (or how to sign in), the outcome."""
    try:
        answer = signin.gateway().request(
            "GET", f"/v1/tourism/places/{place_id}/reviews", lang=g.lang, params={"page_size": 50}
        )
        reviews, unavailable = list(answer.get("reviews") or []), False
    except GatewayError:
        reviews, unavailable = [], True
    outcome = session.pop(OUTCOME_KEY, None) if session.get(OUTCOME_KEY) else None
    if outcome and outcome.get("place_id") != place_id:
        outcome = None
    outcome = outcome or {}
    return {
        "kind": kind,
        "place_id": place_id,
        "entries": reviews,
        "unavailable": unavailable,
        "may_review": may_review(),
        "signed_in": signin.signed_in(),
        "typed": outcome.get("values") or {"display_name": session.get("display_name", "")},
        "errors": outcome.get("errors") or {},
        "general": outcome.get("general", ""),
        "notice": outcome.get("notice", ""),
        "idempotency_key": outcome.get("idempotency_key") or idempotency_key(),
        "return_to": request.path,
    }


def _back(kind: str, place_id: str, outcome: dict):
    session[OUTCOME_KEY] = {"place_id": place_id, **outcome}
    endpoint, argument = PAGES[kind]
    return redirect(url_for(endpoint, **{argument: place_id}) + "#ulasan", code=303)


def _checked(kind: str, place_id: str) -> None:
    if kind not in PAGES or not ID.fullmatch(place_id):
        abort(404)


@blueprint.post("/<kind>/<place_id>")
def write(kind: str, place_id: str):
    _checked(kind, place_id)
    if not signin.signed_in():
        session["wisata_next"] = url_for(PAGES[kind][0], **{PAGES[kind][1]: place_id})
        return redirect(url_for("visitor.signup"), code=303)
    values = {name: request.form.get(name, "").strip() for name in REVIEW_FIELDS}
    key = idempotency_key()
    errors: dict[str, str] = {}
    if values["rating"] not in ("1", "2", "3", "4", "5"):
        errors["rating"] = text("tourism_review_rating_missing", g.lang)
    if not values["display_name"]:
        errors["display_name"] = text("tourism_review_name_missing", g.lang)
    if errors:
        return _back(kind, place_id, {"values": values, "errors": errors, "idempotency_key": key})
    body = {"rating": int(values["rating"]), "text": values["text"], "display_name": values["display_name"]}
    try:
        signin.api("POST", f"/v1/tourism/places/{place_id}/reviews", json=body, idempotency_key=key)
    except signin.NotSignedIn:
        return redirect(url_for("auth.login"), code=303)
    except GatewayError as error:
        if error.status == 403:
            general = text("tourism_review_forbidden", g.lang)
            errors = {}
        elif error.status == 409:
            general, errors = text("tourism_review_once", g.lang), {}
        else:
            errors, general = form_errors(error, REVIEW_FIELDS, g.lang)
        return _back(kind, place_id, {"values": values, "errors": errors, "general": general, "idempotency_key": key})
    session["display_name"] = values["display_name"]
    return _back(kind, place_id, {"notice": text("tourism_review_thanks", g.lang)})


@blueprint.post("/<kind>/<place_id>/laporkan/<review_id>")
def report(kind: str, place_id: str, review_id: str):
    _checked(kind, place_id)
    if not ID.fullmatch(review_id):
        abort(404)
    if not signin.signed_in():
        return redirect(url_for("auth.login"), code=303)
    reason = request.form.get("reason", "").strip()[:500]
    try:
        signin.api("POST", f"/v1/tourism/reviews/{review_id}:report", json={"reason": reason})
    except signin.NotSignedIn:
        return redirect(url_for("auth.login"), code=303)
    except GatewayError as error:
        _, general = form_errors(error, (), g.lang)
        return _back(kind, place_id, {"general": general})
    return _back(kind, place_id, {"notice": text("tourism_review_reported", g.lang)})
