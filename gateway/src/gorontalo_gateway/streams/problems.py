"""RFC 9457 problem+json bodies in the gateway's shape, without Flask.

gorontalo_gateway.problems needs Flask's request context; this process has none,
so the same shape is built here from plain arguments, with the same catalog (messages.py).
"""

from __future__ import annotations

import json

from ..messages import translate  # the Flask gateway's titles and texts too, so clients see one platform

RETRY_AFTER_SECONDS = "5"


def body(
    status: int,
    reason: str,
    *,
    path: str,
    request_id: str,
    language: str,
    detail: str | None = None,
    errors: list[dict] | None = None,
) -> bytes:
    document = {
        "type": f"urn:gorontalo:problem:{reason.lower().replace('_', '-')}",
        "title": translate(f"title_{status}", language),
        "status": status,
        "detail": detail if detail is not None else translate(reason.lower(), language),
        "instance": path,
        "request_id": request_id,
    }
    if errors:
        document["errors"] = errors
    return json.dumps(document, ensure_ascii=False).encode()


def violation(field: str, reason: str, language: str, **params) -> dict:
    return {"field": field, "reason": reason.upper(), "detail": translate(reason, language, **params)}
