"""The application life cycle and the submission rules, without a database."""

import datetime as dt

import pytest

from gorontalo_permits.domain import model
from gorontalo_permits.domain.catalog import PermitType
from gorontalo_permits.domain.submission import validate_submission
from servicekit.errors import FailedPrecondition, InvalidArgument

NOW = dt.datetime(2025, 3, 3, 1, 30, tzinfo=dt.UTC)
RESTORAN = PermitType("56101", "Restoran", model.MENENGAH_RENDAH, 5, 150_000, ("KTP",))
WARUNG = PermitType("56102", "Rumah/Warung Makan", model.RENDAH, 0, 0, ())


NIB = "9120001234567"


def new_application(permit_type=RESTORAN, nib=NIB) -> model.Application:
    return model.Application.submit(
        id="a1",
        applicant_id="citizen-a",
        permit_type=permit_type,
        kbli_code=permit_type.kbli_code,
        business_name="Warung Ilabulo",
        business_address="Jl. Panjaitan 1",
        region_code="75.71.01.1001",
        regency_code="75.71",
        latitude=0.54,
        longitude=123.05,
        investment_rupiah=5_000_000,
        workforce=2,
        now=NOW,
        nib=nib,
    )


def test_a_non_low_risk_application_waits_for_review():
    application = new_application()
    assert application.status == model.SUBMITTED
    assert [(e.status, e.actor_role) for e in application.timeline] == [("submitted", "citizen")]
    assert (application.fee_rupiah, application.sla_working_days) == (150_000, 5)


def test_a_low_risk_application_is_issued_at_once_with_both_steps_on_the_timeline():
    application = new_application(WARUNG)
    assert application.status == model.ISSUED
    assert [(e.status, e.actor_role) for e in application.timeline] == [
        ("submitted", "citizen"),
        ("issued", model.SYSTEM_ROLE),
    ]
    assert application.timeline[1].note


def test_a_low_risk_application_without_an_nib_is_refused():
    with pytest.raises(InvalidArgument) as caught:
        new_application(WARUNG, nib="")
    assert [(v.field, v.reason) for v in caught.value.violations] == [("nib", "nib_required_for_issue")]


def test_start_review_moves_to_in_review_and_records_the_officer_and_note():
    application = new_application()
    later = NOW + dt.timedelta(hours=2)
    application.start_review(officer_id="officer-kota", at=later, note="Berkas lengkap")
    assert application.status == model.IN_REVIEW
    assert application.updated_at == later
    assert application.timeline[-1] == model.TimelineEntry(
        "in_review", "officer", later, "Berkas lengkap", "officer-kota"
    )


def test_start_review_twice_is_refused_with_the_current_status():
    application = new_application()
    application.start_review(officer_id="o", at=NOW)
    with pytest.raises(FailedPrecondition) as caught:
        application.start_review(officer_id="o", at=NOW)
    assert caught.value.reason == "review_requires_submitted"
    assert caught.value.params == {"status": "in_review"}
    assert len(application.timeline) == 2


@pytest.mark.parametrize(
    "path",
    [
        ["in_review", "revision_requested", "submitted", "in_review", "awaiting_payment", "paid", "approved", "issued"],
        ["in_review", "rejected"],
        ["in_review", "approved", "issued"],
        ["in_review", "approved", "withdrawn"],
        ["in_review", "awaiting_payment", "withdrawn"],  # Application.withdraw asks for the bill's cancellation
        ["withdrawn"],
    ],
)
def test_allowed_paths_through_the_life_cycle(path):
    application = new_application()
    for status in path:
        application.transition(status, actor_role="officer", at=NOW)
    assert [e.status for e in application.timeline] == ["submitted", *path]


@pytest.mark.parametrize(
    "path,illegal",
    [
        ([], "awaiting_payment"),
        ([], "rejected"),
        (["in_review"], "submitted"),
        (["in_review", "rejected"], "in_review"),
        (["in_review"], "issued"),  # never without a decision
        (["in_review", "awaiting_payment"], "approved"),  # never without the payment
        (["in_review", "awaiting_payment", "paid"], "withdrawn"),  # the fee is spent
        (["in_review", "approved", "issued"], "revision_requested"),
        ([], "no_such_status"),
    ],
)
def test_illegal_transitions_raise_and_change_nothing(path, illegal):
    application = new_application()
    for status in path:
        application.transition(status, actor_role="officer", at=NOW)
    before = (application.status, list(application.timeline))
    with pytest.raises(model.IllegalTransition) as caught:
        application.transition(illegal, actor_role="officer", at=NOW)
    assert caught.value.status == "FAILED_PRECONDITION"
    assert caught.value.params == {"current": before[0], "target": illegal}
    assert (application.status, application.timeline) == before


