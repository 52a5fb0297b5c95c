"""/sipakai in a phone-sized chromium through the real stack: the figures as SVG charts with their tables
("<5" for small cells, never the count), the plain map with the district seats and the public complaints,
with and without JavaScript; axe-core, screenshots and the first load's weight."""

from __future__ import annotations

import re

import pytest

from tests.e2e.browser.conftest import axe_violations
from tests.e2e.browser.test_citizen_first_journey import FIRST_LOAD_BUDGET, assert_security_headers
from tests.e2e.conftest import unique

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

SEATS = ["Limboto", "Tilamuta", "Suwawa", "Marisa", "Kwandang", "Kota Gorontalo"]


@pytest.fixture
def public_complaint(stack, http, citizen):
    filed = http.post(
        stack.url + "/v1/complaints",
        headers=citizen["headers"],
        json={
            "category": "sampah",
            "title": unique("Sampah menumpuk di pinggir pantai"),
            "description": "Sudah seminggu sampah tidak diangkut.",
            "region_code": "75.04.04",
            "latitude": 0.4712,
            "longitude": 121.9415,
        },
    )
    assert filed.status_code == 200, filed.text
    return filed.json()["tracking_code"]


def _cells(page, table_id: str) -> list[str]:
    return [c.strip() for c in page.locator(f"#{table_id} tbody td").all_inner_texts()]


def test_sipakai_shows_charts_tables_and_the_map_without_login(
    phone, stack, public_complaint, screenshot, report_figure
):
    phone.goto("/sipakai")
    phone.wait_for_load_state("load")
    weight = phone.evaluate(
        "() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]"
        ".reduce((sum, e) => sum + e.transferSize, 0)"
    )
    report_figure(f"first load of /sipakai : {weight / 1024:.1f} KB")
    assert 0 < weight < FIRST_LOAD_BUDGET
    assert phone.locator("h1").count() == 1 and phone.locator("html").get_attribute("lang") == "id"

    charts = phone.locator("svg.chart")
    assert charts.count() >= 4
    for index in range(charts.count()):
        chart = charts.nth(index)
        assert chart.get_attribute("role") == "img"
        assert chart.locator("title").text_content().strip() and chart.locator("desc").text_content().strip()
        assert chart.bounding_box()["width"] <= 360
    assert phone.locator("#chart-trend rect.bar, #chart-trend line.chart-withheld").count() > 0
    for table in ("table-agency", "table-regency", "table-trend"):
        assert phone.locator(f"#{table} caption").count() == 1
        # Small cells: "<5", never a count from 1 to 4.
        assert not [cell for cell in _cells(phone, table) if re.fullmatch(r"[1-4]", cell)], table
    assert "Kabupaten Pohuwato" in phone.locator("#table-regency").inner_text()
    # A stack's handful of complaints makes small cells somewhere: shown as "<5".
    assert "<5" in phone.locator("#table-agency").inner_text()

    plain = phone.locator("svg.map")
    assert [label.strip() for label in plain.locator("text.map-seat-label").all_text_contents()] == SEATS
    assert plain.locator(f'circle[data-code="{public_complaint}"]').count() == 1
    assert "leaflet" not in phone.content()  # no tiles configured: no map library, no third party
    screenshot(phone, "sipakai")
    found = axe_violations(phone)
    assert not found, found
    assert_security_headers(phone.context.answers, stack.streams_url)


def test_sipakai_works_with_javascript_off(phone_without_javascript, public_complaint, screenshot):
    page = phone_without_javascript
    page.goto("/sipakai")
    assert page.locator("svg.chart").count() >= 4
    assert page.locator(f'svg.map circle[data-code="{public_complaint}"]').count() == 1
    page.select_option("#bulan", "3")
    page.get_by_role("button", name="Tampilkan", exact=True).click()
    page.wait_for_url(re.compile(r"/sipakai\?bulan=3$"))
    assert page.locator("#table-trend tbody tr").count() == 3
    screenshot(page, "sipakai-tanpa-js-3-bulan")
