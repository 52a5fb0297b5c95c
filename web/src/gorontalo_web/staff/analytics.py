"""/operator/analitik: where service falls short, from svc-complaints' exact monthly figures
(GET /v1/complaints/service-level, operators and admins only), summed here as the page needs:

- the months' trend for the whole province (received, deadlines breached, share);
- every agency and every regency as a series, judged by analytics_rules (the stated rule), the flagged
  ones first with the reason in words;
- the period's table by agency x regency x category: received, breached, share, resolution time.

Permit SLA breaches by office and permit type need an aggregate of svc-permits that does not exist
yet; the page says so instead of showing figures from elsewhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..formatting import MONTHS, WITA
from ..gateway import GatewayError
from ..texts import text
from . import analytics_rules
from .analytics_rules import Month

PERIODS = (6, 12, 24)
DEFAULT_PERIOD = 12
PATH = "/v1/complaints/service-level"

RULE = {
    "k_jump": analytics_rules.K_JUMP,
    "k_trend": analytics_rules.K_TREND,
    "min_history": analytics_rules.MIN_HISTORY,
    "min_cases": analytics_rules.MIN_CASES,
    "min_rise_points": round(analytics_rules.MIN_RISE * 100),
}

CSV_HEADER = (
    "bulan",
    "kode_instansi",
    "instansi",
    "kode_kabupaten_kota",
    "kabupaten_kota",
    "kategori",
    "diterima",
    "melewati_tenggat",
    "selesai",
    "median_penyelesaian_hari",
    "instansi_memburuk",
    "wilayah_memburuk",
)


def months_param(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        return DEFAULT_PERIOD
    return value if value in PERIODS else DEFAULT_PERIOD


def _shift(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_label(month: str, lang: str) -> str:
    year, number = month.split("-")
    return f"{MONTHS.get(lang, MONTHS['id'])[int(number) - 1]} {year}"


@dataclasses.dataclass
class Series:
    kind: str  # agency / regency
    key: str
    name: str
    months: list[Month]
    flag: analytics_rules.Flag | None = None
    explanation: str = ""

    @property
    def received(self) -> int:
        return sum(m.received for m in self.months)

    @property
    def breached(self) -> int:
        return sum(m.breached for m in self.months)

    @property
    def share(self) -> float:
        return self.breached / self.received if self.received else 0.0


@dataclasses.dataclass
class Cell:
    agency_code: str
    agency_name: str
    regency_code: str
    regency_name: str
    category: str
    received: int = 0
    breached: int = 0
    resolved: int = 0
    # (median seconds, resolved) of each month: the period's figure is their resolved-weighted median.
    medians: list[tuple[float, int]] = dataclasses.field(default_factory=list)

    @property
    def share(self) -> float:
        return self.breached / self.received if self.received else 0.0

    @property
    def median_resolution_days(self) -> float | None:
        return weighted_median(self.medians) / 86400 if self.medians else None


def weighted_median(pairs: list[tuple[float, int]]) -> float:
    """The value below which half the weight lies (monthly medians weighted by their resolved count)."""
    ordered = sorted((value, weight) for value, weight in pairs if weight > 0)
    total = sum(weight for _, weight in ordered)
    running = 0
    for value, weight in ordered:
        running += weight
        if running * 2 >= total:
            return value
    return 0.0


@dataclasses.dataclass
class Report:
    from_month: str
    to_month: str
    period: int
    months: list[str]
    totals: list[Month]
    series: list[Series]
    cells: list[Cell]
    rows: list[dict]
    error: str = ""

    @property
    def flagged(self) -> list[Series]:
        return [s for s in self.series if s.flag]

    def flagged_keys(self, kind: str) -> set[str]:
        return {s.key for s in self.series if s.flag and s.kind == kind}


def _percent(value: float) -> str:
    return f"{value * 100:.0f}%"


def explain(series: Series, lang: str) -> str:
    """The flag of a series in words, with the figures that raised it."""
    flag = series.flag
    if flag is None:
        return ""
    values = {
        "{last_month}": month_label(flag.last_month, lang),
        "{last_share}": _percent(flag.last_share),
        "{baseline}": _percent(flag.baseline_share),
        "{earlier}": str(flag.months - 1),
        "{months}": str(flag.months),
        "{score}": f"{flag.score:.1f}" if flag.score != float("inf") else "∞",
        "{k}": f"{analytics_rules.K_JUMP if flag.kind == 'jump' else analytics_rules.K_TREND:g}",
        "{slope}": f"{flag.slope_per_month * 100:.1f}",
        "{spread}": f"{flag.spread * 100:.1f}",
    }
    words = text(f"staff_operator_flag_{flag.kind}", lang)
    for key, value in values.items():
        words = words.replace(key, value)
    return words


def build(rows: list[dict], months: list[str], lang: str) -> tuple[list[Month], list[Series], list[Cell]]:
    totals = {m: [0, 0] for m in months}
    series: dict[tuple[str, str], dict] = {}
    names: dict[tuple[str, str], str] = {}
    cells: dict[tuple[str, str, str], Cell] = {}
    for row in rows:
        month = row.get("month", "")
        received, breached = int(row.get("received") or 0), int(row.get("breached") or 0)
        resolved = int(row.get("resolved") or 0)
        if month in totals:
            totals[month][0] += received
            totals[month][1] += breached
        for kind, key, name in (
            ("agency", row.get("agency_code", ""), row.get("agency_name", "")),
            ("regency", row.get("regency_code", ""), row.get("regency_name", "")),
        ):
            per_month = series.setdefault((kind, key), {m: [0, 0] for m in months})
            if month in per_month:
                per_month[month][0] += received
                per_month[month][1] += breached
            names.setdefault((kind, key), name)
        cell_key = (row.get("agency_code", ""), row.get("regency_code", ""), row.get("category", ""))
        cell = cells.setdefault(
            cell_key,
            Cell(cell_key[0], row.get("agency_name", ""), cell_key[1], row.get("regency_name", ""), cell_key[2]),
        )
        cell.received += received
        cell.breached += breached
        cell.resolved += resolved
        if resolved:
            cell.medians.append((float(row.get("median_resolution_seconds") or 0), resolved))

    built = []
    for (kind, key), per_month in series.items():
        name = names[(kind, key)] or (key if key else text("staff_operator_undispatched", lang))
        one = Series(kind, key, name, [Month(m, r, b) for m, (r, b) in per_month.items()])
        one.flag = analytics_rules.assess(one.months)
        one.explanation = explain(one, lang)
        built.append(one)
    built.sort(key=lambda s: (s.flag is None, -(s.flag.score if s.flag else 0), -s.share, s.kind, s.name))
    ordered_cells = sorted(cells.values(), key=lambda c: (-c.share, -c.received, c.agency_name, c.regency_code))
    return [Month(m, r, b) for m, (r, b) in totals.items()], built, ordered_cells


def build_report(
    gateway, token: str, lang: str, *, months: int = DEFAULT_PERIOD, today: dt.date | None = None
) -> Report:
    this_month = (today or dt.datetime.now(WITA).date()).replace(day=1)
    first = _shift(this_month, -(months - 1))
    names = [_shift(first, i).isoformat()[:7] for i in range(months)]
    params = {"from_month": names[0], "to_month": names[-1]}
    try:
        answer = gateway.request("GET", PATH, token=token, params=params, lang=lang)
    except GatewayError as error:
        if error.unauthenticated:
            raise
        return Report(
            names[0], names[-1], months, names, [], [], [], [], error=error.title or error.detail or "unavailable"
        )
    rows = list(answer.get("rows") or [])
    totals, series, cells = build(rows, names, lang)
    return Report(names[0], names[-1], months, names, totals, series, cells, rows)


def _cell(value: str) -> str:
    """A text cell a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_rows(report: Report, lang: str) -> list[list]:
    agencies, regencies = report.flagged_keys("agency"), report.flagged_keys("regency")
    out = []
    for row in report.rows:
        resolved = int(row.get("resolved") or 0)
        median = float(row.get("median_resolution_seconds") or 0) / 86400 if resolved else ""
        out.append(
            [
                _cell(row.get("month", "")),
                _cell(row.get("agency_code", "")),
                _cell(row.get("agency_name", "")),
                _cell(row.get("regency_code", "")),
                _cell(row.get("regency_name", "")),
                _cell(row.get("category", "")),
                int(row.get("received") or 0),
                int(row.get("breached") or 0),
                resolved,
                f"{median:.2f}" if median != "" else "",
                "ya" if row.get("agency_code", "") in agencies else "tidak",
                "ya" if row.get("regency_code", "") in regencies else "tidak",
            ]
        )
    return out
