"""Siaga Gorontalo as outside systems see it (issue 11): CAP import refusals, Atom Cancels, absolute links, edge times."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from lxml import etree

from tests.e2e.conftest import SHARED, login

BMKG_SAMPLE = SHARED / "schemas" / "cap-example-bmkg.xml"
ATOM = "{http://www.w3.org/2005/Atom}"
CAP_NS = "{urn:oasis:names:tc:emergency:cap:1.2}"
KOTA_AREA = (
    b"<area><areaDesc>Kota Gorontalo</areaDesc>"
    b"<polygon>0.50,123.00 0.60,123.00 0.60,123.10 0.50,123.10 0.50,123.00</polygon>"
    b"<geocode><valueName>KEMENDAGRI</valueName><value>75.71</value></geocode></area>"
)


@pytest.fixture(scope="module")
def bpbd(stack, http):
    """The demo officer of BPBD Provinsi Gorontalo (jurisdiction 75): may issue alerts and import CAP."""
    return login(stack, http, "petugas.bpbd", stack.demo_credentials()["petugas.bpbd"])


def bmkg_for_kota(identifier: str) -> bytes:
    """BMKG's real alert (Banten) redrawn over Kota Gorontalo, with its own identifier."""
    document = re.sub(rb"<area>.*</area>", KOTA_AREA, BMKG_SAMPLE.read_bytes(), count=1, flags=re.S)
    return document.replace(b"2.49.0.1.360.0.2026.02.16.16.36.004", identifier.encode())


def import_cap(stack, http, headers, document: bytes, language: str = "id"):
    return http.post(
        stack.url + "/v1/disaster/alerts:import",
        data=document,
        headers={**headers, "Content-Type": "application/cap+xml", "Accept-Language": language},
    )


def listed_identifiers(stack, http) -> set[str]:
    alerts = http.get(stack.url + "/v1/disaster/alerts", params={"include_inactive": "true"}).json().get("alerts", [])
    return {a["identifier"] for a in alerts}


def test_cap_with_a_dtd_or_against_the_schema_is_refused_and_elsewhere_is_skipped(stack, http, bpbd):
    identifier = f"2.49.0.1.360.0.e2e.{uuid.uuid4().hex[:10]}"
    clean = bmkg_for_kota(identifier)

    doctype = clean.replace(b"<alert xmlns", b'<!DOCTYPE alert [<!ENTITY k "112">]>\n<alert xmlns', 1).replace(
        b"<contact>06221 196</contact>", b"<contact>&k;</contact>"
    )
    refused = import_cap(stack, http, bpbd, doctype, "en")
    assert refused.status_code == 400 and refused.headers["Content-Type"].startswith("application/problem+json")
    assert [(e["field"], e["reason"]) for e in refused.json()["errors"]] == [("document", "CAP_DTD_FORBIDDEN")]
    assert "DOCTYPE" in refused.json()["errors"][0]["detail"]

    sekarang = clean.replace(b"<urgency>Immediate</urgency>", b"<urgency>Sekarang</urgency>")
    invalid = import_cap(stack, http, bpbd, sekarang)
    assert invalid.status_code == 400 and invalid.headers["Content-Type"].startswith("application/problem+json")
    [error] = invalid.json()["errors"]
    assert (error["field"], error["reason"]) == ("document.info[0].urgency", "CAP_SCHEMA_INVALID")
    assert "skema CAP 1.2" in error["detail"] and "Sekarang" in error["detail"]  # Indonesian by default

    banten = import_cap(stack, http, bpbd, BMKG_SAMPLE.read_bytes(), "en")
    assert banten.status_code == 400
    assert [e["reason"] for e in banten.json()["errors"]] == ["CAP_AREA_OUTSIDE_GORONTALO"]

    assert identifier not in listed_identifiers(stack, http)
    assert "2.49.0.1.360.0.2026.02.16.16.36.004" not in listed_identifiers(stack, http)
    # The same document without the faults is imported (it expired in February 2026: history, not active).
    imported = import_cap(stack, http, bpbd, clean)
    assert imported.status_code == 200, imported.text
    assert imported.json()["active"] is False and identifier in listed_identifiers(stack, http)
    assert imported.json()["id"] not in {
        a["id"] for a in http.get(stack.url + "/v1/disaster/alerts").json().get("alerts", [])
    }