def test_only_low_risk_may_skip_review():
    with pytest.raises(model.IllegalTransition):
        new_application().transition(model.ISSUED, actor_role="system", at=NOW)


def test_final_statuses_have_no_way_out():
    assert model.FINAL_STATUSES == {"issued", "rejected", "withdrawn"}
    for status in model.STATUSES:
        assert all(target in model.STATUSES for target in model.TRANSITIONS[status])


def _valid(**overrides):
    fields = dict(
        kbli_code="56101",
        business_name="  Rumah   Makan Tapa  ",
        business_address="Jl. Agus Salim 3",
        region_code="7571011001",
        latitude=0.54,
        longitude=123.05,
        investment_rupiah=0,
        workforce=0,
    )
    fields.update(overrides)
    return fields


def test_validation_cleans_and_derives(catalog):
    submission = validate_submission(catalog, **_valid())
    assert submission.region_code == "75.71.01.1001"
    assert submission.regency_code == "75.71"
    assert submission.business_name == "Rumah Makan Tapa"
    assert submission.permit_type.kbli_code == "56101"


def test_validation_reports_every_problem_at_once(catalog):
    with pytest.raises(InvalidArgument) as caught:
        validate_submission(
            catalog,
            **_valid(
                kbli_code="99999",
                business_name="ab",
                business_address="",
                region_code="75.71",
                latitude=-6.2,
                longitude=106.8,
                investment_rupiah=10**15 + 1,
                workforce=-1,
            ),
        )
    reasons = {(v.field, v.reason) for v in caught.value.violations}
    assert reasons == {
        ("kbli_code", "kbli_unknown"),
        ("business_name", "too_short"),
        ("business_address", "required"),
        ("region_code", "region_level_invalid"),
        ("latitude", "coordinates_outside_gorontalo"),
        ("longitude", "coordinates_outside_gorontalo"),
        ("investment_rupiah", "out_of_range"),
        ("workforce", "out_of_range"),
    }


@pytest.mark.parametrize(
    "code,reason",
    [
        ("", "required"),
        ("5610", "kbli_invalid"),
        ("5610a", "kbli_invalid"),
        ("10623", "kbli_unknown"),
    ],
)
def test_kbli_code_reasons(catalog, code, reason):
    with pytest.raises(InvalidArgument) as caught:
        validate_submission(catalog, **_valid(kbli_code=code))
    assert [(v.field, v.reason) for v in caught.value.violations] == [("kbli_code", reason)]


@pytest.mark.parametrize(
    "code,reason",
    [
        ("", "required"),
        ("not-a-code", "region_unknown"),
        ("75.71.99", "region_unknown"),
        ("73.71", "region_outside_gorontalo"),
        ("75", "region_outside_gorontalo"),
        ("75.04", "region_level_invalid"),
    ],
)
def test_region_code_reasons(catalog, code, reason):
    with pytest.raises(InvalidArgument) as caught:
        validate_submission(catalog, **_valid(region_code=code))
    assert [(v.field, v.reason) for v in caught.value.violations] == [("region_code", reason)]


def test_a_district_code_is_a_valid_location(catalog):
    assert validate_submission(catalog, **_valid(region_code="75.04.04")).regency_code == "75.04"


@pytest.mark.parametrize("lat,lon", [(0.0, 0.0), (float("nan"), 123.0), (0.5, float("inf"))])
def test_coordinates_must_be_real_and_in_gorontalo(catalog, lat, lon):
    with pytest.raises(InvalidArgument) as caught:
        validate_submission(catalog, **_valid(latitude=lat, longitude=lon))
    assert {v.field for v in caught.value.violations} == {"latitude", "longitude"}


def test_bounds_are_inclusive(catalog):
    submission = validate_submission(
        catalog, **_valid(investment_rupiah=10**15, workforce=100_000, business_name="abc", business_address="a" * 300)
    )
    assert submission.investment_rupiah == 10**15
    with pytest.raises(InvalidArgument):
        validate_submission(catalog, **_valid(business_name="a" * 151))
