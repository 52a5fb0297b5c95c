"""svc-tax over gRPC: a fee (retribusi) bill for an approved application.

The officer's own bearer token goes along, so svc-tax checks the officer's role and jurisdiction
itself; permits holds no credentials of its own for billing.
"""
from __future__ import annotations

import logging

import grpc
from gorontalo.tax.v1 import tax_pb2, tax_pb2_grpc
from servicekit import clients
from servicekit.errors import FailedPrecondition, PermissionDenied, ServiceError, Unauthenticated, Unavailable

log = logging.getLogger(__name__)

CALLER = "permits"
_UNREACHABLE = (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.RESOURCE_EXHAUSTED,
                grpc.StatusCode.ABORTED)


class TaxFeeBills:
    def __init__(self, channel: grpc.Channel, timeout_seconds: float = 5.0):
        self.stub = tax_pb2_grpc.TaxServiceStub(channel)
        self.timeout = timeout_seconds

    def create_fee_bill(self, *, authorization: str, caller_reference: str, region_code: str, payer_id: str,
                        description: str, amount: int) -> str:
        """The bill id. The same reference never makes two bills, so a retry is safe."""
        request = tax_pb2.CreateFeeBillRequest(
            caller=CALLER, caller_reference=caller_reference, region_code=region_code, payer_id=payer_id,
            description=description, amount=amount)
        try:
            bill = self.stub.CreateFeeBill(request, timeout=self.timeout,
                                           metadata=clients.outgoing_metadata(authorization))
        except grpc.RpcError as error:
            raise _translate(error) from None
        return bill.id


def _translate(error: grpc.RpcError) -> ServiceError:
    code = error.code() if hasattr(error, "code") else grpc.StatusCode.UNKNOWN
    if code in _UNREACHABLE:
        return Unavailable("tax_unavailable")
    if code == grpc.StatusCode.PERMISSION_DENIED:
        return PermissionDenied("outside_jurisdiction")
    if code == grpc.StatusCode.UNAUTHENTICATED:
        return Unauthenticated()
    if code == grpc.StatusCode.ALREADY_EXISTS:
        return FailedPrecondition("fee_bill_conflict")
    # Anything else means permits asked wrongly: an internal error, logged with what tax said.
    log.error("svc-tax refused a fee bill: %s %s", code.name, error.details() if hasattr(error, "details") else "")
    return ServiceError("fee_bill_failed")
