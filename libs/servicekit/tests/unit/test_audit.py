"""The audit interceptor's choices: which calls are staff writes, and what of them is kept."""

from __future__ import annotations

import datetime as dt

from gorontalo.identity.v1 import audit_pb2
from gorontalo.identity.v1 import identity_pb2 as pb
from servicekit import audit, event_messages
from servicekit.auth import Principal

NOW = dt.datetime(2026, 12, 6, 1, 2, 3, tzinfo=dt.UTC)
OFFICER = Principal(subject="o-1", role="officer", agency="dpmptsp-7571", jurisdiction=("75.71",))
SET_HEAD = "/gorontalo.identity.v1.IdentityService/SetAgencyHead"


def test_writes_are_the_routes_with_a_write_verb():
    assert audit.write_route(SET_HEAD) == ("POST", "/v1/identity/officers/{officer_id}:setAgencyHead")
    assert audit.write_route("/gorontalo.identity.v1.IdentityService/ListAgencies") is None  # GET
    assert audit.write_route("/gorontalo.identity.v1.IdentityService/IssueServiceToken") is None  # gRPC only
    assert audit.write_route("/grpc.health.v1.Health/Check") is None


def test_a_staff_write_keeps_who_what_and_the_route_ids_never_the_body():
    request = pb.SetAgencyHeadRequest(officer_id="x-9", agency_head=True)
    action = audit.action_for(SET_HEAD, request, OFFICER, NOW)
    assert (action.actor_id, action.actor_role, action.agency, list(action.jurisdiction)) == (
        "o-1",
        "officer",
        "dpmptsp-7571",
        ["75.71"],
    )
    assert (action.service, action.method, dict(action.resource), action.at) == (
        "identity",
        "SetAgencyHead",
        {"officer_id": "x-9"},
        "2026-12-06T01:02:03.000Z",
    )
    lookup = pb.LookupResidentRequest(nik="7571014101900003", purpose="cek")
    kept = audit.action_for("/gorontalo.identity.v1.IdentityService/LookupResident", lookup, OFFICER, NOW)
    assert "7571014101900003" not in str(event_messages.to_data(kept))


def test_citizens_and_anonymous_callers_are_not_staff():
    request = pb.SetAgencyHeadRequest(officer_id="x-9")
    assert audit.action_for(SET_HEAD, request, None, NOW) is None
    assert audit.action_for(SET_HEAD, request, Principal(subject="c", role="citizen"), NOW) is None


def test_personal_route_variables_are_left_out():
    class Request:
        nik = "7571014101900003"
        id = "abc"

    assert audit.route_values("/v1/x/{nik}/y/{id}", Request()) == {"id": "abc"}


def test_every_service_has_its_declared_type():
    declared = event_messages.event_types(audit_pb2.StaffActionRecorded)
    for service in ("identity", "permits", "tax", "complaints", "disaster", "inbox"):
        assert audit.event_type_for(service) in declared
    assert audit.service_of("/gorontalo.permits.v1.PermitsService/ReviewApplication") == "permits"
