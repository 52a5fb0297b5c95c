"""Which residents an alert reaches: their registered regency within or containing one of its areas."""

import pytest
from gorontalo_inbox.domain import alerts


@pytest.mark.parametrize(
    ("regency", "areas", "reached"),
    [
        ("75.03", ["75.03"], True),  # the regency itself
        ("75.03", ["75.03.05"], True),  # a district of it
        ("75.03", ["75.03.05.2001"], True),  # a village of it
        ("75.03", ["75"], True),  # the whole province
        ("75.03", ["75.71", "75.03.01"], True),  # one of several areas
        ("75.03", ["75.71"], False),  # another regency
        ("75.03", ["75.71.01"], False),
        ("75.03", ["73"], False),  # another province
        ("7503", ["75.03.05"], True),  # codes in any form
        ("", ["75"], False),  # nobody without a registered regency
    ],
)
def test_alert_reaches_the_regency(regency, areas, reached):
    assert alerts.reaches(regency, areas) is reached


def test_regencies_looked_up_for_an_alert():
    assert alerts.regencies_reached(["75.03.05.2001", "75.71.01"]) == {"75.03", "75.71"}
    province = alerts.regencies_reached(["75"])
    assert {"75.01", "75.02", "75.03", "75.04", "75.05", "75.71"} <= province
    assert alerts.regencies_reached(["not-a-code"]) == set()


def test_only_actual_alerts_notify():
    assert alerts.notifies("Actual")
    assert not any(alerts.notifies(s) for s in ("Exercise", "Test", "System", "Draft"))
