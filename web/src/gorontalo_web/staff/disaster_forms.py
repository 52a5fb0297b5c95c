"""The BPBD pages' forms without Flask: the alert composer's fields to the API's IssueAlertRequest and back,
times typed in WITA, polygons typed as coordinates, and the API's field names (problem+json errors and the
preview's problems, including the CAP schema's document.info[0].urgency) to the form's inputs."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

from servicekit import regions

from ..formatting import WITA

HAZARDS = (
    "banjir",
    "banjir_bandang",
    "tanah_longsor",
    "gempa_bumi",
    "tsunami",
    "kebakaran_hutan_lahan",
    "kebakaran_permukiman",
    "angin_puting_beliung",
    "gelombang_pasang_abrasi",
    "kekeringan",
    "erupsi",
)
INCIDENT_STATUSES = ("reported", "verified", "responding", "recovering", "closed", "dismissed")
# What an officer may move an incident to (UpdateIncident); dismissing is its own form.
UPDATE_STATUSES = ("verified", "responding", "recovering", "closed")
INCIDENT_SEVERITIES = ("minor", "moderate", "severe", "extreme")
ALERT_STATUSES = ("Actual", "Exercise", "Test")
URGENCIES = ("Immediate", "Expected", "Future", "Past", "Unknown")
CAP_SEVERITIES = ("Extreme", "Severe", "Moderate", "Minor", "Unknown")
CERTAINTIES = ("Observed", "Likely", "Possible", "Unlikely", "Unknown")
RESPONSE_TYPES = ("Shelter", "Evacuate", "Prepare", "Execute", "Avoid", "Monitor", "Assess", "AllClear", "None")

TEXT_FIELDS = tuple(f"{name}_{lang}" for name in ("headline", "description", "instruction") for lang in ("id", "en"))
ALERT_FIELDS = (
    "hazard",
    "status",
    "urgency",
    "severity",
    "certainty",
    "response_type",
    *TEXT_FIELDS,
    "area_description",
    "region_codes",
    "polygon",
    "effective",
    "expires",
)
# Each composer input's label (text key), to name it in the preview's list of problems.
LABELS = {
    "hazard": "staff_disaster_field_hazard",
    "status": "staff_disaster_field_alert_status",
    "urgency": "staff_disaster_field_urgency",
    "severity": "staff_disaster_field_cap_severity",
    "certainty": "staff_disaster_field_certainty",
    "response_type": "staff_disaster_field_response_type",
    **{name: f"staff_disaster_field_{name}" for name in TEXT_FIELDS},
    "area_description": "staff_disaster_field_area_description",
    "region_codes": "staff_disaster_field_region_codes",
    "polygon": "staff_disaster_field_polygon",
    "effective": "staff_disaster_field_effective",
    "expires": "staff_disaster_field_expires",
}
# A CAP element (the schema's error path) -> the composer's input. headline/description/instruction
# take the language of their info block (0: id-ID, 1: en-US, as the service renders them).
_CAP_ELEMENTS = {
    "urgency": "urgency",
    "severity": "severity",
    "certainty": "certainty",
    "responseType": "response_type",
    "category": "hazard",
    "event": "hazard",
    "eventCode": "hazard",
    "effective": "effective",
    "expires": "expires",
    "status": "status",
    "areaDesc": "area_description",
    "polygon": "polygon",
    "geocode": "region_codes",
    "circle": "region_codes",
}


def jurisdiction(who: dict) -> list[str]:
    """The officer's region codes; none means the whole province."""
    return [c for c in (who.get("jurisdiction") or []) if c] or [regions.GORONTALO]


def covers(codes: list[str], code: str) -> bool:
    """A region code inside (or equal to) one of the officer's codes."""
    return any(code == c or code.startswith(c + ".") for c in codes)


def touches(codes: list[str], area_codes: list[str]) -> bool:
    """The stream's rule: an area code is, contains, or lies inside one of the officer's codes."""
    return any(a == c or a.startswith(c + ".") or c.startswith(a + ".") for a in area_codes for c in codes)


def is_bpbd(who: dict) -> bool:
    return who.get("role") == "officer" and "bpbd" in (who.get("agency") or "").lower()


# -- times ---------------------------------------------------------------------------------------


def wita_input(value: str | None) -> str:
    """An RFC 3339 instant from the API as a datetime-local value in WITA ("2026-12-06T14:30")."""
    if not value:
        return ""
    try:
        instant = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return ""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=dt.UTC)
    return instant.astimezone(WITA).strftime("%Y-%m-%dT%H:%M")


