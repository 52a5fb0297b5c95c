"""svc-tax over gRPC: a fee (retribusi) bill for an approved application, and its cancellation when the
applicant withdraws.

The acting person's own bearer token goes along (the officer's when billing, the applicant's when
withdrawing), so svc-tax checks role, jurisdiction or payer itself; permits holds no credentials of its own.
"""

from __future__ import annotations

import logging

import grpc

from gorontalo.tax.v1 import tax_pb2, tax_pb2_grpc
from servicekit import clients
from servicekit.errors import FailedPrecondition, PermissionDenied, ServiceError, Unauthenticated, Unavailable
from servicekit.grpc_errors import error_reason

log = logging.getLogger(__name__)

CALLER = "permits"
WITHDRAWAL_REASON = "Permohonan izin ditarik oleh pemohon"  # fixed text: the applicant's note stays in permits
_UNREACHABLE = (
    grpc.StatusCode.UNAVAILABLE,
    grpc.StatusCode.DEADLINE_EXCEEDED,
    grpc.StatusCode.RESOURCE_EXHAUSTED,
    grpc.StatusCode.ABORTED,
)
_TAX_SAYS_PAID = "BILL_PAID_NOT_CANCELLABLE"


class TaxFeeBills:
    def __init__(self, channel: grpc.Channel, timeout_seconds: float = 5.0):
        self.stub = tax_pb2_grpc.TaxServiceStub(channel)
        self.timeout = timeout_seconds

    def create_fee_bill(
        self,
        *,
        authorization: str,
        caller_reference: str,
        region_code: str,
        payer_id: str,
        description: str,
        amount: int,
    ) -> str:
        """The bill id. The same reference never makes two bills, so a retry is safe."""
        request = tax_pb2.CreateFeeBillRequest(
            caller=CALLER,
            caller_reference=caller_reference,
            region_code=region_code,
            payer_id=payer_id,
            description=description,
            amount=amount,
        )
        try:
            bill = self.stub.CreateFeeBill(
                request, timeout=self.timeout, metadata=clients.outgoing_metadata(authorization)
            )
        except grpc.RpcError as error:
            raise _translate(error) from None
        return bill.id

    def cancel_fee_bill(self, *, authorization: str, bill_id: str, caller_reference: str) -> str:
        """Cancel the application's bill; returns its status ("cancelled"). Idempotent in svc-tax, so a retry
        after any failure is safe. A paid bill raises FailedPrecondition("fee_already_paid")."""
        request = tax_pb2.CancelBillRequest(
            id=bill_id, caller=CALLER, caller_reference=caller_reference, reason=WITHDRAWAL_REASON
        )
        try:
            bill = self.stub.CancelBill(
                request, timeout=self.timeout, metadata=clients.outgoing_metadata(authorization)
            )
        except grpc.RpcError as error:
            raise _translate_cancel(error) from None
        return bill.status


def _code(error: grpc.RpcError) -> grpc.StatusCode:
    return error.code() if hasattr(error, "code") else grpc.StatusCode.UNKNOWN


def _details(error: grpc.RpcError) -> str:
    return error.details() if hasattr(error, "details") else ""


def _translate(error: grpc.RpcError) -> ServiceError:
    code = _code(error)
    if code in _UNREACHABLE:
        return Unavailable("tax_unavailable")
    if code == grpc.StatusCode.PERMISSION_DENIED:
        return PermissionDenied("outside_jurisdiction")
    if code == grpc.StatusCode.UNAUTHENTICATED:
        return Unauthenticated()
    if code == grpc.StatusCode.ALREADY_EXISTS:
        return FailedPrecondition("fee_bill_conflict")
    # Anything else means permits asked wrongly: an internal error, logged with what tax said.
    log.error("svc-tax refused a fee bill: %s %s", code.name, _details(error))
    return ServiceError("fee_bill_failed")


def _translate_cancel(error: grpc.RpcError) -> ServiceError:
    code = _code(error)
    if code in _UNREACHABLE:
        return Unavailable("fee_cancel_unavailable")
    if code == grpc.StatusCode.UNAUTHENTICATED:
        return Unauthenticated()
    if code == grpc.StatusCode.FAILED_PRECONDITION and error_reason(error) == _TAX_SAYS_PAID:
        return FailedPrecondition("fee_already_paid")
    # The applicant is the bill's payer and permits names its own reference: any other refusal is a
    # platform fault the applicant cannot fix (wrong configuration, a bill changed by hand).
    log.error("svc-tax refused to cancel a fee bill: %s %s %s", code.name, error_reason(error), _details(error))
    return ServiceError("fee_cancel_failed")
