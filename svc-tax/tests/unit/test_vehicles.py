"""Use cases against an in-memory unit of work: validation, ownership, jurisdiction, events."""

import pytest

from gorontalo_tax.service_layer import vehicles as vehicle_services
from gorontalo_tax.service_layer.access import TaxOffices
from servicekit.auth import Principal
from servicekit.errors import Aborted, AlreadyExists, InvalidArgument, NotFound, PermissionDenied

GOOD = dict(
    plate_number="dm1234ab",
    vehicle_type="mobil_penumpang",
    model_year=2022,
    taxable_value=200_000_000,
    regency_code="7571",
)


def register(uow, rates, clock, principal, **changes):
    return vehicle_services.register_vehicle(uow, rates, clock, principal, **{**GOOD, **changes})


def test_register_normalises_assesses_and_records_one_event(fake_uow, rates, clock, principals):
    vehicle = register(fake_uow, rates, clock, principals.citizen("c-1"))
    assert (vehicle.plate_number, vehicle.regency_code, vehicle.owner_id) == ("DM 1234 AB", "75.71", "c-1")
    assert (vehicle.ownership_order, vehicle.annual_pkb, vehicle.annual_opsen_pkb) == (1, 2_100_000, 1_386_000)
    assert vehicle.registered_at == clock.now
    assert fake_uow.rows == {vehicle.id: vehicle}
    assert fake_uow.events == [
        {
            "type": "gorontalo.tax.vehicle.registered",
            "subject": vehicle.id,
            "data": {
                "vehicle_id": vehicle.id,
                "owner_id": "c-1",
                "regency_code": "75.71",
                "vehicle_type": "mobil_penumpang",
                "annual_pkb": "2100000",
            },  # int64: a string in proto3 JSON
        }
    ]


def test_ownership_order_counts_only_the_owners_vehicles(fake_uow, rates, clock, principals):
    register(fake_uow, rates, clock, principals.citizen("someone-else"), plate_number="DM 1 A")
    orders = [
        register(fake_uow, rates, clock, principals.citizen("c-1"), plate_number=f"DM {n} B").ownership_order
        for n in range(1, 7)
    ]
    assert orders == [1, 2, 3, 4, 5, 6]
    second = next(v for v in fake_uow.rows.values() if v.plate_number == "DM 2 B")
    assert second.annual_pkb == 3_150_000 and second.rate_basis_points == 150


def test_every_field_problem_is_reported_at_once(fake_uow, rates, clock, principals):
    with pytest.raises(InvalidArgument) as caught:
        vehicle_services.register_vehicle(
            fake_uow,
            rates,
            clock,
            principals.citizen(),
            plate_number="B 1234 XYZ",
            vehicle_type="truk",
            model_year=1949,
            taxable_value=-5,
            regency_code="7371",
        )
    reasons = {v.field: v.reason for v in caught.value.violations}
    assert reasons == {
        "plate_number": "plate_not_gorontalo",
        "vehicle_type": "not_one_of",
        "model_year": "out_of_range",
        "taxable_value": "out_of_range",
        "regency_code": "region_outside_gorontalo",
    }
    assert fake_uow.rows == {} and fake_uow.events == []


def test_missing_fields_are_required(fake_uow, rates, clock, principals):
    with pytest.raises(InvalidArgument) as caught:
        vehicle_services.register_vehicle(
            fake_uow,
            rates,
            clock,
            principals.citizen(),
            plate_number="",
            vehicle_type="",
            model_year=0,
            taxable_value=0,
            regency_code="",
        )
    assert {v.field: v.reason for v in caught.value.violations} == {
        f: "required" for f in ("plate_number", "vehicle_type", "model_year", "taxable_value", "regency_code")
    }


@pytest.mark.parametrize(
    "field,value,reason",
    [
        ("model_year", 2027, "out_of_range"),  # clock says 2025: next year's models at most
        ("taxable_value", 10**12 + 1, "out_of_range"),
        ("regency_code", "75.71.01", "regency_level_required"),
        ("regency_code", "75", "regency_level_required"),
        ("regency_code", "75.99", "region_unknown"),
        ("regency_code", "kota", "region_unknown"),
    ],
)
def test_single_field_limits(fake_uow, rates, clock, principals, field, value, reason):
    with pytest.raises(InvalidArgument) as caught:
        register(fake_uow, rates, clock, principals.citizen(), **{field: value})
    assert [(v.field, v.reason) for v in caught.value.violations] == [(field, reason)]


