"""Times written with a UTC offset read back as the same instant, on SQLite and PostgreSQL.

SQLite has no timestamp type: without servicekit.db.UtcDateTime it kept the wall-clock digits and
dropped the offset, so a payment recorded at 10:00+07:00 came back as 10:00Z. Vehicles, properties,
bills, billing codes, payments and refusals are read back through the unit of work.
"""

from __future__ import annotations

import datetime as dt

import pytest

from gorontalo_tax.domain.payments import Refusal
from gorontalo_tax.service_layer import imports
from gorontalo_tax.service_layer import vehicles as vehicle_services

from ..billing_fixtures import citizen, csv_text, property_row
from ..payment_fixtures import body, checkout, fee_bill, notify

WIB, WITA, WIT = (dt.timezone(dt.timedelta(hours=h)) for h in (7, 8, 9))
MOMENTS = [
    dt.datetime(2025, 6, 1, 10, 0, 5, tzinfo=WIB),
    dt.datetime(2025, 6, 1, 11, 0, tzinfo=WITA),
    dt.datetime(2025, 6, 1, 12, 0, 0, 500000, tzinfo=WIT),
]


def _same_instant(read: dt.datetime, written: dt.datetime) -> None:
    assert read == written, f"{written.isoformat()} came back as {read.isoformat()}"
    assert read.utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize("moment", MOMENTS, ids=lambda m: m.strftime("%z"))
def test_vehicle_and_property_times_round_trip(app, moment):
    app.clock.now = moment
    vehicle = vehicle_services.register_vehicle(
        app.uow(),
        app.rates,
        app.clock,
        citizen(),
        plate_number="DM 1234 AB",
        vehicle_type="sepeda_motor",
        model_year=2022,
        taxable_value=18_000_000,
        regency_code="75.71",
    )
    report = imports.import_objects(
        app.uow(), app.rates, app.cipher, app.clock, csv_text(property_row("757101000100100010"))
    )
    assert not report.errors, report.errors
    with app.uow() as uow:
        _same_instant(uow.vehicles.get(vehicle.id).registered_at, moment)
        _same_instant(uow.properties.by_nop("757101000100100010").registered_at, moment)


@pytest.mark.parametrize("moment", MOMENTS, ids=lambda m: m.strftime("%z"))
def test_bill_code_payment_and_refusal_times_round_trip(app, moment):
    app.clock.now = moment
    bill = fee_bill(app, "ref-times")
    code = checkout(app, bill.id).code
    outcome = notify(app, body(code.code, code.amount))
    refusal = Refusal("bank-sulutgo", "billing_code_unknown", "TX-1", "7530000000000000", 10, moment)
    with app.uow() as uow:
        uow.payments.add_refusal(refusal)
        uow.commit()
    with app.uow() as uow:
        read_bill = uow.bills.get(bill.id)
        read_code = uow.bills.code(code.code)
        payment = uow.payments.by_receipt(outcome.payment.receipt_number)
        [read_refusal] = uow.payments.refusals_for_day("bank-sulutgo", dt.date(2025, 6, 1), None)
    _same_instant(read_bill.issued_at, moment)
    _same_instant(read_bill.paid_at, moment)
    _same_instant(read_code.issued_at, moment)
    _same_instant(read_code.expires_at, code.expires_at)
    _same_instant(payment.recorded_at, moment)
    _same_instant(read_refusal.received_at, moment)


@pytest.mark.parametrize("moment", MOMENTS, ids=lambda m: m.strftime("%z"))
def test_a_cancelled_bill_keeps_its_cancellation_time(app, moment):
    app.clock.now = moment
    bill = fee_bill(app, "ref-cancel")
    with app.uow() as uow:
        stored = uow.bills.get(bill.id)
        stored.cancel(at=moment, by="officer-1", role="officer", reason="Permohonan ditarik")
        assert uow.bills.cancel(stored)
        uow.commit()
    with app.uow() as uow:
        _same_instant(uow.bills.get(bill.id).cancelled_at, moment)


def test_an_open_code_is_open_until_its_instant_not_its_digits(app):
    """The open-code compare-and-set compares instants: a code expiring 12:00+09:00 (03:00Z) is
    expired at 04:00Z even though '12:00' sorts after '04:00'."""
    app.clock.now = dt.datetime(2025, 6, 1, 11, 0, tzinfo=WIT)
    bill = fee_bill(app, "ref-open")
    first = checkout(app, bill.id).code
    app.clock.now = first.expires_at.astimezone(WIT) + dt.timedelta(hours=1)
    second = checkout(app, bill.id).code
    assert second.code != first.code


def test_a_naive_time_is_refused_not_guessed(app):
    refusal = Refusal(
        "bank-sulutgo", "billing_code_unknown", "TX-2", "7530000000000000", 10, dt.datetime(2025, 6, 1, 11, 0)
    )
    with pytest.raises(Exception, match="naive"), app.uow() as uow:
        uow.payments.add_refusal(refusal)
        uow.commit()
