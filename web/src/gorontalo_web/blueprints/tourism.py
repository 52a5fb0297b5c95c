"""/wisata: GORINDO's destinations for visitors and residents (issue 21), from svc-tourism's public API.

- `GET /wisata`: search by words, kind and kabupaten (GET /v1/tourism/destinations), and "di dekat saya":
  a form of coordinates (the phone's location fills them when JavaScript is on) with a radius, nearest first.
- `GET /wisata/<id>`: a destination with its schema.org JSON-LD (the API's own document, in the page), the
  active Siaga alerts of its area first, photos, prices and hours when known, "koordinat perkiraan" when
  approximate, and its reviews (blueprints/tourism_reviews.py writes and reports them).
- `GET /wisata/panduan` and its downloads: the offline guide per kabupaten/kota (PDF and JSON);
  `GET /wisata/data/destinasi.geojson|csv`: the open data. Photos, guides and open data are passed through
  from the API on this origin, so the strict CSP (img-src 'self') holds and one address serves everything.

The QR codes and JSON-LD of svc-tourism link here (`$WEB_PUBLIC_URL/wisata/<id>`).
"""

from __future__ import annotations

import json
import re

from flask import Blueprint, Response, abort, g, redirect, render_template, request, url_for
from markupsafe import Markup

from servicekit import regions

from .. import signin
from ..gateway import GatewayError
from ..regions_picker import place_name, regency_choices
from .forms import form_errors
from .tourism_reviews import review_section

blueprint = Blueprint("tourism", __name__, url_prefix="/wisata")

# svc-tourism's kinds (tourism.proto, Destination.kind and Business.kind).
DESTINATION_KINDS = ("pantai", "bawah_laut", "danau", "air_terjun", "budaya_sejarah", "religi", "kuliner", "alam")
RADII_KM = (5, 10, 30, 50, 100)
DEFAULT_RADIUS_KM = 30
PAGE_SIZE = 20
PLACE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
REGENCY = re.compile(r"^75\.\d{2}$")
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")
# Photos and guides change rarely and hold nothing personal: a day in any cache.
PUBLIC_CACHE = "public, max-age=86400"

blueprint.add_app_template_filter(lambda code: place_name(code, with_parents=True), "wisata_region")


# --- reading the API ----------------------------------------------------------------------------


def public_get(path: str, params: dict | None = None) -> dict:
    return signin.gateway().request("GET", path, lang=g.lang, params=params)


def valid_id(value: str) -> str:
    if not PLACE_ID.fullmatch(value or ""):
        abort(404)
    return value


def failed_page(error: GatewayError):
    """A page the API could not answer: not found, or unavailable in the resident's words."""
    if error.status == 404:
        return render_template("error.html", message_key="error_not_found"), 404
    return render_template("error.html", message_key="error_unavailable"), 503


def json_ld(path: str) -> Markup | None:
    """The API's schema.org document, safe inside <script type="application/ld+json"> (not run, so the
    CSP does not apply; `<` escaped so no text in it can close the element); None when unavailable."""
    try:
        answer = signin.gateway().fetch(path, lang=g.lang)
        document = answer.json()
    except (GatewayError, ValueError):
        return None
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def pass_through(path: str, *, media_types: tuple[str, ...], params: dict | None = None, download: str = ""):
    """An API answer that is not JSON (a photo, a PDF, GeoJSON, CSV, iCalendar), served on this origin."""
    try:
        answer = signin.gateway().fetch(path, lang=g.lang, params=params)
    except GatewayError as error:
        if error.status == 404 or 400 <= error.status < 500:
            abort(404)
        return render_template("error.html", message_key="error_unavailable"), 503
    content_type = answer.headers.get("Content-Type", "").split(";")[0].strip()
    if content_type not in media_types:
        abort(404)
    headers = {"Cache-Control": PUBLIC_CACHE}
    if download:
        headers["Content-Disposition"] = f'attachment; filename="{download}"'
    return Response(answer.content, content_type=answer.headers["Content-Type"], headers=headers)


# --- what the search form asked -------------------------------------------------------------------


def chosen_regency(raw: str | None) -> str:
    code = regions.normalise(raw or "") or ""
    return code if REGENCY.fullmatch(code) and regions.in_gorontalo(code) else ""


def coordinate(raw: str | None) -> float | None:
    try:
        return float((raw or "").strip().replace(",", "."))
    except ValueError:
        return None


