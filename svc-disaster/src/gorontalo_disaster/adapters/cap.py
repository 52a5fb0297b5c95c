"""OASIS CAP 1.2 documents with lxml: render BPBD's alerts, read other agencies' (BMKG)."""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
import threading

from lxml import etree

from servicekit import regions

from ..domain import alert as rules
from ..domain.alert import Alert, Area

NS = "urn:oasis:names:tc:emergency:cap:1.2"
CONTENT_TYPE = "application/cap+xml"
LANGUAGES = (("id", "id-ID"), ("en", "en-US"))
# Other agencies' XML is untrusted: no entities, no DTD, no network, bounded size.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_blank_text=True
)
# The OASIS schema travels inside the package: a production install has no ../shared.
SCHEMA_RESOURCE = ("schemas", "CAP-v1.2.xsd")
MAX_SCHEMA_ERRORS = 10
# CAP elements that may repeat: their index goes into the field path (document.info[0].urgency).
_REPEATED = {
    "code",
    "info",
    "category",
    "responseType",
    "eventCode",
    "parameter",
    "resource",
    "area",
    "polygon",
    "circle",
    "geocode",
}
# One validation at a time: an XMLSchema keeps its error log on the object, shared by every caller.
_schema_lock = threading.Lock()


class CapError(ValueError):
    def __init__(self, reason: str, **params):
        super().__init__(reason)
        self.reason = reason
        self.params = params


