"""Property-based (hypothesis): whatever the principal, lateness and amount a bank reports, a payment is
recorded only for exactly the amount billed (principal + penalty of the code), the penalty never counts
more than 24 months, and a bill is never paid twice. Runs the real use cases on a real SQLite database."""

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gorontalo_tax.bootstrap import bootstrap
from gorontalo_tax.domain import billing, payments
from gorontalo_tax.domain.billing import BillingCode, local_date
from gorontalo_tax.service_layer import billing as bill_cases
from servicekit.errors import ServiceError

from ..billing_fixtures import citizen
from ..conftest import NOW, Clock, settings_for
from ..payment_fixtures import body, checkout, fee_bill, notify

_references = itertools.count()


@pytest.fixture(scope="module")
def paying_app(tmp_path_factory):
    directory = tmp_path_factory.mktemp("payment-properties")
    application = bootstrap(settings_for(f"sqlite:///{directory / 'tax.db'}", directory), clock=Clock())
    yield application
    application.session_factory.kw["bind"].dispose()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    principal=st.integers(1, 10**12),
    days_late=st.integers(0, 4000),
    offset=st.one_of(st.just(0), st.integers(-(10**6), -1), st.integers(1, 10**6)),
)
def test_payments_record_exactly_the_amount_billed(paying_app, principal, days_late, offset):
    paying_app.clock.now = NOW
    bill = fee_bill(paying_app, f"prop-{next(_references)}", amount=principal, due_date=local_date(NOW).isoformat())
    paying_app.clock.advance(days=days_late)
    code = checkout(paying_app, bill.id).code
    stated = billing.statement(bill, paying_app.clock(), paying_app.penalty)
    assert code.amount == stated.total == principal + stated.penalty
    assert stated.penalty_months <= 24 and stated.penalty <= principal * 24 // 100

    offered = code.amount + offset
    if offered <= 0:
        offered = code.amount + 1
    try:
        outcome = notify(paying_app, body(code.code, offered))
    except ServiceError as error:
        assert offered != code.amount and error.reason == payments.AMOUNT_MISMATCH
        assert (
            bill_cases.get_bill(paying_app.uow(), paying_app.clock, paying_app.penalty, citizen(), bill.id).bill.status
            == "unpaid"
        )
        outcome = notify(paying_app, body(code.code, code.amount))
    paid = outcome.payment
    assert paid.amount == code.amount == paid.principal + paid.penalty
    assert paid.principal == principal and paid.penalty == stated.penalty and paid.penalty_months <= 24
    with pytest.raises(ServiceError) as caught:  # any further notification for the bill records nothing
        notify(paying_app, body(code.code, code.amount))
    assert caught.value.reason == payments.BILL_ALREADY_PAID
    shown = bill_cases.get_bill(paying_app.uow(), paying_app.clock, paying_app.penalty, citizen(), bill.id)
    assert (shown.bill.status, shown.total) == ("paid", paid.amount)


codes = st.builds(
    lambda amount, hours: BillingCode("7530000000000000", "b", amount, NOW, NOW + dt.timedelta(hours=hours)),
    st.integers(1, 10**13),
    st.integers(1, 48),
)


@given(codes, st.integers(1, 10**13), st.integers(0, 72))
def test_only_the_exact_amount_of_an_open_code_is_payable(code, amount, hours_later):
    unpaid = billing.Bill(
        id="b",
        tax_type="retribusi",
        object_id=None,
        tax_year=None,
        authority_code="75.71",
        region_code="75.71",
        owner_id=None,
        owner_nik_index=None,
        description="x",
        due_date=dt.date(2030, 1, 1),
        status="unpaid",
        issued_at=NOW,
    )
    now = NOW + dt.timedelta(hours=hours_later)
    reason = payments.refusal_for(unpaid, code, amount, now)
    assert (reason is None) == (amount == code.amount and code.open_at(now))
    paid = billing.Bill(**{**unpaid.__dict__, "status": "paid"})
    assert payments.refusal_for(paid, code, code.amount, NOW) == payments.BILL_ALREADY_PAID
