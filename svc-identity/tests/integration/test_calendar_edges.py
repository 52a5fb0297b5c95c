"""Birth dates at the calendar's edge are refused naming the field, never guessed at or crashed on."""

import pytest

from gorontalo_identity.service_layer import ektp
from gorontalo_identity.service_layer.register_import import import_register
from servicekit.errors import InvalidArgument

EDGES = ["9999-12-31", "0001-01-01", "0001-01-01T00:00:00-12:00"]


def _violations(error) -> list[tuple[str, str]]:
    return [(v.field, v.reason) for v in error.violations]


@pytest.mark.parametrize("raw", EDGES)
def test_sign_up_names_birth_date(ident, raw):
    with pytest.raises(InvalidArgument) as caught:
        ident.signup(birth_date=raw)
    reasons = dict(_violations(caught.value))
    assert reasons.get("birth_date") in ("out_of_range", "invalid_date"), _violations(caught.value)
    if "T" not in raw:
        assert reasons["birth_date"] == "out_of_range"
        [violation] = [v for v in caught.value.violations if v.field == "birth_date"]
        assert violation.params == {"min": "1800-01-01", "max": "2999-12-31"}


@pytest.mark.parametrize("raw", EDGES)
def test_an_ektp_check_names_birth_date_instead_of_answering_no_match(ident, raw):
    _client, authorization = ident.api_client()
    with pytest.raises(InvalidArgument) as caught:
        ektp.verify_ektp(
            ident.uow(),
            ident.clock,
            authorization=authorization,
            nik=ident.SITI_NIK,
            full_name="Siti Rahma",
            birth_date=raw,
            purpose="Pembukaan rekening tabungan",
        )
    assert dict(_violations(caught.value)).get("birth_date") in ("out_of_range", "invalid_date")


@pytest.mark.parametrize("raw", EDGES[:2])
def test_a_register_row_names_birth_date(ident_empty, raw):
    report = import_register(
        ident_empty.uow(), ident_empty.clock, ident_empty.register_csv([ident_empty.SITI | {"birth_date": raw}])
    )
    assert not report.ok
    assert ("birth_date", "out_of_range") in [
        (v.field, v.reason) for _line, problems in report.rejected for v in problems
    ]


def test_a_day_before_the_range_is_out_of_range(ident):
    with pytest.raises(InvalidArgument) as caught:
        ident.signup(birth_date="1799-12-31")
    assert ("birth_date", "out_of_range") in _violations(caught.value)
