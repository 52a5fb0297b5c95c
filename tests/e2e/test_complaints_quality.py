"""Data quality of the complaints AI and its events, through the real stack (issue 12).

Routine clogged drains the suggestion model labelled `banjir` became Siaga flood reports and formed a
"flood incident". Now only a person's word feeds disaster: the filer's own category, or a dispatcher
setting or confirming it. And the two new categories route to Disdukcapil and Dishub.
"""

from __future__ import annotations

import asyncio

from tests.e2e.conftest import _read_stream, login, unique, wait_for_event

FILED = "gorontalo.complaints.complaint.filed"
CONFIRMED = "gorontalo.complaints.complaint.category_confirmed"
REPORTED = "gorontalo.disaster.report.submitted"
# Kota Gorontalo, away from the other tests' points so reports here are told apart by position.
DRAIN = (0.5473, 123.0721)
FLOOD = (0.5481, 123.0733)


def _staff(stack, http, username):
    return login(stack, http, username, stack.demo_credentials()[username])


def reports_at(stack, position) -> list[dict]:
    found = asyncio.run(_read_stream(stack.nats.url, REPORTED, "GORONTALO"))
    return [
        m["event"]["data"]
        for m in found
        if m["event"]["data"].get("source") == "go_gorontalo"
        and abs(m["event"]["data"]["latitude"] - position[0]) < 1e-9
        and abs(m["event"]["data"]["longitude"] - position[1]) < 1e-9
    ]


def test_a_flood_only_the_model_saw_reaches_siaga_when_a_dispatcher_confirms_it(stack, http, citizen):
    drain = http.post(
        stack.url + "/v1/complaints",
        headers=citizen["headers"],
        json={
            "title": unique("Air menggenang"),
            "description": "Drainase tersumbat sehingga air menggenang dan masuk ke halaman rumah warga",
            "latitude": DRAIN[0],
            "longitude": DRAIN[1],
        },
    )
    assert drain.status_code == 200, drain.text
    drain = drain.json()
    assert drain["category"] == "banjir" and drain["status"] == "dispositioned", drain  # routed by the model
    event = wait_for_event(stack.nats.url, FILED, lambda e: e["data"]["tracking_code"] == drain["tracking_code"])
    assert event["event"]["data"]["category_source"] == "classifier"

    # A flood the filer names, filed after it: once Siaga reported this one, it had handled the drain.
    flood = http.post(
        stack.url + "/v1/complaints",
        headers=citizen["headers"],
        json={
            "category": "banjir",
            "title": unique("Banjir di Kelurahan Limba"),
            "description": "Air sungai meluap masuk rumah warga setinggi lutut.",
            "latitude": FLOOD[0],
            "longitude": FLOOD[1],
        },
    ).json()
    filer = wait_for_event(stack.nats.url, FILED, lambda e: e["data"]["tracking_code"] == flood["tracking_code"])
    assert filer["event"]["data"]["category_source"] == "filer"
    wait_for_event(
        stack.nats.url,
        REPORTED,
        lambda e: e["data"].get("latitude") == FLOOD[0] and e["data"].get("longitude") == FLOOD[1],
        timeout=20,
    )
    assert reports_at(stack, DRAIN) == []  # the model's word alone made no flood report

    dispatcher = _staff(stack, http, "dispatcher")
    confirmed = http.post(
        stack.url + f"/v1/complaints/{drain['tracking_code']}:dispatch",
        headers=dispatcher,
        json={"category": "banjir", "note": "dicek lewat telepon: air masuk rumah"},
    )
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["category"] == "banjir" and confirmed.json()["agency_code"] == "bpbd-7571"
    wait_for_event(
        stack.nats.url,
        CONFIRMED,
        lambda e: e["data"]["tracking_code"] == drain["tracking_code"] and e["data"]["category_source"] == "dispatcher",
    )
    wait_for_event(
        stack.nats.url,
        REPORTED,
        lambda e: e["data"].get("latitude") == DRAIN[0] and e["data"].get("longitude") == DRAIN[1],
        timeout=20,
    )
    assert len(reports_at(stack, DRAIN)) == 1

    again = http.post(
        stack.url + f"/v1/complaints/{drain['tracking_code']}:dispatch", headers=dispatcher, json={"category": "sampah"}
    )
    assert again.status_code == 409, again.text  # reviewed once: now the agency's


def test_civil_registration_and_public_transport_have_their_own_categories(stack, http, citizen):
    services = http.get(stack.url + "/open311/v2/services.json").json()
    assert {"adminduk", "angkutan_umum"} <= {s["service_code"] for s in services}
    for category, agency in (("adminduk", "disdukcapil-7571"), ("angkutan_umum", "dishub-7571")):
        filed = http.post(
            stack.url + "/v1/complaints",
            headers=citizen["headers"],
            json={
                "category": category,
                "title": unique("Keluhan layanan"),
                "description": "Mohon ditindaklanjuti segera.",
                "latitude": DRAIN[0],
                "longitude": DRAIN[1],
            },
        )
        assert filed.status_code == 200, filed.text
        assert filed.json()["agency_code"] == agency
