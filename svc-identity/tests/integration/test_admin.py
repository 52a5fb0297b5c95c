"""Administration: agencies (OPD), officers inside their agency's region, API clients."""

import hashlib

import pytest

from gorontalo_identity.adapters.tables import accounts, agencies, api_clients
from gorontalo_identity.service_layer import admin
from servicekit.errors import AlreadyExists, InvalidArgument

OFFICER_CREATED = "gorontalo.identity.officer.created"


def _violations(call, *args, **kwargs):
    with pytest.raises(InvalidArgument) as caught:
        call(*args, **kwargs)
    return {(v.field, v.reason) for v in caught.value.violations}


def test_an_agency_is_created_with_normalised_code_name_and_region(ident):
    agency = ident.agency(code=" DPMPTSP-7571 ", name="  DPMPTSP   Kota Gorontalo ", region_code="7571")
    assert (agency.code, agency.name, agency.region_code) == ("dpmptsp-7571", "DPMPTSP Kota Gorontalo", "75.71")
    with ident.uow() as uow:
        assert uow.agencies.get(agency.id) == agency
    assert [a.code for a in admin.list_agencies(ident.uow(), 0, 10)] == ["dpmptsp-7571"]


@pytest.mark.parametrize("region", ["75", "75.04", "75.71.01", "75.71.01.1001"])
def test_an_agency_may_cover_the_province_or_any_region_inside_it(ident, region):
    assert ident.agency(code="opd-test", region_code=region).region_code == region


@pytest.mark.parametrize(
    "fields,expected",
    [
        ({"code": "a"}, {("code", "agency_code_invalid")}),
        ({"code": "kode dinas"}, {("code", "agency_code_invalid")}),
        ({"code": "-dinas"}, {("code", "agency_code_invalid")}),
        ({"code": "x" * 61}, {("code", "agency_code_invalid")}),
        ({"region_code": "73.71"}, {("region_code", "region_outside_gorontalo")}),  # Makassar
        ({"region_code": "75.99"}, {("region_code", "region_outside_gorontalo")}),  # no such regency
        ({"region_code": "abc"}, {("region_code", "region_outside_gorontalo")}),
        ({"region_code": ""}, {("region_code", "region_outside_gorontalo")}),
        ({"name": "ab"}, {("name", "too_short")}),
        (
            {"code": "", "name": "", "region_code": "31.71"},
            {("code", "agency_code_invalid"), ("name", "required"), ("region_code", "region_outside_gorontalo")},
        ),
    ],
)
def test_invalid_agencies_are_refused_with_every_reason(ident, fields, expected):
    data = {"code": "dpmptsp-7571", "name": "DPMPTSP Kota Gorontalo", "region_code": "75.71"} | fields
    assert _violations(admin.create_agency, ident.uow(), ident.clock, **data) == expected
    assert ident.count(agencies) == 0


def test_an_agency_code_is_unique_whatever_its_case(ident):
    ident.agency()
    with pytest.raises(AlreadyExists) as caught:
        ident.agency(code="DPMPTSP-7571", name="Another name", region_code="75.04")
    assert caught.value.reason == "agency_exists"
    assert ident.count(agencies) == 1


@pytest.mark.parametrize("agency_id", ["", "00000000-0000-0000-0000-000000000000"])
def test_an_officer_needs_a_known_agency(ident, agency_id):
    assert _violations(
        admin.create_officer,
        ident.uow(),
        ident.passwords,
        ident.clock,
        agency_id=agency_id,
        username="petugas.kota",
        full_name="Petugas Kota",
        password=ident.PASSWORD,
        jurisdiction=["75.71"],
    ) == {("agency_id", "agency_unknown")}
    assert ident.count(accounts) == 0


@pytest.mark.parametrize("jurisdiction", [["75.04"], ["7504"], ["75.71", "75.04.01"], ["75"], ["73.71"]])
def test_an_officer_cannot_act_outside_the_agency_region(ident, jurisdiction):
    agency = ident.agency()  # Kota Gorontalo, 75.71
    with pytest.raises(InvalidArgument) as caught:
        ident.officer(agency, "petugas.kota", jurisdiction)
    [violation] = caught.value.violations
    assert (violation.field, violation.reason, violation.params) == (
        "jurisdiction",
        "jurisdiction_outside_agency",
        {"region": "75.71"},
    )
    assert ident.count(accounts) == 0 and ident.events(OFFICER_CREATED) == []


@pytest.mark.parametrize(
    "jurisdiction,stored",
    [
        (["75.71"], ["75.71"]),
        (["7571"], ["75.71"]),
        (["75.71.01", "757102"], ["75.71.01", "75.71.02"]),
        (["75.71.01.1001"], ["75.71.01.1001"]),
    ],
)
def test_an_officer_within_the_agency_region_is_created(ident, jurisdiction, stored):
    agency = ident.agency()
    officer = ident.officer(agency, "Petugas.Kota", jurisdiction)
    assert (officer.role, officer.username, officer.agency, officer.agency_id, officer.jurisdiction) == (
        "officer",
        "petugas.kota",
        "DPMPTSP Kota Gorontalo",
        agency.id,
        stored,
    )
    assert officer.nik is None and officer.regency_code == ""


def test_a_province_agency_may_have_officers_anywhere_in_gorontalo(ident):
    agency = ident.agency(code="bpbd-provinsi", name="BPBD Provinsi Gorontalo", region_code="75")
    assert ident.officer(agency, "petugas.bpbd", ["75.04", "75.71"]).jurisdiction == ["75.04", "75.71"]


def test_an_officer_jurisdiction_must_not_be_empty(ident):
    assert _violations(ident.officer, ident.agency(), "petugas.kota", []) == {("jurisdiction", "required")}


