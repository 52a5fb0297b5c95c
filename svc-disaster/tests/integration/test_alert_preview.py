"""PreviewAlert: the CAP document a draft would become and every problem with it, nothing stored or sent."""

import datetime as dt

import grpc
import pytest
from google.protobuf import timestamp_pb2
from lxml import etree

from gorontalo.disaster.v1 import disaster_pb2
from gorontalo_disaster.adapters import cap
from gorontalo_disaster.domain.alert import Area
from gorontalo_disaster.service_layer import alerts
from servicekit.auth import Principal
from servicekit.errors import PermissionDenied

from .test_alerts import BASE, BPBD, BPBD_KOTA, CAP_NS, draft, events, schema  # noqa: F401
from .test_grpc import stub  # noqa: F401  (the in-process server fixture)


def test_a_good_draft_previews_as_valid_cap_and_nothing_is_issued(app, clock, schema):
    found = alerts.preview(app.uow(), clock, BPBD, draft(clock), base_url=BASE)
    assert found.valid and found.problems == []
    document = etree.fromstring(found.cap_xml.encode("utf-8"))
    schema.assertValid(document)
    assert document.findtext(CAP_NS + "msgType") == "Alert"
    assert [i.findtext(CAP_NS + "language") for i in document.findall(CAP_NS + "info")] == ["id-ID", "en-US"]
    assert events(app) == [] and alerts.list_alerts(app.uow(), clock, include_inactive=True) == []


def test_rule_problems_come_with_the_document_when_it_can_be_drawn(app, clock):
    found = alerts.preview(
        app.uow(),
        clock,
        BPBD,
        draft(clock, headline={"id": "", "en": "Flood"}, expires=clock.now - dt.timedelta(minutes=1)),
        base_url=BASE,
    )
    assert not found.valid
    assert {(p.field, p.reason) for p in found.problems} >= {
        ("headline.id", "required"),
        ("expires", "alert_expires_past"),
    }
    assert "<alert" in found.cap_xml  # still shown, to read beside the problems
    unknown = alerts.preview(app.uow(), clock, BPBD, draft(clock, hazard="meteor"), base_url=BASE)
    assert unknown.cap_xml == "" and ("hazard", "not_one_of") in {(p.field, p.reason) for p in unknown.problems}


def test_values_outside_the_cap_schema_are_named_by_the_xsd(app, clock):
    found = alerts.preview(app.uow(), clock, BPBD, draft(clock, urgency="Sekarang"), base_url=BASE)
    schema_problems = [p for p in found.problems if p.reason == "cap_schema_invalid"]
    assert {p.field for p in schema_problems} == {"document.info[0].urgency", "document.info[1].urgency"}
    assert ("urgency", "not_one_of") in {(p.field, p.reason) for p in found.problems}
    assert cap.schema_problems(found.cap_xml.encode("utf-8"))  # the same check, on its own


def test_areas_outside_the_officers_jurisdiction_are_a_problem_there(app, clock):
    found = alerts.preview(app.uow(), clock, BPBD_KOTA, draft(clock), base_url=BASE)  # Bone Bolango codes
    assert ("areas[0].region_codes", "outside_jurisdiction") in {(p.field, p.reason) for p in found.problems}
    with pytest.raises(PermissionDenied):
        alerts.preview(
            app.uow(),
            clock,
            Principal(subject="x", role="officer", agency="Bapenda", jurisdiction=("75",)),
            draft(clock),
            base_url=BASE,
        )


def test_an_update_preview_references_the_alert_it_replaces(app, clock, schema):
    first = alerts.issue(app.uow(), clock, BPBD, draft(clock), base_url=BASE)
    clock.advance(minutes=5)
    found = alerts.preview(
        app.uow(),
        clock,
        BPBD,
        draft(clock, severity="Moderate", areas=[Area(description="Kabila", region_codes=["75.03.02"])]),
        update_of=first.id,
        base_url=BASE,
    )
    assert found.valid, found.problems
    document = etree.fromstring(found.cap_xml.encode("utf-8"))
    schema.assertValid(document)
    assert document.findtext(CAP_NS + "msgType") == "Update"
    assert document.findtext(CAP_NS + "references") == first.reference
    assert [a.id for a in alerts.list_alerts(app.uow(), clock)] == [first.id]  # still the one in force


def _stamp(value: dt.datetime) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(value)
    return stamp


def test_the_rpc_describes_problems_in_the_callers_language(stub, minter, clock):  # noqa: F811
    officer = minter.metadata(role="officer", agency="BPBD Provinsi Gorontalo", jurisdiction=["75"])
    body = disaster_pb2.PreviewAlertRequest(
        alert=disaster_pb2.IssueAlertRequest(
            hazard="banjir",
            urgency="Expected",
            severity="Severe",
            certainty="Likely",
            response_type="Prepare",
            headline=disaster_pb2.LocalizedText(id="Siaga banjir", en=""),
            description=disaster_pb2.LocalizedText(id="Hujan lebat.", en="Heavy rain."),
            areas=[disaster_pb2.AlertArea(description="Tapa", region_codes=["75.03.01"])],
            expires=_stamp(clock.now + dt.timedelta(hours=3)),
        )
    )
    answer = stub.PreviewAlert(body, metadata=officer)
    assert not answer.valid and answer.schema_valid and "<alert" in answer.cap_xml
    [problem] = answer.problems
    assert (problem.field, problem.reason, problem.detail) == ("headline.en", "REQUIRED", "Wajib diisi.")
    english = stub.PreviewAlert(body, metadata=officer + [("accept-language", "en")])
    assert english.problems[0].detail != "Wajib diisi."
    body.alert.headline.en = "Flood watch"
    assert stub.PreviewAlert(body, metadata=officer).valid
    with pytest.raises(grpc.RpcError) as refused:
        stub.PreviewAlert(body, metadata=minter.metadata(role="citizen"))
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
