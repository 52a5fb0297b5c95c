"""Open311 GeoReport v2 documents as JSON or XML, and its error format, from plain dicts."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from servicekit.errors import InvalidArgument, NotFound, PermissionDenied, ServiceError

from ..messages import translate

JSON = "application/json; charset=utf-8"
XML = "text/xml; charset=utf-8"
FORMATS = ("json", "xml")
_STATUS = {InvalidArgument: 400, PermissionDenied: 403, NotFound: 404}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _element(parent: ET.Element, name: str, value) -> None:
    child = ET.SubElement(parent, name)
    if isinstance(value, dict):
        for key, inner in value.items():
            _element(child, key, inner)
    elif isinstance(value, list):
        singular = {"attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format"}.get(
            name, "item"
        )
        for item in value:
            _element(child, singular, item)
    else:
        child.text = _text(value)


def render(fmt: str, root: str, item: str | None, payload) -> tuple[str, bytes]:
    """(content type, bytes). A list renders as <root><item>..</item>..</root>, a dict as <root>..</root>."""
    if fmt == "json":
        return JSON, json.dumps(payload, ensure_ascii=False).encode()
    element = ET.Element(root)
    if isinstance(payload, list):
        for entry in payload:
            _element(element, item, entry)
    else:
        for key, value in payload.items():
            _element(element, key, value)
    return XML, ET.tostring(element, encoding="utf-8", xml_declaration=True)


def error_body(fmt: str, error: ServiceError) -> tuple[int, tuple[str, bytes]]:
    status = next((code for kind, code in _STATUS.items() if isinstance(error, kind)), 400)
    if error.violations:
        errors = [
            {"code": status, "description": f"{v.field}: {translate(v.reason, **v.params)}"} for v in error.violations
        ]
    else:
        errors = [{"code": status, "description": translate(error.reason, **error.params)}]
    return status, render("json" if fmt not in FORMATS else fmt, "errors", "error", errors)


def as_open311_error(fmt: str, error: ServiceError) -> ServiceError:
    """The same error carrying the standard's body, so the gateway serves it as the standard says."""
    status, body = error_body(fmt, error)
    kind = {403: PermissionDenied, 404: NotFound}.get(status, InvalidArgument)
    if status == 400 and not isinstance(error, InvalidArgument):
        return error  # not one the standard names (429, 409...): the platform's own problem+json
    return kind(error.reason, error.violations, http_body=body, **error.params)
