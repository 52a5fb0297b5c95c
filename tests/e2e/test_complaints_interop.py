"""Complaints as outside systems see it through the gateway (issue 11): an Open311 client's 404 and
"required", 400 instead of a 500 for dates at the calendar's edge, and absolute links in SMS texts
and Open311 documents from the one PUBLIC_BASE_URL."""

import json
import random
import xml.etree.ElementTree as ET

import pytest

from tests.e2e.conftest import unique

BASE = "/open311/v2"
FORM = {"lat": "0.5435", "long": "123.0595", "description": "Sampah menumpuk di pinggir jalan sejak seminggu."}


@pytest.fixture(scope="module")
def api_key(stack):
    created = stack.cli("complaints", "open311-key", "create", "--name", "Interop client (uji)")
    assert created.returncode == 0, created.stderr
    return json.loads(created.stdout)["api_key"]


def _open311_errors(response) -> list[dict]:
    if response.headers["Content-Type"].startswith("application/json"):
        return response.json()
    root = ET.fromstring(response.content)
    assert root.tag == "errors", response.text
    return [{"code": int(e.findtext("code")), "description": e.findtext("description")} for e in root.findall("error")]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_unknown_service_code_is_404_in_the_standards_format(stack, http, api_key, fmt):
    posted = http.post(
        stack.url + f"{BASE}/requests.{fmt}", data={**FORM, "api_key": api_key, "service_code": "tidak_ada"}
    )
    assert posted.status_code == 404, posted.text
    assert posted.headers["Content-Type"].startswith("application/json" if fmt == "json" else "text/xml")
    [error] = _open311_errors(posted)
    assert error["code"] == 404 and "service_code" in error["description"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("service_code", ["", None])
def test_open311_missing_service_code_says_it_is_required(stack, http, api_key, fmt, service_code):
    form = {**FORM, "api_key": api_key}
    if service_code is not None:
        form["service_code"] = service_code
    posted = http.post(stack.url + f"{BASE}/requests.{fmt}", data=form)
    assert posted.status_code == 400, posted.text
    assert _open311_errors(posted) == [{"code": 400, "description": "service_code: Wajib diisi."}]
    english = http.post(stack.url + f"{BASE}/requests.{fmt}", data=form, headers={"Accept-Language": "en"})
    assert _open311_errors(english) == [{"code": 400, "description": "service_code: Is required."}]


@pytest.mark.parametrize(
    "path,field",
    [
        ("/v1/public/complaints/stats?from_date=9999-12-31", "from_date"),
        ("/v1/public/complaints?from_date=0001-01-01", "from_date"),
        ("/v1/public/complaints.geojson?from_date=0001-01-01", "from_date"),
        ("/v1/public/complaints?to_date=9999-12-31", "to_date"),
    ],
)
def test_dates_at_the_calendars_edge_are_400_naming_the_field(stack, http, path, field):
    answered = http.get(stack.url + path)
    assert answered.status_code == 400, answered.text
    assert answered.headers["Content-Type"].startswith("application/problem+json")
    problem = answered.json()
    assert [(e["field"], e["reason"]) for e in problem["errors"]] == [(field, "OUT_OF_RANGE")]
    assert "1900-01-01" in problem["errors"][0]["detail"] and "2999-12-31" in problem["errors"][0]["detail"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_times_at_the_calendars_edge_are_400_in_the_standards_format(stack, http, fmt):
    answered = http.get(stack.url + f"{BASE}/requests.{fmt}", params={"end_date": "0001-01-01T00:00:00-12:00"})
    assert answered.status_code == 400, answered.text
    [error] = _open311_errors(answered)
    assert error["code"] == 400 and error["description"].startswith("end_date: ")


def test_sms_texts_and_open311_urls_are_absolute_from_public_base_url(stack, http, api_key):
    # The stack sets no PUBLIC_BASE_URL: servicekit's default is the gateway's own origin (GATEWAY_BIND).
    origin = stack.url
    phone = "0857" + "".join(random.choice("0123456789") for _ in range(8))
    stack.personal_numbers.update({phone, "+62" + phone[1:]})
    filed = http.post(
        stack.url + "/v1/complaints/anonymous",
        json={
            "title": unique("Lampu jalan mati di simpang"),
            "category": "lampu_jalan",
            "region_code": "75.71.01.1001",
            "description": "Tiga lampu jalan mati sejak seminggu, simpang gelap sekali.",
            "contact_phone": phone,
        },
    )
    assert filed.status_code == 200, filed.text
    code = filed.json()["tracking_code"]
    listed = stack.cli("complaints", "list-notifications", "--tracking-code", code)
    assert listed.returncode == 0, listed.stderr
    [receipt] = [json.loads(line) for line in listed.stdout.splitlines() if line.strip()]
    link = f"{origin}/v1/complaints/{code}"
    assert receipt["message"].endswith(f"Lihat {link}") and len(receipt["message"]) <= 160, receipt
    followed = http.get(link)  # the link in the SMS leads to the complaint
    assert followed.status_code == 200 and followed.json()["tracking_code"] == code

    discovery = http.get(stack.url + f"{BASE}/discovery.json").json()
    assert discovery["endpoints"][0]["url"] == f"{origin}{BASE}"