def search_params(args) -> tuple[dict, dict]:
    """(the form's values as shown, the API's query)."""
    values = {
        "q": (args.get("q") or "").strip()[:100],
        "jenis": args.get("jenis") if args.get("jenis") in DESTINATION_KINDS else "",
        "kabupaten": chosen_regency(args.get("kabupaten")),
        "lat": (args.get("lat") or "").strip(),
        "lon": (args.get("lon") or "").strip(),
        "radius": args.get("radius") if args.get("radius") in {str(r) for r in RADII_KM} else str(DEFAULT_RADIUS_KM),
    }
    query: dict = {"page_size": PAGE_SIZE}
    if values["q"]:
        query["q"] = values["q"]
    if values["jenis"]:
        query["kind"] = values["jenis"]
    if values["kabupaten"]:
        query["region"] = values["kabupaten"]
    latitude, longitude = coordinate(values["lat"]), coordinate(values["lon"])
    if latitude is not None and longitude is not None:
        query.update(latitude=latitude, longitude=longitude, radius_km=int(values["radius"]))
    token = (args.get("halaman") or "").strip()
    if token and len(token) <= 200:
        query["page_token"] = token
    return values, query


# --- pages --------------------------------------------------------------------------------------


@blueprint.get("/")
@blueprint.get("")
def index():
    values, query = search_params(request.args)
    general = ""
    try:
        answer = public_get("/v1/tourism/destinations", query)
    except GatewayError as error:
        # A refused query (a point outside the province) is told at the form in the platform's words.
        if error.unavailable or not 400 <= error.status < 500:
            return failed_page(error)
        answer, (_, general) = {}, form_errors(error, (), g.lang)
    next_args = {k: v for k, v in values.items() if v} | {"halaman": answer.get("next_page_token")}
    return render_template(
        "wisata.html",
        values=values,
        nearby="latitude" in query,
        destinations=answer.get("destinations") or [],
        next_url=url_for(".index", **next_args) if answer.get("next_page_token") else "",
        general=general,
        kinds=DESTINATION_KINDS,
        radii=RADII_KM,
        regencies=regency_choices(),
    )


@blueprint.get("/<place_id>")
def destination(place_id: str):
    place_id = valid_id(place_id)
    try:
        place = public_get(f"/v1/tourism/destinations/{place_id}")
    except GatewayError as error:
        return failed_page(error)
    if place.get("merged_into"):
        # The office merged this duplicate: its QR codes and links lead to the place that stays.
        return redirect(url_for(".destination", place_id=valid_id(place["merged_into"])), code=301)
    try:
        alerts = public_get(f"/v1/tourism/destinations/{place_id}/alerts")
    except GatewayError:
        alerts = {"alerts_unavailable": True}
    return render_template(
        "wisata_destinasi.html",
        place=place,
        alerts=alerts.get("alerts") or [],
        alerts_unavailable=bool(alerts.get("alerts_unavailable")),
        json_ld=json_ld(f"/v1/tourism/destinations/{place_id}.jsonld"),
        reviews=review_section(place_id, "destinasi"),
    )


@blueprint.get("/foto/<photo_id>")
def photo(photo_id: str):
    return pass_through(f"/v1/tourism/photos/{valid_id(photo_id)}", media_types=PHOTO_TYPES)


@blueprint.get("/panduan")
def guides():
    return render_template("wisata_panduan.html", regencies=regency_choices())


@blueprint.get("/panduan/<regency>.<ext>")
def guide(regency: str, ext: str):
    code = chosen_regency(regency)
    if not code or ext not in ("pdf", "json"):
        abort(404)
    media = ("application/pdf",) if ext == "pdf" else ("application/json",)
    return pass_through(
        f"/v1/tourism/guides/{code}.{ext}",
        media_types=media,
        params={"lang": g.lang},
        download=f"panduan-wisata-{code.replace('.', '')}-{g.lang}.{ext}",
    )


@blueprint.get("/data/destinasi.<ext>")
def open_data(ext: str):
    if ext not in ("geojson", "csv"):
        abort(404)
    media = ("application/geo+json",) if ext == "geojson" else ("text/csv",)
    return pass_through(f"/v1/tourism/destinations.{ext}", media_types=media, download=f"destinasi-wisata.{ext}")