def _sub(parent, tag: str, text: str | None = None):
    element = etree.SubElement(parent, f"{{{NS}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _number(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _area(info, area: Area) -> None:
    element = _sub(info, "area")
    _sub(element, "areaDesc", area.description)
    for polygon in area.polygons:
        _sub(element, "polygon", " ".join(f"{_number(lat)},{_number(lon)}" for lat, lon in polygon))
    for lat, lon, radius in area.circles:
        _sub(element, "circle", f"{_number(lat)},{_number(lon)} {_number(radius)}")
    for code in area.region_codes:
        geocode = _sub(element, "geocode")
        _sub(geocode, "valueName", "KEMENDAGRI")
        _sub(geocode, "value", code)


def render(alert: Alert, base_url: str) -> bytes:
    """The alert with one info block per language (id-ID, then en-US); `<web>` is absolute from base_url."""
    root = etree.Element(f"{{{NS}}}alert", nsmap={None: NS})
    _sub(root, "identifier", alert.identifier)
    _sub(root, "sender", alert.sender)
    _sub(root, "sent", alert.sent_text)
    _sub(root, "status", alert.status)
    _sub(root, "msgType", alert.msg_type)
    _sub(root, "scope", "Public")
    if alert.references:
        _sub(root, "references", " ".join(alert.references))
    if alert.incident_id:
        _sub(root, "incidents", alert.incident_id)
    for key, language in LANGUAGES:
        if not alert.headline.get(key):
            continue
        info = _sub(root, "info")
        _sub(info, "language", language)
        _sub(info, "category", rules.CATEGORY[alert.hazard])
        _sub(info, "event", alert.event[key])
        _sub(info, "responseType", alert.response_type)
        _sub(info, "urgency", alert.urgency)
        _sub(info, "severity", alert.severity)
        _sub(info, "certainty", alert.certainty)
        code = _sub(info, "eventCode")
        _sub(code, "valueName", "SIAGA_HAZARD")
        _sub(code, "value", alert.hazard)
        if alert.effective:
            _sub(info, "effective", rules.cap_time(alert.effective))
        if alert.expires:
            _sub(info, "expires", rules.cap_time(alert.expires))
        _sub(info, "senderName", rules.SENDER_NAME[key])
        _sub(info, "headline", alert.headline[key])
        _sub(info, "description", alert.description[key])
        if alert.instruction.get(key):
            _sub(info, "instruction", alert.instruction[key])
        _sub(info, "web", base_url.rstrip("/") + alert.cap_url)
        for area in alert.areas:
            _area(info, area)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# -- reading ------------------------------------------------------------------------------


def _text(element, tag: str) -> str:
    found = element.find(f"{{{NS}}}{tag}")
    return (found.text or "").strip() if found is not None else ""


def _time(element, tag: str, required: bool = False) -> tuple[dt.datetime | None, str]:
    raw = _text(element, tag)
    if not raw:
        if required:
            raise CapError("cap_field_missing", field=tag)
        return None, ""
    if raw.endswith("Z") or "T" not in raw:
        raise CapError("cap_time_invalid", field=tag)
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise CapError("cap_time_invalid", field=tag) from None
    if value.tzinfo is None:
        raise CapError("cap_time_invalid", field=tag)
    return value, raw


def _points(raw: str) -> list[tuple[float, float]]:
    points = []
    for pair in raw.split():
        lat, _, lon = pair.partition(",")
        points.append((float(lat), float(lon)))
    return points


def _read_area(element) -> Area:
    area = Area(description=_text(element, "areaDesc"))
    try:
        for polygon in element.findall(f"{{{NS}}}polygon"):
            area.polygons.append(_points(polygon.text or ""))
        for circle in element.findall(f"{{{NS}}}circle"):
            centre, _, radius = (circle.text or "").strip().partition(" ")
            [(lat, lon)] = _points(centre)
            area.circles.append((lat, lon, float(radius)))
    except ValueError:
        raise CapError("cap_area_invalid") from None
    for geocode in element.findall(f"{{{NS}}}geocode"):
        code = regions.normalise(_text(geocode, "value"))
        if code and (regions.in_gorontalo(code) or regions.lookup(code)):
            area.region_codes.append(code)
    return area


@functools.cache
def _schema() -> etree.XMLSchema:
    xsd = importlib.resources.files("gorontalo_disaster").joinpath(*SCHEMA_RESOURCE).read_bytes()
    return etree.XMLSchema(etree.fromstring(xsd, _PARSER))


def _field_path(element) -> str:
    """document.info[0].urgency: where in the document a schema error is, in the platform's field style."""
    parts = []
    while element is not None and element.getparent() is not None:
        name = etree.QName(element).localname
        if name in _REPEATED:
            same = [e for e in element.getparent() if isinstance(e.tag, str) and e.tag == element.tag]
            name += f"[{same.index(element)}]"
        parts.append(name)
        element = element.getparent()
    return ".".join(["document", *reversed(parts)])


def _schema_errors(root) -> list[CapError]:
    schema = _schema()
    with _schema_lock:
        if schema.validate(root):
            return []
        log = list(schema.error_log)[:MAX_SCHEMA_ERRORS]
    tree = root.getroottree()
    errors = []
    for entry in log:
        found = tree.xpath(entry.path) if entry.path else []
        element = found[0] if found and isinstance(found, list) else None
        # libxml2's words after the element name say what is wrong (value not in the set, missing child...).
        problem = entry.message.split("': ", 1)[-1] if "': " in entry.message else entry.message
        problem = problem.replace(f"{{{NS}}}", "")
        errors.append(
            CapError(
                "cap_schema_invalid",
                field=_field_path(element) if element is not None else "document",
                element=etree.QName(element).localname if element is not None else "alert",
                line=entry.line,
                problem=problem[:300],
            )
        )
    return errors


def schema_problems(document: bytes) -> list[CapError]:
    """Every way a document (one of ours, trusted) breaks the OASIS CAP 1.2 schema; [] when valid."""
    return _schema_errors(etree.fromstring(document, _PARSER))


class CapInvalid(ValueError):
    """Every way the document breaks the CAP 1.2 schema (each a CapError with its field)."""

    def __init__(self, errors: list[CapError]):
        super().__init__("cap_schema_invalid")
        self.errors = errors


def as_utf8_text(document: bytes) -> str:
    """The document as sent when it is UTF-8 (kept byte for byte: it is another agency's
    record); otherwise the parsed tree written out again in UTF-8."""
    root = etree.fromstring(document, _PARSER)
    if (root.getroottree().docinfo.encoding or "UTF-8").upper() in ("UTF-8", "UTF8"):
        return document.decode("utf-8")
    return "<?xml version='1.0' encoding='UTF-8'?>\n" + etree.tostring(root, encoding="unicode")


def parse(document: bytes) -> dict:
    """The fields of a CAP 1.2 alert; raises CapError (or CapInvalid, against the XSD) for anything that is not one."""
    try:
        root = etree.fromstring(document, _PARSER)
    except etree.XMLSyntaxError:
        raise CapError("cap_not_xml") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        # Entities are never expanded here, but the document is republished byte for byte: a DOCTYPE
        # would reach every CAP consumer downstream, whose parser may expand or fetch it.
        raise CapError("cap_dtd_forbidden")
    if root.tag != f"{{{NS}}}alert":
        raise CapError("cap_not_cap12")
    errors = _schema_errors(root)
    if errors:
        raise CapInvalid(errors)
    fields = {name: _text(root, name) for name in ("identifier", "sender", "status", "msgType", "scope", "references")}
    for name in ("identifier", "sender", "status", "msgType", "scope"):
        if not fields[name]:
            raise CapError("cap_field_missing", field=name)
    if rules.identifier_problem(fields["identifier"]) or rules.identifier_problem(fields["sender"]):
        raise CapError("cap_identifier_invalid")
    fields["sent"], fields["sent_text"] = _time(root, "sent", required=True)
    infos = root.findall(f"{{{NS}}}info")
    if not infos:
        raise CapError("cap_field_missing", field="info")
    fields["infos"] = []
    for info in infos:
        effective, _ = _time(info, "effective")
        expires, _ = _time(info, "expires")
        fields["infos"].append(
            {
                "language": _text(info, "language") or "en-US",
                "category": _text(info, "category"),
                "event": _text(info, "event"),
                "urgency": _text(info, "urgency"),
                "severity": _text(info, "severity"),
                "certainty": _text(info, "certainty"),
                "response_type": _text(info, "responseType") or "None",
                "headline": _text(info, "headline"),
                "description": _text(info, "description"),
                "instruction": _text(info, "instruction"),
                "effective": effective,
                "expires": expires,
                "areas": [_read_area(a) for a in info.findall(f"{{{NS}}}area")],
            }
        )
    return fields
