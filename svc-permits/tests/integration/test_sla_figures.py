"""The operators' SLA figures (GET /v1/permits/sla-figures) on real databases: applications decided in
time, decided late and still waiting past the due date, by month, office and permit type; operators
and admins only."""

import datetime as dt

import pytest

from gorontalo_permits.service_layer import applications, sla_figures, workflow
from servicekit.auth import Principal
from servicekit.errors import InvalidArgument, PermissionDenied

OPERATOR = Principal(subject="operator-1", role="operator")


def test_decided_in_time_late_and_waiting_past_the_due_date(
    app, catalog, clock, citizen, kota_officer, submission, fee_bills
):
    uow = app.uow
    # March 2025: two restaurants; one decided two days later, one 20 days later (past its due date).
    quick = applications.submit_application(uow(), catalog, clock, citizen, **submission())
    slow = applications.submit_application(uow(), catalog, clock, citizen, **submission())
    shop = applications.submit_application(uow(), catalog, clock, citizen, **submission(kbli_code="47721"))
    clock.advance(days=2)
    for application in (quick, shop):
        applications.start_review(uow(), clock, kota_officer, application_id=application.id)
        workflow.approve(
            uow(), clock, kota_officer, application_id=application.id, fee_bills=fee_bills, authorization="Bearer t"
        )
    clock.advance(days=18)
    applications.start_review(uow(), clock, kota_officer, application_id=slow.id)
    workflow.reject(uow(), clock, kota_officer, application_id=slow.id, note="Lokasi tidak sesuai tata ruang")
    # April 2025: one restaurant nobody picks up, now past its due date.
    clock.now = dt.datetime(2025, 4, 7, 1, 0, tzinfo=dt.UTC)
    waiting = applications.submit_application(uow(), catalog, clock, citizen, **submission())
    clock.now = dt.datetime(2025, 5, 20, 1, 0, tzinfo=dt.UTC)
    assert waiting.sla_due_date < dt.date(2025, 5, 20)

    figures = sla_figures.sla_figures(uow(), clock, OPERATOR, from_month="2025-03", to_month="2025-05")
    assert (figures.from_month, figures.to_month) == ("2025-03", "2025-05")
    cells = {(r.month, r.kbli_code): r for r in figures.rows}
    assert set(cells) == {("2025-03", "56101"), ("2025-03", "47721"), ("2025-04", "56101")}
    restaurants = cells[("2025-03", "56101")]
    assert (restaurants.received, restaurants.decided, restaurants.breached) == (2, 2, 1)
    assert restaurants.regency_code == "75.71" and restaurants.regency_name and restaurants.permit_type
    assert restaurants.median_working_days > 2  # the median of 2 and about 14 working days
    shops = cells[("2025-03", "47721")]
    assert (shops.received, shops.decided, shops.breached, shops.median_working_days) == (1, 1, 0, 2.0)
    april = cells[("2025-04", "56101")]
    assert (april.received, april.decided, april.breached, april.median_working_days) == (1, 0, 1, 0.0)

    # Default: the twelve months up to the clock's month.
    assert sla_figures.sla_figures(uow(), clock, OPERATOR).from_month == "2024-06"
    assert sla_figures.sla_figures(uow(), clock, OPERATOR, from_month="2025-04", to_month="2025-04").rows == [april]


def test_only_operators_and_admins_and_whole_months(app, clock, citizen, kota_officer):
    for who in (citizen, kota_officer):
        with pytest.raises(PermissionDenied):
            sla_figures.sla_figures(app.uow(), clock, who)
    assert sla_figures.sla_figures(app.uow(), clock, Principal(subject="a", role="admin")).rows == []
    for bad in ({"from_month": "2025-00"}, {"to_month": "Maret"}, {"from_month": "2025-05", "to_month": "2025-01"}):
        with pytest.raises(InvalidArgument):
            sla_figures.sla_figures(app.uow(), clock, OPERATOR, **bad)
    with pytest.raises(InvalidArgument):
        sla_figures.sla_figures(app.uow(), clock, OPERATOR, from_month="2022-01", to_month="2025-01")