def from_wita(raw: str) -> str | None:
    """A typed WITA time ("2026-12-06T14:30", "2026-12-06 14:30", "2026-12-06 14.30") as RFC 3339 UTC;
    "" for empty, None when it is not a time."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[T ](\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?", raw)
    if not match:
        return None
    try:
        local = dt.datetime.fromisoformat(f"{match[1]}T{int(match[2]):02d}:{match[3]}:{match[4] or '00'}")
    except ValueError:
        return None
    return local.replace(tzinfo=WITA).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- areas ---------------------------------------------------------------------------------------


def region_codes(raw: str) -> list[str]:
    """Codes typed with commas, spaces or new lines; written as Kemendagri codes when recognisable."""
    codes = []
    for part in re.split(r"[\s,;]+", raw or ""):
        if part:
            code = regions.normalise(part) or part
            if code not in codes:
                codes.append(code)
    return codes


def polygon_points(raw: str) -> list[tuple[float, float]] | None:
    """Points typed one a line as "lat,lon" (or "lat lon"); [] for none, None when unreadable."""
    points = []
    for line in (raw or "").replace(";", "\n").splitlines():
        line = line.strip()
        if not line:
            continue
        parts = [p for p in re.split(r"[\s,]+", line) if p]
        if len(parts) != 2:
            return None
        try:
            points.append((float(parts[0]), float(parts[1])))
        except ValueError:
            return None
    return points


def polygon_text(points: list[dict]) -> str:
    return "\n".join(f"{p.get('latitude', 0)},{p.get('longitude', 0)}" for p in points)


def area_name(codes: list[str]) -> str:
    names = [found.name for found in (regions.lookup(c) for c in codes) if found]
    return ", ".join(names)


# -- the composer ----------------------------------------------------------------------------------


def alert_body(values: dict[str, str], incident_id: str = "") -> tuple[dict, dict[str, str]]:
    """(IssueAlertRequest as JSON, problems the page finds before asking: field -> text key)."""
    problems: dict[str, str] = {}
    body: dict = {
        "hazard": values.get("hazard", ""),
        "status": values.get("status", "") or "Actual",
        "urgency": values.get("urgency", ""),
        "severity": values.get("severity", ""),
        "certainty": values.get("certainty", ""),
        "response_type": values.get("response_type", ""),
    }
    for name in ("headline", "description", "instruction"):
        body[name] = {lang: values.get(f"{name}_{lang}", "").strip() for lang in ("id", "en")}
    if incident_id:
        body["incident_id"] = incident_id
    codes = region_codes(values.get("region_codes", ""))
    points = polygon_points(values.get("polygon", ""))
    if points is None:
        problems["polygon"] = "staff_disaster_polygon_invalid"
        points = []
    description = values.get("area_description", "").strip()
    if codes or points or description:
        area: dict = {"description": description or area_name(codes), "region_codes": codes}
        if points:
            area["polygons"] = [{"points": [{"latitude": lat, "longitude": lon} for lat, lon in points]}]
        body["areas"] = [area]
    for name in ("effective", "expires"):
        instant = from_wita(values.get(name, ""))
        if instant is None:
            problems[name] = "staff_disaster_time_invalid"
        elif instant:
            body[name] = instant
    return body, problems


def values_of_alert(alert: dict) -> dict[str, str]:
    """An issued alert's content as the composer's inputs (to prefill its update)."""
    values = {
        "hazard": alert.get("hazard", ""),
        "status": alert.get("status", "") or "Actual",
        "urgency": alert.get("urgency", ""),
        "severity": alert.get("severity", ""),
        "certainty": alert.get("certainty", ""),
        "response_type": alert.get("response_type", ""),
        "effective": "",
        "expires": wita_input(alert.get("expires")),
    }
    for name in ("headline", "description", "instruction"):
        for lang in ("id", "en"):
            values[f"{name}_{lang}"] = (alert.get(name) or {}).get(lang, "")
    areas = alert.get("areas") or []
    values["area_description"] = "; ".join(a.get("description", "") for a in areas if a.get("description"))
    codes = [c for a in areas for c in (a.get("region_codes") or [])]
    values["region_codes"] = ", ".join(dict.fromkeys(codes))
    polygons = [p for a in areas for p in (a.get("polygons") or [])]
    values["polygon"] = polygon_text(polygons[0].get("points") or []) if polygons else ""
    return values


def fingerprint(body: dict, update_of: str = "") -> str:
    """What was previewed: issuing is allowed only for the very content whose preview was valid."""
    canonical = json.dumps({"alert": body, "update_of": update_of}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def form_field(api_field: str) -> str | None:
    """The composer's input that an API field names, None when none does (shown for the whole form)."""
    name = api_field or ""
    if name.startswith("alert."):
        name = name.removeprefix("alert.")
    if name.startswith("document"):
        match = re.search(r"info\[(\d+)\]\.(.+)$", name)
        if not match:
            return None
        language = "en" if match[1] == "1" else "id"
        elements = [re.sub(r"\[\d+\]$", "", part) for part in match[2].split(".")]
        for element in reversed(elements):
            if element in ("headline", "description", "instruction"):
                return f"{element}_{language}"
            if element in _CAP_ELEMENTS:
                return _CAP_ELEMENTS[element]
        return None
    match = re.fullmatch(r"(headline|description|instruction)\.(id|en)", name)
    if match:
        return f"{match[1]}_{match[2]}"
    if name.startswith("areas"):
        if ".polygons" in name:
            return "polygon"
        if name.endswith(".description"):
            return "area_description"
        return "region_codes"
    if name in ("hazard", "status", "urgency", "severity", "certainty", "response_type", "effective", "expires"):
        return name
    return None


def place_problems(problems: list[dict]) -> tuple[dict[str, str], list[dict]]:
    """(first message per input, every problem with the input it belongs to or None)."""
    by_field: dict[str, str] = {}
    listed = []
    for problem in problems:
        target = form_field(str(problem.get("field", "")))
        detail = str(problem.get("detail") or problem.get("reason") or "")
        if target:
            by_field.setdefault(target, detail)
        listed.append({**problem, "detail": detail, "input": target})
    return by_field, listed
