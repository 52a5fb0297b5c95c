"""Bills, the UU 1/2022 late penalty, billing codes, NOPs and PBB: plain domain rules."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gorontalo_tax.domain import billing
from gorontalo_tax.domain.billing import Bill, BillLine, PenaltyPolicy
from gorontalo_tax.domain.model import WITA
from gorontalo_tax.domain.property import PbbRate, PbbRateError, check_nop, format_nop, nik_shape_ok

DUE = dt.date(2026, 1, 31)


def at(year, month, day, hour=12) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=WITA)


def bill(lines=(("pkb", 1_000_000, "75"), ("opsen_pkb", 660_000, "75.71")), due=DUE, status="unpaid") -> Bill:
    return Bill(
        id="b1",
        tax_type="pkb",
        object_id="v1",
        tax_year=2026,
        authority_code="75",
        region_code="75.71",
        owner_id="c1",
        owner_nik_index=None,
        description="PKB",
        due_date=due,
        status=status,
        issued_at=at(2026, 1, 1),
        lines=[BillLine(*line) for line in lines],
    )


@pytest.mark.parametrize(
    ("now", "months"),
    [
        (at(2026, 1, 31, 23), 0),  # on the due date (local time): nothing yet
        (at(2026, 2, 1, 0), 1),  # the next day opens month 1
        (at(2026, 2, 28), 1),  # 31 Jan + 1 month is clamped to 28 Feb: still month 1
        (at(2026, 3, 1), 2),
        (at(2026, 3, 31), 2),
        (at(2026, 4, 1), 3),
        (at(2028, 1, 31), 24),
        (at(2028, 2, 1), 25),  # counted, but the penalty stops at 24
    ],
)
def test_months_started_after_the_due_date(now, months):
    assert billing.months_started(DUE, now) == months


def test_due_date_is_judged_in_wita_not_utc():
    # 16:30 UTC on the due date is 00:30 WITA on the next day: month 1 has started.
    assert billing.months_started(DUE, dt.datetime(2026, 1, 31, 16, 30, tzinfo=dt.UTC)) == 1
    assert billing.months_started(DUE, dt.datetime(2026, 1, 31, 15, 59, tzinfo=dt.UTC)) == 0


def test_penalty_is_one_percent_per_started_month_capped_at_24():
    assert billing.penalty(1_660_000, DUE, at(2026, 1, 15)) == 0
    assert billing.penalty(1_660_000, DUE, at(2026, 2, 1)) == 16_600
    assert billing.penalty(1_660_000, DUE, at(2026, 4, 1)) == 49_800
    assert billing.penalty(1_660_000, DUE, at(2030, 1, 1)) == 398_400  # 24%
    assert billing.penalty(99, DUE, at(2026, 2, 1)) == 0  # floor to whole rupiah


def test_penalty_rates_are_configurable_within_the_law():
    policy = PenaltyPolicy(bp_per_month=50, max_months=12)
    assert billing.penalty(1_000_000, DUE, at(2030, 1, 1), policy) == 60_000
    with pytest.raises(ValueError):
        PenaltyPolicy(bp_per_month=150)
    with pytest.raises(ValueError):
        PenaltyPolicy(max_months=25)


def test_statement_shows_the_penalty_as_its_own_line():
    now = at(2026, 3, 1)
    current = billing.statement(bill(), now)
    assert current.penalty == 33_200 and current.penalty_months == 2
    assert [line.kind for line in current.lines] == ["pkb", "opsen_pkb", "penalty"]
    assert current.total == 1_660_000 + 33_200
    assert [line.kind for line in billing.statement(bill(), at(2026, 1, 2)).lines] == ["pkb", "opsen_pkb"]


def test_a_settled_bill_accrues_nothing():
    assert billing.statement(bill(status="paid"), at(2027, 1, 1)).penalty == 0


def test_code_expiry_never_crosses_a_penalty_change():
    validity = dt.timedelta(hours=24)
    before_due = at(2026, 1, 31, 20)
    expires = billing.code_expiry(bill(), before_due, validity)
    assert expires == dt.datetime(2026, 2, 1, 0, 0, tzinfo=WITA)  # month 1 opens at local midnight
    early = at(2026, 1, 10)
    assert billing.code_expiry(bill(), early, validity) == early + validity
    capped = at(2030, 1, 1)
    assert billing.code_expiry(bill(), capped, validity) == capped + validity


def test_billing_codes_are_16_digits_with_a_luhn_check_digit():
    code = billing.new_billing_code("pbb")
    assert len(code) == 16 and code.isdigit() and code.startswith("752")
    assert billing.luhn_valid(code)
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    assert not billing.luhn_valid(wrong)
    assert billing.luhn_check_digit("7992739871") == "3"  # the textbook example


def test_a_single_digit_typo_is_always_caught():
    code = billing.new_billing_code("pkb")
    for position in range(len(code)):
        for digit in "0123456789":
            if digit != code[position]:
                assert not billing.luhn_valid(code[:position] + digit + code[position + 1 :])


def test_nop_uses_bps_segments():
    checked = check_nop("75.01.010.001.001-0001.0")
    assert (checked.nop, checked.regency_code) == ("750101000100100010", "75.02")
    assert check_nop("750101000100100010").regency_code == "75.02"  # BPS 7501 is Boalemo
    assert check_nop("750201000100100010").regency_code == "75.01"  # BPS 7502 is Kabupaten Gorontalo
    assert check_nop("757101000100100010").regency_code == "75.71"
    assert check_nop("7571010001001000").reason == "nop_invalid"
    assert check_nop("737101000100100010").reason == "nop_not_gorontalo"
    assert check_nop("750900000100100010").reason == "nop_not_gorontalo"
    assert check_nop("").reason == "required"
    assert format_nop("757101000100100010") == "75.71.010.001.001-0001.0"


def test_pbb_is_the_regency_rate_on_njop_above_njoptkp():
    rate = PbbRate(rate_bp=20, njoptkp=12_000_000)
    assert rate.annual_pbb(512_000_000) == 1_000_000
    assert rate.annual_pbb(10_000_000) == 0
    with pytest.raises(PbbRateError):
        PbbRate(rate_bp=60, njoptkp=12_000_000)  # above the 0.5% ceiling
    with pytest.raises(PbbRateError):
        PbbRate(rate_bp=10, njoptkp=5_000_000)


def test_nik_shape():
    assert nik_shape_ok("7571014107900001")
    assert not nik_shape_ok("757101410790000")
    assert not nik_shape_ok("7571019907900001")


# Property-based: whatever the principal, due date and moment, the penalty stays within the law.
amounts = st.integers(min_value=0, max_value=10**13)
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31))
moments = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC))
policies = st.builds(PenaltyPolicy, st.integers(0, 100), st.integers(0, 24))


@given(amounts, dates, moments, policies)
def test_penalty_is_never_negative_nor_above_the_cap(principal, due, now, policy):
    owed = billing.penalty(principal, due, now, policy)
    assert 0 <= owed <= principal * policy.bp_per_month * policy.max_months // billing.BASIS_POINTS
    assert owed <= principal * 24 // 100
    if billing.local_date(now) <= due:
        assert owed == 0


@given(st.lists(st.integers(0, 10**12), min_size=1, max_size=4), dates, moments)
def test_total_is_principal_plus_penalty_exactly(amounts_, due, now):
    current = billing.statement(bill(lines=[("pkb", a, "75") for a in amounts_], due=due), now)
    assert current.total == sum(amounts_) + current.penalty
    assert sum(line.amount for line in current.lines) == current.total
    assert all(isinstance(line.amount, int) and line.amount >= 0 for line in current.lines)


@given(dates, moments, moments)
def test_penalty_never_decreases_with_time(due, first, second):
    earlier, later = sorted((first, second))
    assert billing.penalty(1_000_000, due, earlier) <= billing.penalty(1_000_000, due, later)


@given(dates, moments)
def test_the_penalty_holds_until_the_next_change(due, now):
    change = billing.next_penalty_change(due, now)
    if change is not None:
        assert change > now
        just_before = change - dt.timedelta(microseconds=1)
        assert billing.penalty(1_000_000, due, just_before) == billing.penalty(1_000_000, due, now)
        assert billing.months_started(due, change) == billing.months_started(due, now) + 1
