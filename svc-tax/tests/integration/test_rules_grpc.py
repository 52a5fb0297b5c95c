"""The public rules (GetTaxRules) and the penalty quote (QuotePenalty) through the real server, as the
gateway and svc-assist (its own certificate, no token) call them."""

from __future__ import annotations

import dataclasses
import datetime as dt

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from gorontalo.tax.v1 import tax_pb2, tax_pb2_grpc
from gorontalo_tax.domain import billing
from gorontalo_tax.domain.model import WITA
from gorontalo_tax.entrypoints.grpc_servicer import TaxServicer
from servicekit import testing_pki


@pytest.fixture
def assist_stub(tax_address):
    channel = testing_pki.test_channel(tax_address, "assist", expect="tax")
    with channel:
        yield tax_pb2_grpc.TaxServiceStub(channel)


def violations(error: grpc.RpcError) -> list[str]:
    found = []
    for detail in rpc_status.from_call(error).details:
        request = error_details_pb2.BadRequest()
        if detail.Unpack(request):
            found += [v.field for v in request.field_violations]
    return found


def test_the_rules_are_the_ones_bills_are_computed_by(assist_stub, app):
    rules = assist_stub.GetTaxRules(tax_pb2.GetTaxRulesRequest())
    assert dict(rules.pkb_weight_permille) == app.rates.weight_permille
    assert tuple(rules.pkb_progressive_rates_bp) == app.rates.progressive_rates_bp
    assert rules.opsen_pkb_bp == app.rates.opsen_bp == 6_600
    assert (rules.penalty.bp_per_month, rules.penalty.max_months) == (100, 24)


def test_a_quote_equals_the_penalty_a_bill_carries_after_as_many_started_months(grpc_stub, app):
    due = dt.date(2026, 1, 31)  # month ends: 31 Jan + 1 month is 28 Feb
    assert grpc_stub.QuotePenalty(tax_pb2.QuotePenaltyRequest(principal=1_000_000)).penalty == 0  # on time
    for months in (1, 3, 24, 30):
        quote = grpc_stub.QuotePenalty(tax_pb2.QuotePenaltyRequest(principal=1_234_567, months_late=months))
        day_into_month = billing.add_months(due, months - 1) + dt.timedelta(days=1)
        on_bill = billing.penalty(1_234_567, due, dt.datetime.combine(day_into_month, dt.time(9), WITA), app.penalty)
        assert quote.penalty == on_bill
        assert (quote.months_counted, quote.bp_per_month) == (min(months, 24), 100)
        assert quote.total == 1_234_567 + quote.penalty
    assert grpc_stub.QuotePenalty(tax_pb2.QuotePenaltyRequest(principal=1_000_000, months_late=3)).penalty == 30_000


def test_a_vehicle_named_instead_of_a_principal_is_quoted_on_its_annual_pkb_and_opsen(assist_stub, app):
    quote = assist_stub.QuotePenalty(
        tax_pb2.QuotePenaltyRequest(vehicle_type="sepeda_motor", taxable_value=20_000_000, months_late=2)
    )
    assessed = app.rates.assess("sepeda_motor", 20_000_000, 1)
    assert quote.principal == assessed.annual_pkb + assessed.annual_opsen_pkb > 0
    assert quote.penalty == quote.principal * 2 // 100
    second = assist_stub.QuotePenalty(
        tax_pb2.QuotePenaltyRequest(
            vehicle_type="sepeda_motor", taxable_value=20_000_000, ownership_order=2, months_late=2
        )
    )
    assert second.principal > quote.principal  # progressive: the second vehicle pays a higher rate


def test_a_lower_configured_policy_is_what_the_rules_and_quotes_say(app):
    lowered = dataclasses.replace(app, penalty=billing.PenaltyPolicy(50, 12))
    servicer = TaxServicer(lowered)
    rules = servicer.GetTaxRules(tax_pb2.GetTaxRulesRequest(), None)
    assert (rules.penalty.bp_per_month, rules.penalty.max_months) == (50, 12)
    quote = servicer.QuotePenalty(tax_pb2.QuotePenaltyRequest(principal=1_000_000, months_late=18), None)
    assert (quote.months_counted, quote.penalty) == (12, 60_000)


@pytest.mark.parametrize(
    ("request_fields", "fields"),
    [
        ({"principal": 1_000, "months_late": -1}, ["months_late"]),
        ({"principal": -1, "months_late": 3}, ["principal"]),
        ({"principal": 1_000, "months_late": 5_000}, ["months_late"]),
        ({"vehicle_type": "pesawat", "taxable_value": 1_000, "months_late": 3}, ["vehicle_type"]),
        ({"vehicle_type": "bus", "months_late": 3}, ["taxable_value"]),
    ],
)
def test_a_quote_of_nothing_sensible_is_refused_by_field(grpc_stub, request_fields, fields):
    with pytest.raises(grpc.RpcError) as caught:
        grpc_stub.QuotePenalty(tax_pb2.QuotePenaltyRequest(**request_fields))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert violations(caught.value) == fields
