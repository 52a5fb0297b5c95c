"""/wisata/usaha/daftar, /saya, /<id>/ubah: a resident lists their own tourism business (issue 21).

Business owners are residents (permits are held by residents; a visitor account is refused, as on every
resident's page). The form: name, kind, the kabupaten > kecamatan > desa picker (without JavaScript a
button brings the next list), address, contacts, a description, coordinates if known, and the permit
number (optional). svc-tourism asks svc-permits: a valid permit held by this account makes the business
"berizin" at once; another account's permit waits for an officer (the business page says which).

- `GET|POST /wisata/usaha/daftar`: POST /v1/tourism/businesses with the form's Idempotency-Key (a resent
  form lists once), then the business's own page.
- `GET /wisata/usaha/saya`: the account's businesses (GET /v1/tourism/businesses:mine) with their status.
- `GET|POST /wisata/usaha/<id>/ubah`: the owner's edit (POST /v1/tourism/businesses/{id}:update); only a
  business of the account's own list opens here.
"""

from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from .. import signin
from ..gateway import GatewayError
from ..regions_picker import Choice
from ..texts import text
from .forms import answer_status, form_errors, idempotency_key
from .tourism import valid_id
from .tourism_places import BUSINESS_KINDS, my_businesses

blueprint = Blueprint("tourism_business", __name__, url_prefix="/wisata/usaha")

TEXT_FIELDS = (
    "name",
    "kind",
    "address",
    "phone",
    "email",
    "website",
    "description_id",
    "description_en",
    "latitude",
    "longitude",
    "permit_number",
)
# The API's field names where the form's differ; the region's problems are shown at the regency select.
FORM_FIELD = {
    "contacts.phone": "phone",
    "contacts.email": "email",
    "contacts.website": "website",
    "description.id": "description_id",
    "description.en": "description_en",
    "region_code": "kabupaten",
}
SHOWN_AT = (*TEXT_FIELDS, "kabupaten")


def _coordinate(raw: str) -> float | None:
    try:
        return float(raw.replace(",", "."))
    except ValueError:
        return None


class BusinessForm:
    """The form's values as typed, and the body the API takes."""

    def __init__(self, values: dict, choice: Choice):
        self.values, self.choice = values, choice

    @classmethod
    def posted(cls, form) -> BusinessForm:
        values = {name: (form.get(name) or "").strip() for name in TEXT_FIELDS}
        return cls(values, Choice.of(form.get("kabupaten", ""), form.get("kecamatan", ""), form.get("desa", "")))

    @classmethod
    def of(cls, business: dict) -> BusinessForm:
        contacts, description = business.get("contacts") or {}, business.get("description") or {}
        values = {
            "name": business.get("name", ""),
            "kind": business.get("kind", ""),
            "address": business.get("address", ""),
            "phone": contacts.get("phone", ""),
            "email": contacts.get("email", ""),
            "website": contacts.get("website", ""),
            "description_id": description.get("id", ""),
            "description_en": description.get("en", ""),
            "latitude": str(business["latitude"]) if business.get("latitude") else "",
            "longitude": str(business["longitude"]) if business.get("longitude") else "",
            "permit_number": business.get("permit_number", ""),
        }
        return cls(values, Choice.from_code(business.get("region_code", "")))

    def body(self) -> tuple[dict, dict[str, str]]:
        """(the API's body, the form's own problems by field: coordinates that are not numbers)."""
        v = self.values
        body = {
            "name": v["name"],
            "kind": v["kind"],
            "region_code": self.choice.code,
            "address": v["address"],
            "contacts": {"phone": v["phone"], "email": v["email"], "website": v["website"]},
            "description": {"id": v["description_id"], "en": v["description_en"]},
            "permit_number": v["permit_number"],
        }
        problems = {}
        if v["latitude"] or v["longitude"]:
            latitude, longitude = _coordinate(v["latitude"]), _coordinate(v["longitude"])
            for name, value in (("latitude", latitude), ("longitude", longitude)):
                if value is None:
                    problems[name] = "tourism_business_coordinate_invalid"
            if not problems:
                body["latitude"], body["longitude"] = latitude, longitude
        return body, problems


def _form_page(form: BusinessForm, *, business=None, errors=None, general="", key="", status=200):
    return render_template(
        "wisata_usaha_form.html",
        form=form,
        values=form.values,
        choice=form.choice,
        options=form.choice.options(),
        business=business,
        kinds=BUSINESS_KINDS,
        errors=errors or {},
        general=general,
        idempotency_key=key or idempotency_key(),
    ), status


def _refusal(error: GatewayError) -> tuple[dict[str, str], str]:
    if error.unauthenticated:
        raise signin.NotSignedIn from None
    error.field_errors = {FORM_FIELD.get(name, name): message for name, message in error.field_errors.items()}
    return form_errors(error, SHOWN_AT, g.lang)


def _local_errors(problems: dict[str, str]) -> dict[str, str]:
    return {name: text(key, g.lang) for name, key in problems.items()}


@blueprint.route("/daftar", methods=["GET", "POST"])
@signin.login_required
def create():
    if request.method == "GET":
        return _form_page(BusinessForm.posted(request.args))
    form = BusinessForm.posted(request.form)
    key = idempotency_key()
    if request.form.get("action") == "region":
        # Without JavaScript the picker is a form of its own steps: the page comes back with the next list.
        return _form_page(form, key=key)
    body, problems = form.body()
    if problems:
        return _form_page(form, errors=_local_errors(problems), key=key, status=400)
    try:
        listed = signin.api("POST", "/v1/tourism/businesses", json=body, idempotency_key=key)
    except GatewayError as error:
        errors, general = _refusal(error)
        return _form_page(form, errors=errors, general=general, key=key, status=answer_status(error))
    return redirect(url_for("tourism_places.business", business_id=valid_id(listed.get("id", "")), baru=1), code=303)


@blueprint.get("/saya")
@signin.login_required
def mine():
    try:
        found, unavailable = my_businesses(), False
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        found, unavailable = [], True
    return render_template("wisata_usaha_saya.html", businesses=found, unavailable=unavailable)


@blueprint.route("/<business_id>/ubah", methods=["GET", "POST"])
@signin.login_required
def edit(business_id: str):
    business_id = valid_id(business_id)
    try:
        business = next((b for b in my_businesses() if b.get("id") == business_id), None)
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        return render_template("error.html", message_key="error_unavailable"), 503
    if business is None:
        abort(404)  # not this account's: the public page is the one to see
    if request.method == "GET":
        return _form_page(BusinessForm.of(business), business=business)
    form = BusinessForm.posted(request.form)
    if request.form.get("action") == "region":
        return _form_page(form, business=business)
    body, problems = form.body()
    if problems:
        return _form_page(form, business=business, errors=_local_errors(problems), status=400)
    try:
        signin.api("POST", f"/v1/tourism/businesses/{business_id}:update", json=body)
    except GatewayError as error:
        errors, general = _refusal(error)
        return _form_page(form, business=business, errors=errors, general=general, status=answer_status(error))
    return redirect(url_for("tourism_places.business", business_id=business_id, disimpan=1), code=303)
