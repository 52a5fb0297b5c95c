"""The documents of a permit application: each chosen file uploaded once per filled-in form, and the ones
already uploaded kept in the server-side session so a form sent back with an error does not ask again."""

from __future__ import annotations

import hashlib

from flask import g, request, session

from .. import signin
from ..gateway import GatewayError
from ..texts import text
from ..uploads import MAX_UPLOAD_BYTES, safe_base_name, upload_region
from .forms import form_errors

MEDIA_TYPES = ("application/pdf", "image/jpeg", "image/png")
REMEMBERED_FORMS = 5
SESSION_UPLOADS = "izin_uploads"


def declared_type(storage) -> str:
    """The browser's declared type when it is one the platform takes; else let the platform read the content."""
    declared = (storage.mimetype or "").lower()
    return declared if declared in MEDIA_TYPES else "application/octet-stream"


def _upload(data: bytes, declared: str, params: dict, key: str) -> dict:
    return signin.call(
        lambda token: signin.gateway().upload(
            "/v1/permits/documents", data, declared, lang=g.lang, token=token, params=params, idempotency_key=key
        )
    )


def _first_message(error: GatewayError) -> str:
    if error.field_errors:
        return " ".join(dict.fromkeys(error.field_errors.values()))
    _, general = form_errors(error, (), g.lang)
    return general


def upload_documents(
    form_key: str, names: list[str], remembered: dict, region_code: str = ""
) -> tuple[dict, dict, str]:
    """Upload every file chosen in the form (input document_<i> for required document names[i]) for the
    application's region: the instance owning that region keeps the files, so the application submitted
    there finds them (a Kota application's documents land on the Kota instance).

    Returns (uploaded by index, messages by input name, a general message). Files uploaded for this
    form before (kept in `remembered`) count unless a new file replaces them, or the region changed since
    (those sit at another instance: they are asked for again)."""
    region = upload_region(region_code)
    uploaded = {index: kept for index, kept in remembered.items() if kept.get("region_code", "") == region}
    errors: dict[str, str] = {}
    general = ""
    for index, name in enumerate(names):
        field = f"document_{index}"
        storage = request.files.get(field)
        if storage is None or not storage.filename:
            continue
        data = storage.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            errors[field] = text("permits_document_too_large", g.lang)
            continue
        if not data:
            errors[field] = text("permits_document_empty", g.lang)
            continue
        file_name = safe_base_name(storage.filename)
        params = {"document_type": name}
        if file_name:
            params["file_name"] = file_name
        if region:
            params["region_code"] = region
        # The same file for the same document of the same form and region: the same key, the same document.
        key = f"{form_key}-{region or '75'}-{index}-{hashlib.sha256(data).hexdigest()[:16]}"
        try:
            document = _upload(data, declared_type(storage), params, key)
        except GatewayError as error:
            if error.unauthenticated:
                raise signin.NotSignedIn from None
            if error.unavailable or error.status >= 500 or error.status == 429:
                _, general = form_errors(error, (), g.lang)
                break
            errors[field] = _first_message(error)
            uploaded.pop(str(index), None)
            continue
        uploaded[str(index)] = {
            "id": document.get("id", ""),
            "file_name": document.get("file_name") or file_name,
            "document_type": document.get("document_type") or name,
            "region_code": region,
        }
    for index in range(len(names)):
        field = f"document_{index}"
        if str(index) not in uploaded and field not in errors and not general:
            errors[field] = text("permits_document_required", g.lang)
    return uploaded, errors, general


def remembered(form_key: str) -> dict:
    """The documents already uploaded for this filled-in form (by input index)."""
    return dict((session.get(SESSION_UPLOADS) or {}).get(form_key) or {})


def remember_uploads(form_key: str, uploaded: dict | None) -> None:
    kept = dict(session.get(SESSION_UPLOADS) or {})
    kept.pop(form_key, None)
    if uploaded:
        kept[form_key] = uploaded
        while len(kept) > REMEMBERED_FORMS:
            kept.pop(next(iter(kept)))
    session[SESSION_UPLOADS] = kept
