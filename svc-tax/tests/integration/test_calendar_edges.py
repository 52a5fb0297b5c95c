"""Dates at the calendar's edge are refused naming their field, never a 500.

9999-12-31 as a fee bill's due date was accepted and every later statement of the bill (penalty,
billing code validity: the day after the due date) overflowed. One parser (domain/dates.py) serves
every date a caller sends: reconciliation's ?date=, CreateFeeBill's due_date, --due-date.
"""

from __future__ import annotations

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from gorontalo.tax.v1 import tax_pb2
from gorontalo_tax.service_layer import billing
from servicekit.errors import InvalidArgument

from ..billing_fixtures import officer

EDGES = ["9999-12-31", "0001-01-01", "0001-01-01T00:00:00-12:00"]


def _field_violations(error: grpc.RpcError) -> list[tuple[str, str]]:
    status = rpc_status.from_call(error)
    found = []
    for detail in status.details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            request = error_details_pb2.BadRequest()
            detail.Unpack(request)
            found += [(v.field, v.description) for v in request.field_violations]
    return found


@pytest.mark.parametrize("raw", EDGES)
def test_reconciliation_date_at_the_edge_is_invalid_argument_naming_date(grpc_stub, minter, raw):
    with pytest.raises(grpc.RpcError) as caught:
        grpc_stub.GetReconciliation(
            tax_pb2.GetReconciliationRequest(channel="bank-sulutgo", date=raw),
            metadata=minter.metadata(role="operator"),
        )
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [field for field, _ in _field_violations(caught.value)] == ["date"]


@pytest.mark.parametrize("raw", EDGES)
def test_a_fee_bill_due_at_the_edge_is_refused_naming_due_date(app, raw):
    with pytest.raises(InvalidArgument) as caught:
        billing.create_fee_bill(
            app.uow(),
            app.clock,
            officer("75.71"),
            caller="permits",
            caller_reference="edge",
            region_code="75.71",
            payer_id="citizen-1",
            description="Retribusi PBG",
            amount=750_000,
            due_date=raw,
        )
    assert [v.field for v in caught.value.violations] == ["due_date"]


def test_the_out_of_range_answer_says_the_range(app):
    with pytest.raises(InvalidArgument) as caught:
        billing.create_fee_bill(
            app.uow(),
            app.clock,
            officer("75.71"),
            caller="permits",
            caller_reference="edge",
            region_code="75.71",
            payer_id="citizen-1",
            description="Retribusi PBG",
            amount=750_000,
            due_date="9999-12-31",
        )
    [violation] = caught.value.violations
    assert (violation.reason, violation.params) == ("out_of_range", {"min": "1900-01-01", "max": "2999-12-31"})