def test_the_officers_token_carries_agency_and_jurisdiction(ident):
    officer = ident.officer(ident.agency(), "petugas.kota", ["75.71.01"])
    principal = ident.principal_of("petugas.kota")
    assert (principal.subject, principal.role, principal.agency, principal.jurisdiction) == (
        officer.id,
        "officer",
        "dpmptsp-7571",
        ("75.71.01",),
    )  # the agency's code: services match on it


def test_creating_an_officer_records_one_event(ident):
    officer = ident.officer(ident.agency(), "petugas.kota", ["75.71"])
    [event] = ident.events(OFFICER_CREATED)
    assert event["subject"] == officer.id
    assert event["data"] == {
        "officer_id": officer.id,
        "agency": "DPMPTSP Kota Gorontalo",
        "jurisdiction": ["75.71"],
        "agency_head": False,
    }
    assert [e["type"] for e in ident.events()] == [OFFICER_CREATED]


def test_the_agency_head_is_marked_in_the_token_and_other_officers_are_not(ident):
    agency = ident.agency()
    ident.officer(agency, "petugas.kota", ["75.71"])
    head = ident.officer(agency, "kepala.kota", ["75.71"], full_name="Kepala DPMPTSP", agency_head=True)
    assert head.agency_head
    with ident.uow() as uow:
        assert uow.accounts.agency_head_of(agency.id).id == head.id
    assert ident.principal_of("kepala.kota").agency_head is True
    assert ident.principal_of("petugas.kota").agency_head is False
    assert ident.events(OFFICER_CREATED)[-1]["data"]["agency_head"] is True


def test_an_agency_has_one_head(ident):
    agency, other = ident.agency(), ident.agency(code="dpmptsp-7504", region_code="75.04")
    ident.officer(agency, "kepala.kota", ["75.71"], agency_head=True)
    with pytest.raises(AlreadyExists) as caught:
        ident.officer(agency, "kepala.kedua", ["75.71"], agency_head=True)
    assert caught.value.reason == "agency_head_exists"
    ident.officer(other, "kepala.pohuwato", ["75.04"], agency_head=True)  # another agency's head is fine
    assert ident.count(accounts) == 2


def test_a_new_head_takes_over_in_one_step_and_can_be_relieved(ident):
    agency = ident.agency()
    old = ident.officer(agency, "kepala.lama", ["75.71"], agency_head=True)
    new = ident.officer(agency, "kepala.baru", ["75.71"])
    appointed = admin.set_agency_head(ident.uow(), ident.clock, officer_id=new.id, agency_head=True)
    assert appointed.agency_head
    assert ident.principal_of("kepala.baru").agency_head and not ident.principal_of("kepala.lama").agency_head
    [event] = ident.events("gorontalo.identity.officer.agency_head_changed")
    assert event["data"] == {
        "officer_id": new.id,
        "agency_id": agency.id,
        "agency_head": True,
        "previous_head_id": old.id,
    }
    again = admin.set_agency_head(ident.uow(), ident.clock, officer_id=new.id, agency_head=True)
    assert again.agency_head and len(ident.events("gorontalo.identity.officer.agency_head_changed")) == 1
    admin.set_agency_head(ident.uow(), ident.clock, officer_id=new.id, agency_head=False)
    with ident.uow() as uow:
        assert uow.accounts.agency_head_of(agency.id) is None


def test_only_officers_can_be_appointed_head(ident):
    from servicekit.errors import NotFound

    for officer_id in ("", "00000000-0000-0000-0000-000000000000"):
        with pytest.raises(NotFound):
            admin.set_agency_head(ident.uow(), ident.clock, officer_id=officer_id, agency_head=True)


def test_only_an_officer_of_an_agency_can_head_it(ident):
    from gorontalo_identity.service_layer import services

    assert _violations(
        services.create_staff,
        ident.uow(),
        ident.passwords,
        ident.clock,
        role="operator",
        username="operator.x",
        full_name="Operator",
        password="rahasia-sekali",
        agency_head=True,
    ) == {("agency_head", "agency_head_needs_agency")}


def test_a_second_officer_with_the_same_username_is_refused(ident):
    agency = ident.agency()
    ident.officer(agency, "petugas.kota", ["75.71"])
    with pytest.raises(AlreadyExists):
        ident.officer(agency, "PETUGAS.KOTA", ["75.71.01"])
    assert len(ident.events(OFFICER_CREATED)) == 1


def test_an_api_client_secret_is_returned_once_and_stored_only_as_a_hash(ident):
    client, secret = admin.create_api_client(ident.uow(), ident.clock, name=" RS Aloei Saboe ", rate_limit_per_minute=0)
    assert client.id.startswith("rp_") and client.name == "RS Aloei Saboe"
    assert client.rate_limit_per_minute == 60  # 0 means the default
    assert len(secret) >= 40
    [row] = ident.rows(api_clients)
    assert all(secret not in str(value) for value in row)
    assert row.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    other, other_secret = admin.create_api_client(
        ident.uow(), ident.clock, name="Bank SulutGo", rate_limit_per_minute=3
    )
    assert other.id != client.id and other_secret != secret and other.rate_limit_per_minute == 3


@pytest.mark.parametrize(
    "name,rate,expected",
    [
        ("ab", 10, {("name", "too_short")}),
        ("", 10, {("name", "required")}),
        ("Bank SulutGo", 6001, {("rate_limit_per_minute", "out_of_range")}),
        ("Bank SulutGo", -1, {("rate_limit_per_minute", "out_of_range")}),
    ],
)
def test_invalid_api_clients_are_refused(ident, name, rate, expected):
    assert (
        _violations(admin.create_api_client, ident.uow(), ident.clock, name=name, rate_limit_per_minute=rate)
        == expected
    )
    assert ident.count(api_clients) == 0
