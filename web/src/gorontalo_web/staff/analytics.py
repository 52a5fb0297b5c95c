"""/operator/analitik: where service falls short, from the services' exact monthly figures (operators
and admins only), summed here as the page needs:

- complaints (GET /v1/complaints/service-level): past a deadline and time to resolve, per agency x
  regency x category;
- permits (GET /v1/permits/sla-figures): past the SLA due date and working days to decide, per
  licensing office (the regency's DPMPTSP) x permit type.

For each: the province's trend by month, every agency / place / office as a series judged by
analytics_rules (the stated rule), the flagged ones first with the reason in words, and the period's
table. Nothing is kept here: each page view asks the services again.
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
COMPLAINTS_PATH = "/v1/complaints/service-level"
PERMITS_PATH = "/v1/permits/sla-figures"

RULE = {
    "k_jump": analytics_rules.K_JUMP,
    "k_trend": analytics_rules.K_TREND,
    "min_history": analytics_rules.MIN_HISTORY,
    "min_cases": analytics_rules.MIN_CASES,
    "min_rise_points": round(analytics_rules.MIN_RISE * 100),
}

CSV_HEADER = (
    "layanan",
    "bulan",
    "kode_instansi",
    "instansi",
    "kode_kabupaten_kota",
    "kabupaten_kota",
    "kategori_atau_jenis_izin",
    "diterima",
    "melewati_tenggat",
    "selesai_atau_diputus",
    "median_hari",
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


@dataclasses.dataclass(frozen=True)
class Fact:
    """One row of a service's answer, in the same terms for complaints and permits."""

    month: str
    agency_code: str  # complaints: the agency; permits: the office (dpmptsp-<regency digits>)
    agency_name: str
    regency_code: str
    regency_name: str
    category: str  # complaints: the category; permits: the permit type (KBLI and title)
    received: int
    breached: int
    done: int  # complaints: resolved; permits: decided by the office
    median_days: float | None  # complaints: days to resolve; permits: working days to decide


def complaint_fact(row: dict) -> Fact:
    resolved = int(row.get("resolved") or 0)
    return Fact(
        month=row.get("month", ""),
        agency_code=row.get("agency_code", ""),
        agency_name=row.get("agency_name", ""),
        regency_code=row.get("regency_code", ""),
        regency_name=row.get("regency_name", ""),
        category=row.get("category", ""),
        received=int(row.get("received") or 0),
        breached=int(row.get("breached") or 0),
        done=resolved,
        median_days=float(row.get("median_resolution_seconds") or 0) / 86400 if resolved else None,
    )


def permit_fact(row: dict) -> Fact:
    regency = row.get("regency_code", "")
    decided = int(row.get("decided") or 0)
    kbli, title = row.get("kbli_code", ""), row.get("permit_type", "")
    return Fact(
        month=row.get("month", ""),
        agency_code="dpmptsp-" + regency.replace(".", ""),
        agency_name=("DPMPTSP " + row.get("regency_name", "")).strip(),
        regency_code=regency,
        regency_name=row.get("regency_name", ""),
        category=f"{kbli} {title}".strip(),
        received=int(row.get("received") or 0),
        breached=int(row.get("breached") or 0),
        done=decided,
        median_days=float(row.get("median_working_days") or 0) if decided else None,
    )


@dataclasses.dataclass
class Series:
    kind: str  # agency / regency / office
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
    done: int = 0
    # (median days, done) of each month: the period's figure is their done-weighted median.
    medians: list[tuple[float, int]] = dataclasses.field(default_factory=list)

    @property
    def share(self) -> float:
        return self.breached / self.received if self.received else 0.0

    @property
    def median_days(self) -> float | None:
        return weighted_median(self.medians) if self.medians else None


def weighted_median(pairs: list[tuple[float, int]]) -> float:
    """The value below which half the weight lies (monthly medians weighted by how many they cover)."""
    ordered = sorted((value, weight) for value, weight in pairs if weight > 0)
    total = sum(weight for _, weight in ordered)
    running = 0
    for value, weight in ordered:
        running += weight
        if running * 2 >= total:
            return value
    return 0.0


@dataclasses.dataclass
class Section:
    """One service's part of the page."""

    name: str  # complaints / permits
    series_kinds: tuple[str, ...]
    facts: list[Fact] = dataclasses.field(default_factory=list)
    totals: list[Month] = dataclasses.field(default_factory=list)
    series: list[Series] = dataclasses.field(default_factory=list)
    cells: list[Cell] = dataclasses.field(default_factory=list)
    error: str = ""

    @property
    def flagged(self) -> list[Series]:
        return [s for s in self.series if s.flag]

    def flagged_keys(self, kind: str) -> set[str]:
        return {s.key for s in self.series if s.flag and s.kind == kind}


