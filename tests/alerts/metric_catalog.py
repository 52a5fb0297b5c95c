"""What metric names exist, read from the code and the rule files, and what names a PromQL query reads.

The alert rules and the Grafana dashboards may only name metrics the processes define (found here in the
source: every prometheus_client metric and collector family), recording rules of deploy/prometheus/, the
metrics Prometheus itself adds (`up`...), or a name in PENDING: a metric this repository's rules already
watch but that another piece of work still has to add. A test checks that a pending name is not defined
yet, so the list empties as the metrics land.
"""

from __future__ import annotations

import ast
import functools
import pathlib
import re

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
RULES_DIR = ROOT / "deploy" / "prometheus"
RULE_FILES = tuple(RULES_DIR / name for name in ("recording.yml", "slo.yml", "alerts.yml"))
SOURCE_DIRS = (ROOT / "libs" / "servicekit" / "src", ROOT / "gateway" / "src", ROOT / "web" / "src") + tuple(
    sorted(path / "src" for path in ROOT.glob("svc-*"))
)

PENDING: dict[str, str] = {}

# Added by Prometheus (at scrape; ALERTS by its rule evaluation), or by prometheus_client's default
# collectors in every process.
BUILT_IN = {
    "up",
    "scrape_duration_seconds",
    "scrape_samples_scraped",
    "process_cpu_seconds_total",
    "process_resident_memory_bytes",
    "process_open_fds",
    "process_max_fds",
    "process_start_time_seconds",
    "python_gc_collections_total",
    "python_info",
    "ALERTS",
}

_KINDS = {
    "Counter": "counter",
    "CounterMetricFamily": "counter",
    "Gauge": "gauge",
    "GaugeMetricFamily": "gauge",
    "Histogram": "histogram",
    "HistogramMetricFamily": "histogram",
    "Summary": "summary",
    "SummaryMetricFamily": "summary",
    "Info": "gauge",
    "Enum": "gauge",
}
_SUFFIXES = {
    "counter": ("_total", "_created"),
    "gauge": ("",),
    "histogram": ("_bucket", "_count", "_sum", "_created"),
    "summary": ("_count", "_sum", "_created"),
}


def _family(name: str, kind: str) -> str:
    return name.removesuffix("_total") if kind == "counter" else name


@functools.cache
def defined_families() -> dict[str, str]:
    """Metric family name -> kind, for every metric the processes' source defines."""
    found: dict[str, str] = {}
    for folder in SOURCE_DIRS:
        for path in folder.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                func = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                first = node.args[0]
                if func in _KINDS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found[_family(first.value, _KINDS[func])] = _KINDS[func]
    return found


def sample_names(families: dict[str, str]) -> set[str]:
    return {family + suffix for family, kind in families.items() for suffix in _SUFFIXES[kind]}


def rule_groups() -> list[dict]:
    return [group for path in RULE_FILES for group in yaml.safe_load(path.read_text(encoding="utf-8"))["groups"]]


def recorded_names() -> set[str]:
    return {rule["record"] for group in rule_groups() for rule in group["rules"] if "record" in rule}


def alerts() -> list[dict]:
    return [rule for group in rule_groups() for rule in group["rules"] if "alert" in rule]


def known_names(*, with_pending: bool = True) -> set[str]:
    names = sample_names(defined_families()) | recorded_names() | BUILT_IN
    return names | sample_names(PENDING) if with_pending else names


_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "offset", "bool"}
_KEYWORDS |= {"inf", "nan"}


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression reads (selectors by name, and __name__ matchers)."""
    names = set()
    for alternatives in re.findall(r'__name__\s*=~?\s*"([^"]*)"', expr):
        names |= set(alternatives.split("|"))
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # strings
    text = re.sub(r"\{[^}]*\}", "", text)  # label matchers
    text = re.sub(r"\[[^\]]*\]", "", text)  # ranges, subqueries
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)
    for match in re.finditer(r"(?<![\w:.$])([a-zA-Z_:][a-zA-Z0-9_:]*)\b(\s*\()?", text):
        token, call = match.group(1), match.group(2)
        if not call and token.lower() not in _KEYWORDS and not re.fullmatch(r"\d+[smhdwy]", token):
            names.add(token)
    return names
