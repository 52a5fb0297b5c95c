"""RFC 9457 problem+json bodies in the gateway's shape, without Flask.

gorontalo_gateway.problems needs Flask's request context; this process has none,
so the same shape is built here from plain arguments, with the same texts (messages.py).
"""
from __future__ import annotations

import json

from servicekit import i18n

from .. import messages  # noqa: F401 - the Flask gateway's titles and texts, so clients see one platform

i18n.register({
    "stream_region_not_gorontalo": {
        "id": "Gunakan kode wilayah Kemendagri di Provinsi Gorontalo, mis. 75 atau 75.03.",
        "en": "Use a Kemendagri region code in Gorontalo province, e.g. 75 or 75.03."},
    "stream_last_event_id_invalid": {
        "id": "Last-Event-ID harus berupa nomor urut peristiwa dari aliran ini.",
        "en": "Last-Event-ID must be an event sequence number from this stream."},
    "streams_not_ready": {"id": "Aliran peringatan belum siap; coba lagi sebentar lagi.",
                          "en": "The alert stream is not ready yet; please try again shortly."},
    "streams_full": {"id": "Terlalu banyak klien aliran saat ini; coba lagi sebentar lagi.",
                     "en": "Too many stream clients right now; please try again shortly."},
})

RETRY_AFTER_SECONDS = "5"


def body(status: int, reason: str, *, path: str, request_id: str, language: str, detail: str | None = None,
         errors: list[dict] | None = None) -> bytes:
    document = {
        "type": f"urn:gorontalo:problem:{reason.lower().replace('_', '-')}",
        "title": i18n.translate(f"title_{status}", language),
        "status": status,
        "detail": detail if detail is not None else i18n.translate(reason.lower(), language),
        "instance": path,
        "request_id": request_id,
    }
    if errors:
        document["errors"] = errors
    return json.dumps(document, ensure_ascii=False).encode()


def violation(field: str, reason: str, language: str, **params) -> dict:
    return {"field": field, "reason": reason.upper(), "detail": i18n.translate(reason, language, **params)}
