"""Turning a gateway error into what a form shows: messages next to fields, or one for the form."""

from __future__ import annotations

import uuid

from flask import request

from ..gateway import GatewayError
from ..texts import text


def form_errors(error: GatewayError, fields: tuple[str, ...], lang: str) -> tuple[dict[str, str], str]:
    """(messages by field of this form, the general message or ""). An error naming a field the form
    does not have is shown for the whole form, so nothing the platform says is lost."""
    by_field = {field: message for field, message in error.field_errors.items() if field in fields}
    others = [message for field, message in error.field_errors.items() if field not in fields]
    if error.unavailable or error.status >= 500:
        general = text("error_unavailable", lang)
    elif error.status == 429:
        general = error.detail or text("error_too_many", lang)
    elif others:
        general = " ".join(others)
    elif by_field:
        general = ""
    else:
        general = error.detail or error.title or text("error_generic", lang)
    return by_field, general


def answer_status(error: GatewayError) -> int:
    """The page's own status for a refused form: the gateway's 4xx, 503 when it could not answer."""
    if error.unavailable or error.status >= 500:
        return 503
    # 401 for a wrong password would need a WWW-Authenticate challenge; the form itself is the challenge.
    return error.status if 400 <= error.status < 500 and error.status != 401 else 400


def idempotency_key() -> str:
    """The Idempotency-Key a form carries in its hidden `idempotency_key` input (one per filled-in form, so a
    resent form creates nothing twice), or the header an offline draft's resend carries, or a fresh one for
    a form shown for the first time."""
    key = (request.form.get("idempotency_key") or request.headers.get("Idempotency-Key") or "").strip()
    if key and len(key) <= 255 and key.isascii() and key.isprintable() and " " not in key:
        return key
    return str(uuid.uuid4())
