"""/wisata/acara and /wisata/usaha: GORINDO's events calendar and its tourism businesses (issue 21).

- `GET /wisata/acara`: events between two dates (default from today, WITA) in a kabupaten, and the same
  calendar as iCalendar (`/wisata/acara.ics`, the API's own export) for a phone's calendar app.
- `GET /wisata/acara/<id>`: one event with its schema.org JSON-LD.
- `GET /wisata/usaha`: homestays, hotels, restaurants, dive operators... each with the "berizin" badge when
  its permit was checked with svc-permits; only the licensed ones on request.
- `GET /wisata/usaha/<id>`: one business, its badge and permit status, its reviews and JSON-LD; for the
  resident who listed it, a link to edit it (blueprints/tourism_business.py lists and edits).
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, request, url_for

from .. import signin
from ..formatting import WITA
from ..gateway import GatewayError
from ..regions_picker import regency_choices
from .tourism import PAGE_SIZE, chosen_regency, failed_page, json_ld, pass_through, public_get, valid_id
from .tourism_reviews import review_section

blueprint = Blueprint("tourism_places", __name__, url_prefix="/wisata")

BUSINESS_KINDS = (
    "homestay",
    "hotel",
    "restoran",
    "operator_selam",
    "pemandu_wisata",
    "agen_perjalanan",
    "sewa_kendaraan",
)


def chosen_date(raw: str | None) -> str:
    try:
        return dt.date.fromisoformat((raw or "").strip()).isoformat()
    except ValueError:
        return ""


def event_filters(args) -> tuple[dict, dict]:
    """(the form's values, the API's query): from today in WITA unless another day is asked."""
    today = dt.datetime.now(WITA).date().isoformat()
    values = {
        "dari": chosen_date(args.get("dari")) or today,
        "sampai": chosen_date(args.get("sampai")),
        "kabupaten": chosen_regency(args.get("kabupaten")),
    }
    query = {"from_date": values["dari"]}
    if values["sampai"]:
        query["to_date"] = values["sampai"]
    if values["kabupaten"]:
        query["region"] = values["kabupaten"]
    return values, query


@blueprint.get("/acara")
def events():
    values, query = event_filters(request.args)
    try:
        answer = public_get("/v1/tourism/events", query | {"page_size": 100})
    except GatewayError as error:
        return failed_page(error)
    return render_template(
        "wisata_acara.html",
        values=values,
        events=answer.get("events") or [],
        ics_url=url_for(".events_ics", **{k: v for k, v in values.items() if v}),
        regencies=regency_choices(),
    )


@blueprint.get("/acara.ics")
def events_ics():
    _, query = event_filters(request.args)
    return pass_through(
        "/v1/tourism/events.ics", media_types=("text/calendar",), params=query, download="acara-wisata-gorontalo.ics"
    )


@blueprint.get("/acara/<event_id>")
def event(event_id: str):
    event_id = valid_id(event_id)
    try:
        found = public_get(f"/v1/tourism/events/{event_id}")
    except GatewayError as error:
        return failed_page(error)
    place = None
    if found.get("destination_id"):
        try:
            place = public_get(f"/v1/tourism/destinations/{valid_id(found['destination_id'])}")
        except GatewayError:
            place = None  # the event still shows its own place name and region
    return render_template(
        "wisata_acara_detail.html", event=found, place=place, json_ld=json_ld(f"/v1/tourism/events/{event_id}.jsonld")
    )


@blueprint.get("/usaha")
def businesses():
    values = {
        "q": (request.args.get("q") or "").strip()[:100],
        "jenis": request.args.get("jenis") if request.args.get("jenis") in BUSINESS_KINDS else "",
        "kabupaten": chosen_regency(request.args.get("kabupaten")),
        "berizin": request.args.get("berizin") == "1",
    }
    query: dict = {"page_size": PAGE_SIZE}
    for name, api_name in (("q", "q"), ("jenis", "kind"), ("kabupaten", "region")):
        if values[name]:
            query[api_name] = values[name]
    if values["berizin"]:
        query["licensed_only"] = "true"
    token = (request.args.get("halaman") or "").strip()
    if token and len(token) <= 200:
        query["page_token"] = token
    try:
        answer = public_get("/v1/tourism/businesses", query)
    except GatewayError as error:
        return failed_page(error)
    next_args = {k: v for k, v in values.items() if v} | {"halaman": answer.get("next_page_token")}
    if values["berizin"]:
        next_args["berizin"] = "1"
    return render_template(
        "wisata_usaha.html",
        values=values,
        businesses=answer.get("businesses") or [],
        next_url=url_for(".businesses", **next_args) if answer.get("next_page_token") else "",
        kinds=BUSINESS_KINDS,
        regencies=regency_choices(),
    )


def my_businesses() -> list[dict]:
    """The signed-in resident's own businesses (GET /v1/tourism/businesses:mine)."""
    return list(signin.api("GET", "/v1/tourism/businesses:mine", params={"page_size": 100}).get("businesses") or [])


def _is_mine(business_id: str) -> bool:
    """Whether the page's reader listed this business (an edit link for them); never an error page."""
    if not signin.resident_signed_in():
        return False
    try:
        return any(b.get("id") == business_id for b in my_businesses())
    except (GatewayError, signin.NotSignedIn):
        return False


@blueprint.get("/usaha/<business_id>")
def business(business_id: str):
    business_id = valid_id(business_id)
    try:
        found = public_get(f"/v1/tourism/businesses/{business_id}")
    except GatewayError as error:
        return failed_page(error)
    return render_template(
        "wisata_usaha_detail.html",
        business=found,
        mine=_is_mine(business_id),
        listed_now=request.args.get("baru") == "1",
        saved_now=request.args.get("disimpan") == "1",
        json_ld=json_ld(f"/v1/tourism/businesses/{business_id}.jsonld"),
        reviews=review_section(business_id, "usaha"),
    )