def test_the_atom_feed_carries_a_cancel_with_absolute_links(stack, http, bpbd):
    now = dt.datetime.now(dt.UTC)
    alert = http.post(
        stack.url + "/v1/disaster/alerts",
        headers=bpbd,
        json={
            "hazard": "gelombang_pasang_abrasi",
            "urgency": "Expected",
            "severity": "Moderate",
            "certainty": "Likely",
            "response_type": "Prepare",
            "headline": {"id": "Gelombang pasang Kota Gorontalo", "en": "High waves"},
            "description": {"id": "Gelombang 2,5 m.", "en": "Waves of 2.5 m."},
            "areas": [{"description": "Pesisir Kota Gorontalo", "region_codes": ["75.71"]}],
            "expires": (now + dt.timedelta(hours=6)).isoformat().replace("+00:00", "Z"),
        },
    )
    assert alert.status_code == 200, alert.text
    alert = alert.json()
    cancel = http.post(
        f"{stack.url}/v1/disaster/alerts/{alert['id']}:cancel",
        headers=bpbd,
        json={"reason": {"id": "Gelombang reda", "en": "Waves subsided"}},
    )
    assert cancel.status_code == 200, cancel.text
    cancel = cancel.json()

    response = http.get(stack.url + "/v1/disaster/alerts.atom", params={"region": "75.71"})
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/atom+xml")
    feed = etree.fromstring(response.content)
    entries = {e.findtext(ATOM + "id").rsplit(":", 1)[1]: e for e in feed.iter(ATOM + "entry")}
    assert cancel["id"] in entries and alert["id"] not in entries
    entry = entries[cancel["id"]]
    assert ("urn:oasis:names:tc:emergency:cap:1.2:msgType", "Cancel") in {
        (c.get("scheme"), c.get("term")) for c in entry.iter(ATOM + "category")
    }

    # PUBLIC_BASE_URL is unset in the test stack: it defaults to http://$GATEWAY_BIND, the gateway itself.
    hrefs = [link.get("href") for link in feed.iter(ATOM + "link")]
    assert hrefs and all(h.startswith(stack.url + "/") for h in hrefs), hrefs
    [cap_link] = [link.get("href") for link in entry.iter(ATOM + "link") if link.get("rel") == "alternate"]
    assert cap_link == f"{stack.url}/v1/disaster/alerts/{cancel['id']}.cap.xml"
    document = etree.fromstring(http.get(cap_link).content)  # the absolute link works as it is
    assert document.findtext(CAP_NS + "msgType") == "Cancel"
    assert {w.text for w in document.iter(CAP_NS + "web")} == {cap_link}


@pytest.mark.parametrize(
    "value", ["9999-12-31T23:59:59Z", "9999-12-31", "0001-01-01", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00-12:00"]
)
def test_times_at_the_calendar_edge_are_400_naming_the_field(stack, http, bpbd, value):
    report = http.post(
        stack.url + "/v1/disaster/reports",
        json={"hazard": "banjir", "latitude": 0.54, "longitude": 123.06, "observed_at": value},
    )
    assert report.status_code == 400, report.text
    assert report.headers["Content-Type"].startswith("application/problem+json")
    assert [e["field"] for e in report.json()["errors"]] == ["observed_at"]
    now = dt.datetime.now(dt.UTC)
    for name in ("effective", "expires"):
        times = {"expires": (now + dt.timedelta(hours=6)).isoformat().replace("+00:00", "Z"), name: value}
        alert = http.post(
            stack.url + "/v1/disaster/alerts",
            headers=bpbd,
            json={
                "hazard": "banjir",
                "urgency": "Immediate",
                "severity": "Severe",
                "certainty": "Observed",
                "response_type": "Evacuate",
                "headline": {"id": "Banjir", "en": "Flood"},
                "description": {"id": "d", "en": "d"},
                "areas": [{"description": "Kota", "region_codes": ["75.71"]}],
                **times,
            },
        )
        assert alert.status_code == 400, (name, alert.text)
        assert [e["field"] for e in alert.json()["errors"]] == [name], (name, alert.text)
