"""/sipakai: public monitoring of complaints, no personal data, no login.

Figures from GET /v1/public/complaints/stats (the period, and each month of it for the trend), drawn as
SVG on the server (each chart with its title, description and the same numbers as a table), and a map of
the public complaints from GET /v1/public/complaints.geojson (maps.py).

Small cells: the API publishes a count of 1 to 4 as -1 ("withheld"); this page shows "<5" for it, and also
for any count of 1 to 4 an older API might still send, so no rahasia reporter can be singled out here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import time

from flask import Blueprint, Response, current_app, g, render_template, request

from .. import maps
from ..gateway import GatewayError
from ..signin import gateway
from ..texts import text

blueprint = Blueprint("sipakai", __name__)

WITA = dt.timezone(dt.timedelta(hours=8))
MIN_SHOWN = 5
WITHHELD = "<5"
NONE = "—"
PERIODS = (3, 6, 12)  # months offered
DEFAULT_MONTHS = 12
CACHE_SECONDS = 60
MAP_PAGES = 3  # of 100 complaints each
MONTH_NAMES = {
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}

_cache: dict[tuple, tuple[float, dict]] = {}
_cache_lock = threading.Lock()


# --- what a cell shows ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Count:
    """A published count: its value for drawing (0 when withheld), and what the reader sees."""

    value: int
    shown: str

    @property
    def withheld(self) -> bool:
        return self.shown == WITHHELD


def count(raw) -> Count:
    try:
        number = int(raw or 0)
    except (TypeError, ValueError):
        return Count(0, NONE)
    if number < 0 or 0 < number < MIN_SHOWN:
        return Count(0, WITHHELD)
    return Count(number, f"{number:,}".replace(",", "."))


def _decimal(value: float, digits: int, lang: str) -> str:
    shown = f"{value:.{digits}f}"
    return shown.replace(".", ",") if lang == "id" else shown


@dataclasses.dataclass(frozen=True)
class Row:
    key: str
    name: str
    received: Count
    open: Count
    resolved: Count
    rejected: Count
    breaches: Count
    ratings: Count
    median_days: str
    median_days_value: float
    within_deadline: str
    within_deadline_value: float  # 0..1, 0 when not shown
    rating: str


def row_of(raw: dict, name: str, lang: str) -> Row:
    received = count(raw.get("received"))
    resolved = count(raw.get("resolved"))
    ratings = count(raw.get("ratings"))
    median = float(raw.get("median_resolution_seconds") or 0)
    share = float(raw.get("share_within_deadline") or 0)
    rating = float(raw.get("average_rating") or 0)
    if resolved.withheld or median < 0:
        median_days, median_value = WITHHELD, 0.0
    elif resolved.value == 0 or median == 0:
        median_days, median_value = NONE, 0.0
    else:
        median_value = median / 86400
        median_days = _decimal(median_value, 1, lang)
    if received.withheld or share < 0:
        within, within_value, breaches = WITHHELD, 0.0, Count(0, WITHHELD)
    elif received.value == 0:
        within, within_value, breaches = NONE, 0.0, count(0)
    else:
        within_value = share
        within = _decimal(share * 100, 0, lang) + "%"
        breaches = count(round(received.value * (1 - share)))
    if ratings.withheld or rating < 0:
        rating_shown = WITHHELD
    elif ratings.value == 0 or rating == 0:
        rating_shown = NONE
    else:
        rating_shown = _decimal(rating, 1, lang)
    return Row(
        key=str(raw.get("key") or ""),
        name=name,
        received=received,
        open=count(raw.get("open")),
        resolved=resolved,
        rejected=count(raw.get("rejected")),
        breaches=breaches,
        ratings=ratings,
        median_days=median_days,
        median_days_value=median_value,
        within_deadline=within,
        within_deadline_value=within_value,
        rating=rating_shown,
    )


# --- charts (SVG drawn by sipakai_charts.html from these numbers) ----------------------------------------

CHART_WIDTH = 360
LABEL_HEIGHT = 18
BAR_HEIGHT = 16
ROW_HEIGHT = 44
VALUE_ROOM = 56


def bars(items: list[tuple[str, float, str]]) -> dict:
    """A horizontal bar chart: (label, value, value as shown) -> positions; the label sits above its bar
    so long agency names stay readable on a 360 px screen."""
    top = max([value for _, value, _ in items] + [0])
    room = CHART_WIDTH - VALUE_ROOM
    drawn = []
    for index, (label, value, shown) in enumerate(items):
        y = index * ROW_HEIGHT
        width = round(value / top * room, 1) if top > 0 else 0
        drawn.append(
            {
                "label": label,
                "shown": shown,
                "label_y": y + 14,
                "bar_y": y + LABEL_HEIGHT + 4,
                "width": max(width, 2 if value > 0 else 0),
                "value_x": max(width, 0) + 6,
                "value_y": y + LABEL_HEIGHT + 4 + 13,
            }
        )
    return {"width": CHART_WIDTH, "height": max(len(items), 1) * ROW_HEIGHT, "bars": drawn}


TREND_HEIGHT = 200
TREND_BOTTOM = 24
TREND_TOP = 18


def trend(months: list[dict]) -> dict:
    """Received and resolved per month as paired columns; withheld months drawn as a dashed stub."""
    top = max([m["received"].value for m in months] + [m["resolved"].value for m in months] + [0])
    usable = TREND_HEIGHT - TREND_BOTTOM - TREND_TOP
    slot = CHART_WIDTH / max(len(months), 1)
    bar = max(min(slot * 0.36, 18), 4)
    columns = []
    for index, month in enumerate(months):
        x = index * slot + slot / 2
        pair = []
        for offset, series in ((-bar, "received"), (0, "resolved")):
            cell = month[series]
            height = round(cell.value / top * usable, 1) if top > 0 else 0
            pair.append(
                {
                    "series": series,
                    "x": round(x + offset, 1),
                    "y": round(TREND_HEIGHT - TREND_BOTTOM - height, 1),
                    "height": height,
                    "withheld": cell.withheld,
                }
            )
        columns.append({"label": month["label"], "x": round(x, 1), "bars": pair})
    return {
        "width": CHART_WIDTH,
        "height": TREND_HEIGHT,
        "bar": round(bar, 1),
        "baseline": TREND_HEIGHT - TREND_BOTTOM,
        "top": top,
        "columns": columns,
    }


# --- the data ---------------------------------------------------------------------------------------------


def _today() -> dt.date:
    return dt.datetime.now(WITA).date()


def month_starts(today: dt.date, months: int) -> list[dt.date]:
    first = today.replace(day=1)
    starts = []
    for back in range(months - 1, -1, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        starts.append(dt.date(year, month + 1, 1))
    return starts


def _month_end(start: dt.date, today: dt.date) -> dt.date:
    year, month = divmod(start.year * 12 + start.month, 12)
    return min(dt.date(year, month + 1, 1) - dt.timedelta(days=1), today)


def _cached(key: tuple, load):
    now = time.monotonic()
    with _cache_lock:
        hit = _cache.get(key)
        if hit and hit[0] > now:
            return hit[1]
    value = load()
    with _cache_lock:
        _cache[key] = (now + CACHE_SECONDS, value)
    return value


def _stats(start: dt.date, end: dt.date) -> dict:
    params = {"from_date": start.isoformat(), "to_date": end.isoformat()}
    return _cached(
        ("stats", current_app.name, id(gateway()), params["from_date"], params["to_date"]),
        lambda: gateway().request("GET", "/v1/public/complaints/stats", params=params, lang="id"),
    )


def _geojson(start: dt.date) -> dict:
    """Up to MAP_PAGES pages of the public GeoJSON from `start` on."""
    features: list = []
    token = ""
    for _ in range(MAP_PAGES):
        params = {"from_date": start.isoformat(), "page_size": 100}
        if token:
            params["page_token"] = token
        page = gateway().fetch("/v1/public/complaints.geojson", params=params).json()
        features.extend(page.get("features") or [])
        token = page.get("next_page_token") or ""
        if not token:
            break
    return {"type": "FeatureCollection", "features": features}


def _agency_name(raw: dict, lang: str) -> str:
    return raw.get("name") or (text("sipakai_no_agency", lang) if not raw.get("key") else raw.get("key"))


def _regency_name(raw: dict, lang: str) -> str:
    return raw.get("name") or text("sipakai_no_region", lang)


@blueprint.get("/sipakai")
def index():
    lang = g.lang
    try:
        months = int(request.args.get("bulan", DEFAULT_MONTHS))
    except ValueError:
        months = DEFAULT_MONTHS
    if months not in PERIODS:
        months = DEFAULT_MONTHS
    today = _today()
    starts = month_starts(today, months)
    settings = current_app.extensions["gorontalo_settings"]
    try:
        period = _stats(starts[0], today)
        monthly = [(start, _stats(start, _month_end(start, today))) for start in starts]
    except GatewayError:
        return render_template("sipakai.html", failed=True, months=months, periods=PERIODS), 503
    total = row_of(period.get("total") or {}, text("sipakai_province", lang), lang)
    by_agency = [row_of(r, _agency_name(r, lang), lang) for r in period.get("by_agency") or []]
    by_regency = [row_of(r, _regency_name(r, lang), lang) for r in period.get("by_regency") or []]
    by_agency.sort(key=lambda r: (-r.received.value, r.name))
    by_regency.sort(key=lambda r: (-r.received.value, r.name))
    trend_rows = []
    for start, figures in monthly:
        row = row_of(figures.get("total") or {}, "", lang)
        trend_rows.append(
            {
                "label": f"{MONTH_NAMES[lang][start.month - 1]} {start.year % 100:02d}",
                "received": row.received,
                "resolved": row.resolved,
                "row": row,
            }
        )
    try:
        points = maps.points_of(_geojson(starts[0]))
    except (GatewayError, ValueError):
        points, map_failed = [], True
    else:
        map_failed = False
    return render_template(
        "sipakai.html",
        failed=False,
        months=months,
        periods=PERIODS,
        from_date=starts[0].isoformat(),
        to_date=today.isoformat(),
        total=total,
        by_agency=by_agency,
        by_regency=by_regency,
        agency_chart=bars([(r.name, r.received.value, r.received.shown) for r in by_agency]),
        regency_chart=bars([(r.name, r.received.value, r.received.shown) for r in by_regency]),
        deadline_chart=bars([(r.name, r.within_deadline_value * 100, r.within_deadline) for r in by_agency]),
        median_chart=bars([(r.name, r.median_days_value, r.median_days) for r in by_agency]),
        trend_figure=trend(trend_rows),
        trend_rows=trend_rows,
        plain_map=maps.plain_map(points),
        map_failed=map_failed,
        map_tiles_url=settings.map_tiles_url,
        withheld=WITHHELD,
    )


@blueprint.get("/sipakai/peta.geojson")
def points():
    """The public GeoJSON on this origin, for the Leaflet map over the operator's tiles."""
    try:
        months = int(request.args.get("bulan", DEFAULT_MONTHS))
    except ValueError:
        months = DEFAULT_MONTHS
    start = month_starts(_today(), months if months in PERIODS else DEFAULT_MONTHS)[0]
    try:
        document = _geojson(start)
    except (GatewayError, ValueError):
        return Response('{"type": "FeatureCollection", "features": []}', status=503, mimetype="application/geo+json")
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [p.longitude, p.latitude]},
            "properties": {"tracking_code": p.code, "title": p.label, "status": p.status},
        }
        for p in maps.points_of(document)
    ]
    response = current_app.json.response({"type": "FeatureCollection", "features": features})
    response.mimetype = "application/geo+json"
    response.headers["Cache-Control"] = "public, max-age=60"
    return response
