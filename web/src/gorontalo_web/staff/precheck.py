"""The pre-check report of an application (issue 22) as the officer's page shows it.

GET /v1/permits/applications/{id}/precheck with the officer's token: what the worker read off each
document (the extracted fields: personal data, shown only on this page of the application's officers,
never put in an address or a log line), its confidence, and the flags with the text behind them. The
report proposes; the officer decides. A report the API does not give (another office, an older platform)
leaves the section saying so, and the rest of the page works.
"""

from __future__ import annotations

from .. import signin
from ..gateway import GatewayError
from ..signin import api

# The fields as the API names them, in the order a card prints them.
FIELD_ORDER = ("nik", "name", "birth_date", "npwp", "nib")


def _percent(value) -> int:
    try:
        return round(float(value or 0) * 100)
    except (TypeError, ValueError):
        return 0


def _ordered(fields: dict) -> list[tuple[str, str]]:
    fields = dict(fields or {})
    known = [(key, str(fields.pop(key))) for key in FIELD_ORDER if key in fields]
    return known + sorted((str(k), str(v)) for k, v in fields.items())


def shape(report: dict) -> dict:
    """The API's report arranged for the page: each document with its flags, then the application's own."""
    flags = [
        {**flag, "percent": _percent(flag.get("confidence")), "read_items": _ordered(flag.get("read"))}
        for flag in report.get("flags") or []
    ]
    documents = []
    for document in report.get("documents") or []:
        documents.append(
            {
                **document,
                "read": bool(document.get("read_as")),
                "percent": _percent(document.get("confidence")),
                "field_items": _ordered(document.get("fields")),
                "flags": [f for f in flags if f.get("document_id") == document.get("document_id")],
            }
        )
    known = {d.get("document_id") for d in documents}
    return {
        "status": report.get("status") or "pending",
        "documents": documents,
        # Flags about the application as a whole (a missing document, a risk hint) or a document not listed.
        "general_flags": [f for f in flags if not f.get("document_id") or f.get("document_id") not in known],
        "open_flags": sum(1 for f in flags if not f.get("dismissed")),
        "declared_name": report.get("declared_name") or "",
        "declared_nik": report.get("declared_nik") or "",
        "register_check": report.get("register_check") or "not_asked",
        "completed_at": report.get("completed_at") or "",
    }


def report_for(application_id: str) -> dict:
    """{"state": shown|forbidden|unavailable, "report": the shaped report when shown}."""
    try:
        found = api("GET", f"/v1/permits/applications/{application_id}/precheck")
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        if error.status in (403, 404):
            return {"state": "forbidden", "report": None}
        return {"state": "unavailable", "report": None}
    return {"state": "shown", "report": shape(found)}
