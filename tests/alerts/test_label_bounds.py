"""The label checks of test_scraped_metrics.py find what they look for: a label holding raw paths or
tracking codes is caught, a bounded one passes."""

from __future__ import annotations

from tests.alerts import label_bounds

BEFORE = """# TYPE requests_total counter
requests_total{route="/v1/complaints/<code>",path="/v1/complaints/ZQ1",status="404"} 1
requests_total{route="/v1/complaints/<code>",path="/v1/complaints/ZQ2",status="404"} 1
"""
AFTER = BEFORE + "".join(
    f'requests_total{{route="/v1/complaints/<code>",path="/v1/complaints/ZQ{n}",status="404"}} 1\n'
    for n in range(3, 12)
)


def test_a_label_that_grows_with_requests_is_caught_and_a_bounded_one_is_not():
    grown = label_bounds.grown(label_bounds.label_values(BEFORE), label_bounds.label_values(AFTER), allowance=4)
    assert set(grown) == {("requests_total", "path")}
    assert len(grown[("requests_total", "path")]) == 9


def test_a_label_value_holding_a_token_is_caught():
    leaked = label_bounds.leaked(label_bounds.label_values(AFTER), {"ZQ7"})
    assert leaked == {("requests_total", "path"): {"/v1/complaints/ZQ7"}}
