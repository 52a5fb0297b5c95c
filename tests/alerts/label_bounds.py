"""Label values in Prometheus expositions, and the check that they do not grow with traffic."""

from __future__ import annotations

from collections import defaultdict

from prometheus_client.parser import text_string_to_metric_families

LabelValues = dict[tuple[str, str], set[str]]


def label_values(*expositions: str) -> LabelValues:
    """(sample name, label) -> the values seen, over the given /metrics bodies."""
    found: LabelValues = defaultdict(set)
    for text in expositions:
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                for label, value in sample.labels.items():
                    found[(sample.name, label)].add(value)
    return found


def grown(before: LabelValues, after: LabelValues, allowance: int) -> dict[tuple[str, str], set[str]]:
    """Labels that gained more than `allowance` new values between two scrapes."""
    return {
        key: values - before.get(key, set())
        for key, values in after.items()
        if len(values - before.get(key, set())) > allowance
    }


def leaked(values: LabelValues, tokens: set[str]) -> dict[tuple[str, str], set[str]]:
    """Labels any of whose values contains one of the tokens the traffic carried (ids, codes, text)."""
    found = {}
    for key, seen in values.items():
        hits = {value for value in seen if any(token in value for token in tokens)}
        if hits:
            found[key] = hits
    return found
