"""Open311 GeoReport v2 through the gateway, as an existing Open311 client would use it: JSON and XML."""

import json
import xml.etree.ElementTree as ET

import pytest

from tests.e2e.conftest import unique

BASE = "/open311/v2"


@pytest.fixture(scope="module")
def api_key(stack):
    created = stack.cli("complaints", "open311-key", "create", "--name", "FixMyStreet Gorontalo (uji)")
    assert created.returncode == 0, created.stderr
    return json.loads(created.stdout)["api_key"]


def test_discovery_and_services_in_both_formats(stack, http):
    discovery = http.get(stack.url + BASE + "/discovery.json", params={"jurisdiction_id": "gorontaloprov.go.id"})
    assert discovery.status_code == 200, discovery.text
    assert discovery.json()["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    services = http.get(stack.url + BASE + "/services.json").json()
    codes = {s["service_code"]: s for s in services}
    assert codes["jalan_rusak"]["metadata"] is True and codes["sampah"]["metadata"] is False
    xml = http.get(stack.url + BASE + "/services.xml")
    assert xml.status_code == 200 and "xml" in xml.headers["Content-Type"], xml.text
    assert {s.findtext("service_code") for s in ET.fromstring(xml.content).findall("service")} == set(codes)
    definition = ET.fromstring(http.get(stack.url + BASE + "/services/jalan_rusak.xml").content)
    assert definition.findtext("service_code") == "jalan_rusak"
    assert definition.find("attributes/attribute/code").text == "ukuran_lubang"
    assert http.get(stack.url + BASE + "/services/tidak_ada.json").status_code == 404


def test_client_posts_and_reads_requests_in_json_and_xml(stack, http, api_key):
    description = unique("Lubang besar di tengah jalan dekat pasar sentral")
    posted = http.post(
        stack.url + BASE + "/requests.json",
        data={
            "api_key": api_key,
            "service_code": "jalan_rusak",
            "lat": "0.5435",
            "long": "123.0595",
            "address_string": "Jl. Panjaitan, Kota Barat",
            "description": description,
            "attribute[ukuran_lubang]": "besar",
            "email": "warga@example.org",
        },
    )
    assert posted.status_code == 200, posted.text
    code = posted.json()[0]["service_request_id"]
    posted_xml = http.post(
        stack.url + BASE + "/requests.xml",
        data={
            "api_key": api_key,
            "service_code": "sampah",
            "address_string": "Jl. Sudirman, Kota Selatan",
            "description": "Sampah tidak diangkut sejak seminggu, menumpuk di pinggir jalan.",
        },
    )
    assert posted_xml.status_code == 200 and "xml" in posted_xml.headers["Content-Type"], posted_xml.text
    xml_code = ET.fromstring(posted_xml.content).findtext("request/service_request_id")

    one = http.get(stack.url + BASE + f"/requests/{code}.json")
    assert one.status_code == 200, one.text
    request = one.json()[0]
    assert request["status"] == "open" and request["description"] == description
    assert request["agency_responsible"] == "Dinas Pekerjaan Umum dan Penataan Ruang Kota Gorontalo"
    assert "warga@example.org" not in one.text
    one_xml = ET.fromstring(http.get(stack.url + BASE + f"/requests/{xml_code}.xml").content)
    assert one_xml.tag == "service_requests"
    assert one_xml.findtext("request/agency_responsible") == "Dinas Lingkungan Hidup Kota Gorontalo"
    assert one_xml.findtext("request/status") == "open"

    listed = http.get(stack.url + BASE + "/requests.json", params={"service_code": "jalan_rusak", "status": "open"})
    assert code in [r["service_request_id"] for r in listed.json()]
    by_id = ET.fromstring(
        http.get(stack.url + BASE + "/requests.xml", params={"service_request_id": f"{code},{xml_code}"}).content
    )
    assert {r.findtext("service_request_id") for r in by_id.findall("request")} == {code, xml_code}
    closed = http.get(stack.url + BASE + "/requests.json", params={"status": "closed", "service_code": "sampah"})
    assert xml_code not in [r["service_request_id"] for r in closed.json()]

    # The request is a complaint like any other: the agency sees it, the public tracking view too.
    assert http.get(stack.url + f"/v1/complaints/{code}").json()["agency_code"] == "dinas-pupr-7571"


def test_errors_in_the_open311_format(stack, http, api_key):
    form = {
        "service_code": "sampah",
        "lat": "0.5435",
        "long": "123.0595",
        "description": "Sampah menumpuk di pinggir jalan.",
    }
    forbidden = http.post(stack.url + BASE + "/requests.xml", data={**form, "api_key": "salah"})
    assert forbidden.status_code == 403, forbidden.text
    error = ET.fromstring(forbidden.content)
    assert error.tag == "errors" and error.findtext("error/code") == "403" and error.findtext("error/description")
    missing = http.post(
        stack.url + BASE + "/requests.json",
        data={"api_key": api_key, "service_code": "sampah", "description": "Sampah menumpuk."},
    )
    assert missing.status_code == 400, missing.text
    assert all(e["code"] == 400 and e["description"] for e in missing.json())
    unknown = http.get(stack.url + BASE + "/requests/GTO-0000-00.xml")
    assert unknown.status_code == 404 and ET.fromstring(unknown.content).findtext("error/code") == "404"