def test_limits_that_are_allowed(fake_uow, rates, clock, principals):
    vehicle = register(
        fake_uow,
        rates,
        clock,
        principals.citizen(),
        model_year=2026,
        taxable_value=10**12,
        regency_code="75.05",
        vehicle_type=" BUS ",
    )
    assert (vehicle.model_year, vehicle.vehicle_type, vehicle.regency_code) == (2026, "bus", "75.05")
    assert (
        register(
            fake_uow, rates, clock, principals.citizen(), plate_number="DM 2 A", model_year=1950, taxable_value=1
        ).annual_pkb
        == 0
    )


def test_a_plate_is_registered_once(fake_uow, rates, clock, principals):
    register(fake_uow, rates, clock, principals.citizen("c-1"))
    with pytest.raises(AlreadyExists) as caught:
        register(fake_uow, rates, clock, principals.citizen("c-2"), plate_number="DM 1234 ab")
    assert caught.value.reason == "vehicle_plate_exists"
    assert len(fake_uow.rows) == 1 and len(fake_uow.events) == 1


def test_only_citizens_register(fake_uow, rates, clock, principals):
    with pytest.raises(PermissionDenied):
        register(fake_uow, rates, clock, principals.officer("75"))


@pytest.fixture
def fleet(fake_uow, rates, clock, principals):
    """Two citizens' vehicles in Kota Gorontalo, Pohuwato and Boalemo, registered a minute apart."""
    made = {}
    for plate, owner, regency in [
        ("DM 1 A", "c-1", "75.71"),
        ("DM 2 A", "c-1", "75.04"),
        ("DM 3 A", "c-2", "75.71"),
        ("DM 4 A", "c-2", "75.02"),
    ]:
        made[plate] = register(
            fake_uow, rates, clock, principals.citizen(owner), plate_number=plate, regency_code=regency
        )
        clock.advance(minutes=1)
    return made


def plates(vehicles):
    return [v.plate_number for v in vehicles]


def test_citizens_list_their_own(fake_uow, fleet, principals):
    page, token = vehicle_services.list_vehicles(fake_uow, principals.citizen("c-2"), page_size=0, page_token="")
    assert plates(page) == ["DM 3 A", "DM 4 A"] and token == ""


@pytest.mark.parametrize(
    "jurisdiction,expected",
    [
        (("75",), ["DM 1 A", "DM 2 A", "DM 3 A", "DM 4 A"]),
        (("75.71",), ["DM 1 A", "DM 3 A"]),
        (("7504", "75.02"), ["DM 2 A", "DM 4 A"]),
        (("75.71.01",), []),  # a district officer's scope holds no regency-level object
        ((), []),
    ],
)
def test_officers_list_within_their_jurisdiction(fake_uow, fleet, principals, jurisdiction, expected):
    page, _ = vehicle_services.list_vehicles(fake_uow, principals.officer(*jurisdiction), page_size=10, page_token="")
    assert plates(page) == expected


def test_operators_list_everything_page_by_page(fake_uow, fleet, principals):
    seen, token = [], ""
    for _ in range(3):
        page, token = vehicle_services.list_vehicles(
            fake_uow, principals.staff("operator"), page_size=3, page_token=token
        )
        seen += plates(page)
        if not token:
            break
    assert seen == ["DM 1 A", "DM 2 A", "DM 3 A", "DM 4 A"] and token == ""


def test_bad_paging_is_invalid(fake_uow, principals):
    for size, token, field in [(-1, "", "page_size"), (101, "not-a-token!", "page_token")]:
        with pytest.raises(InvalidArgument) as caught:
            vehicle_services.list_vehicles(fake_uow, principals.citizen(), page_size=size, page_token=token)
        assert caught.value.violations[0].field == field
    assert caught.value.violations[0].reason == "invalid_page_token"