@dataclasses.dataclass
class Report:
    from_month: str
    to_month: str
    period: int
    months: list[str]
    complaints: Section
    permits: Section

    @property
    def sections(self) -> list[Section]:
        return [self.complaints, self.permits]


def _percent(value: float) -> str:
    return f"{value * 100:.0f}%"


def explain(series: Series, section: str, lang: str) -> str:
    """The flag of a series in words, with the figures that raised it."""
    flag = series.flag
    if flag is None:
        return ""
    values = {
        "{what}": text(f"staff_operator_what_{section}", lang),
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


def build(section: Section, months: list[str], lang: str) -> Section:
    totals = {m: [0, 0] for m in months}
    series: dict[tuple[str, str], dict] = {}
    names: dict[tuple[str, str], str] = {}
    cells: dict[tuple[str, str, str], Cell] = {}
    for fact in section.facts:
        if fact.month in totals:
            totals[fact.month][0] += fact.received
            totals[fact.month][1] += fact.breached
        keyed = {
            "agency": (fact.agency_code, fact.agency_name),
            "office": (fact.agency_code, fact.agency_name),
            "regency": (fact.regency_code, fact.regency_name),
        }
        for kind in section.series_kinds:
            key, name = keyed[kind]
            per_month = series.setdefault((kind, key), {m: [0, 0] for m in months})
            if fact.month in per_month:
                per_month[fact.month][0] += fact.received
                per_month[fact.month][1] += fact.breached
            names.setdefault((kind, key), name)
        cell = cells.setdefault(
            (fact.agency_code, fact.regency_code, fact.category),
            Cell(fact.agency_code, fact.agency_name, fact.regency_code, fact.regency_name, fact.category),
        )
        cell.received += fact.received
        cell.breached += fact.breached
        cell.done += fact.done
        if fact.median_days is not None:
            cell.medians.append((fact.median_days, fact.done))

    for (kind, key), per_month in series.items():
        name = names[(kind, key)] or (key if key else text("staff_operator_undispatched", lang))
        one = Series(kind, key, name, [Month(m, r, b) for m, (r, b) in per_month.items()])
        one.flag = analytics_rules.assess(one.months)
        one.explanation = explain(one, section.name, lang)
        section.series.append(one)
    section.series.sort(key=lambda s: (s.flag is None, -(s.flag.score if s.flag else 0), -s.share, s.kind, s.name))
    section.cells = sorted(cells.values(), key=lambda c: (-c.share, -c.received, c.agency_name, c.category))
    section.totals = [Month(m, r, b) for m, (r, b) in totals.items()]
    return section


def _fetch(gateway, token: str, lang: str, path: str, params: dict, convert) -> tuple[list[Fact], str]:
    try:
        answer = gateway.request("GET", path, token=token, params=params, lang=lang)
    except GatewayError as error:
        if error.unauthenticated:
            raise
        return [], error.title or error.detail or str(error.status)
    return [convert(row) for row in answer.get("rows") or []], ""


def build_report(
    gateway, token: str, lang: str, *, months: int = DEFAULT_PERIOD, today: dt.date | None = None
) -> Report:
    this_month = (today or dt.datetime.now(WITA).date()).replace(day=1)
    first = _shift(this_month, -(months - 1))
    names = [_shift(first, i).isoformat()[:7] for i in range(months)]
    params = {"from_month": names[0], "to_month": names[-1]}
    complaints = Section("complaints", ("agency", "regency"))
    complaints.facts, complaints.error = _fetch(gateway, token, lang, COMPLAINTS_PATH, params, complaint_fact)
    permits = Section("permits", ("office",))
    permits.facts, permits.error = _fetch(gateway, token, lang, PERMITS_PATH, params, permit_fact)
    return Report(names[0], names[-1], months, names, build(complaints, names, lang), build(permits, names, lang))


def _cell(value: str) -> str:
    """A text cell a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_rows(report: Report, lang: str) -> list[list]:
    out = []
    for section in report.sections:
        agencies = section.flagged_keys("agency") | section.flagged_keys("office")
        regencies = section.flagged_keys("regency")
        for fact in section.facts:
            out.append(
                [
                    "pengaduan" if section.name == "complaints" else "perizinan",
                    _cell(fact.month),
                    _cell(fact.agency_code),
                    _cell(fact.agency_name),
                    _cell(fact.regency_code),
                    _cell(fact.regency_name),
                    _cell(fact.category),
                    fact.received,
                    fact.breached,
                    fact.done,
                    f"{fact.median_days:.2f}" if fact.median_days is not None else "",
                    "ya" if fact.agency_code in agencies else "tidak",
                    "ya" if fact.regency_code in regencies else "tidak",
                ]
            )
    return out