def test_get_by_owner_officer_and_staff(fake_uow, fleet, principals):
    vehicle = fleet["DM 2 A"]
    for principal in (
        principals.citizen("c-1"),
        principals.officer("75.04"),
        principals.officer("75"),
        principals.staff("operator"),
        principals.staff("admin"),
    ):
        assert vehicle_services.get_vehicle(fake_uow, principal, vehicle.id) == vehicle


def test_another_citizens_vehicle_looks_missing(fake_uow, fleet, principals):
    with pytest.raises(NotFound):
        vehicle_services.get_vehicle(fake_uow, principals.citizen("c-2"), fleet["DM 2 A"].id)
    with pytest.raises(NotFound):
        vehicle_services.get_vehicle(fake_uow, principals.citizen("c-2"), "no-such-id")


def test_an_officer_elsewhere_is_refused(fake_uow, fleet, principals):
    with pytest.raises(PermissionDenied) as caught:
        vehicle_services.get_vehicle(fake_uow, principals.officer("75.71"), fleet["DM 2 A"].id)
    assert caught.value.reason == "outside_jurisdiction"


def test_get_needs_an_id(fake_uow, principals):
    with pytest.raises(InvalidArgument) as caught:
        vehicle_services.get_vehicle(fake_uow, principals.citizen(), "  ")
    assert [(v.field, v.reason) for v in caught.value.violations] == [("id", "required")]


def _stale_counts(monkeypatch, fake_uow, counts):
    """Make count_for_owner answer from `counts` first, as if read before a concurrent commit."""
    with fake_uow:
        repository_class = type(fake_uow.vehicles)
    pending = iter(counts)
    monkeypatch.setattr(repository_class, "count_for_owner", lambda self, owner: next(pending))


def test_a_lost_ownership_order_race_is_recounted(monkeypatch, fake_uow, rates, clock, principals):
    register(fake_uow, rates, clock, principals.citizen("c-1"), plate_number="DM 1 A")
    _stale_counts(monkeypatch, fake_uow, [0, 1])  # first attempt saw no vehicle; the retry sees one
    vehicle = register(fake_uow, rates, clock, principals.citizen("c-1"), plate_number="DM 2 A")
    assert vehicle.ownership_order == 2 and vehicle.rate_basis_points == 150
    assert len(fake_uow.events) == 2 and fake_uow.commits == 2


def test_a_race_lost_every_time_is_aborted_for_the_caller_to_retry(monkeypatch, fake_uow, rates, clock, principals):
    register(fake_uow, rates, clock, principals.citizen("c-1"), plate_number="DM 1 A")
    _stale_counts(monkeypatch, fake_uow, [0, 0, 0])
    with pytest.raises(Aborted) as caught:
        register(fake_uow, rates, clock, principals.citizen("c-1"), plate_number="DM 2 A")
    assert caught.value.status == "ABORTED" and caught.value.reason == "registration_conflict"
    assert len(fake_uow.rows) == 1 and len(fake_uow.events) == 1


def test_only_tax_office_officers_read_vehicles_and_the_use_cases_decide_it(fake_uow, fleet):
    """The agency rule lives in the use cases (access.py), not in the servicer: an officer of another agency
    of the same regency is refused; the prefixes are configurable (TAX_OFFICE_AGENCY_PREFIXES)."""
    disaster_office = Principal("officer-bpbd", "officer", agency="bpbd-7571", jurisdiction=("75.71",), token_id="t")
    kota = fleet["DM 1 A"]
    for call in (
        lambda: vehicle_services.list_vehicles(fake_uow, disaster_office, page_size=10, page_token=""),
        lambda: vehicle_services.get_vehicle(fake_uow, disaster_office, kota.id),
    ):
        with pytest.raises(PermissionDenied) as caught:
            call()
        assert caught.value.reason == "not_tax_office"
    page, _ = vehicle_services.list_vehicles(
        fake_uow, disaster_office, page_size=10, page_token="", offices=TaxOffices(("bpbd-",))
    )
    assert plates(page) == ["DM 1 A", "DM 3 A"]
