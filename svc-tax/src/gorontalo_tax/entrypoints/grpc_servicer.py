"""gRPC face of svc-tax: translate messages, call use cases, nothing more.

Who may see or do what (role, tax office, jurisdiction, ownership, the fee bills' callers) is decided
in the use cases (service_layer.access); the servicer hands them the caller and the configured offices."""

from __future__ import annotations

import json

from google.api import httpbody_pb2
from google.protobuf import timestamp_pb2

from gorontalo.tax.v1 import tax_pb2, tax_pb2_grpc
from servicekit import idempotency
from servicekit.auth import require_principal
from servicekit.interceptors import metadata_dict
from servicekit.peers import GATEWAY, client_address, peer_identity, peer_var

from .. import messages
from ..adapters import receipts as receipt_documents
from ..adapters.tables import idempotency_records
from ..domain.billing import Statement, local_date, statement
from ..domain.model import Vehicle
from ..domain.payments import verify_path
from ..service_layer import billing, cancellation, claims, imports, payments, receipts, rules, vehicles
from .rules_messages import quote_message, rules_message


def _timestamp(value) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(value)
    return stamp


def bill_message(current: Statement) -> tax_pb2.Bill:
    bill = current.bill
    return tax_pb2.Bill(
        id=bill.id,
        tax_type=bill.tax_type,
        tax_year=bill.tax_year or 0,
        authority_code=bill.authority_code,
        region_code=bill.region_code,
        description=bill.description,
        due_date=bill.due_date.isoformat(),
        status=bill.status,
        principal=bill.principal,
        penalty=current.penalty,
        penalty_months=current.penalty_months,
        total=current.total,
        lines=[
            tax_pb2.BillLine(kind=line.kind, amount=line.amount, credited_to=line.credited_to) for line in current.lines
        ],
        issued_at=_timestamp(bill.issued_at),
        as_of=_timestamp(current.at),
        object_id=bill.object_id or "",
        caller=bill.caller or "",
        caller_reference=bill.caller_reference or "",
        paid_at=_timestamp(bill.paid_at) if bill.paid_at else None,
        receipt_number=bill.receipt_number or "",
        amount_paid=current.total if bill.paid_at else 0,
        cancelled_at=_timestamp(bill.cancelled_at) if bill.cancelled_at else None,
        cancellation_reason=bill.cancellation_reason or "",
    )


def vehicle_message(vehicle: Vehicle) -> tax_pb2.Vehicle:
    registered = timestamp_pb2.Timestamp()
    registered.FromDatetime(vehicle.registered_at)
    return tax_pb2.Vehicle(
        id=vehicle.id,
        plate_number=vehicle.plate_number,
        vehicle_type=vehicle.vehicle_type,
        model_year=vehicle.model_year,
        taxable_value=vehicle.taxable_value,
        regency_code=vehicle.regency_code,
        ownership_order=vehicle.ownership_order,
        annual_pkb=vehicle.annual_pkb,
        annual_opsen_pkb=vehicle.annual_opsen_pkb,
        registered_at=registered,
    )


def requesting_instance(context) -> str:
    """The calling service instance's certificate identity, which its fee bill's payment event names;
    "" through the gateway (an officer's own fee bill) or without a certificate identity."""
    peer = peer_var.get() or peer_identity(context)
    return "" if peer is None or peer == GATEWAY else peer.uri


class TaxServicer(tax_pb2_grpc.TaxServiceServicer):
    def __init__(self, app):
        self.app = app

    def RegisterVehicle(self, request, context):
        principal = require_principal()
        # A retry whose first answer was lost gets that answer, not 409 vehicle_plate_exists.
        return idempotency.answer_once(
            self.app.uow(),
            idempotency_records,
            context,
            request,
            tax_pb2.Vehicle,
            lambda uow: vehicle_message(
                vehicles.register_vehicle(
                    uow,
                    self.app.rates,
                    self.app.clock,
                    principal,
                    plate_number=request.plate_number,
                    vehicle_type=request.vehicle_type,
                    model_year=request.model_year,
                    taxable_value=request.taxable_value,
                    regency_code=request.regency_code,
                )
            ),
            clock=self.app.clock,
            operation="tax.RegisterVehicle",
            scope=principal.subject,
        )

    def ListVehicles(self, request, context):
        found, next_token = vehicles.list_vehicles(
            self.app.uow(),
            require_principal(),
            page_size=request.page_size,
            page_token=request.page_token,
            offices=self.app.offices,
        )
        return tax_pb2.ListVehiclesResponse(vehicles=[vehicle_message(v) for v in found], next_page_token=next_token)

    def GetVehicle(self, request, context):
        return vehicle_message(
            vehicles.get_vehicle(self.app.uow(), require_principal(), request.id, offices=self.app.offices)
        )

    def ListBills(self, request, context):
        found, next_token = billing.list_bills(
            self.app.uow(),
            self.app.clock,
            self.app.penalty,
            require_principal(),
            page_size=request.page_size,
            page_token=request.page_token,
            tax_type=request.tax_type,
            status=request.status,
            offices=self.app.offices,
        )
        return tax_pb2.ListBillsResponse(bills=[bill_message(s) for s in found], next_page_token=next_token)

    def SearchBills(self, request, context):
        found = billing.search_bills(
            self.app.uow(),
            self.app.clock,
            self.app.penalty,
            require_principal(),
            request.query,
            offices=self.app.offices,
        )
        return tax_pb2.SearchBillsResponse(
            kind=found.kind, normalized=found.normalized, bills=[bill_message(s) for s in found.statements]
        )

    def ImportObjects(self, request, context):
        report, rows = imports.import_upload(
            self.app.uow(),
            self.app.rates,
            self.app.cipher,
            self.app.clock,
            require_principal(),
            request.file.data,
            offices=self.app.offices,
        )
        return tax_pb2.ImportObjectsResponse(
            imported=not report.errors,
            vehicles_created=report.created.get("vehicle", 0),
            properties_created=report.created.get("property", 0),
            unchanged=report.unchanged,
            rows=rows,
            errors=[
                tax_pb2.ImportRowError(
                    line=e.line, field=e.field, reason=e.reason, detail=messages.translate(e.reason, **e.params)
                )
                for e in report.errors
            ],
        )

    def GetBill(self, request, context):
        return bill_message(
            billing.get_bill(
                self.app.uow(),
                self.app.clock,
                self.app.penalty,
                require_principal(),
                request.id,
                offices=self.app.offices,
            )
        )

    def CheckoutBill(self, request, context):
        done = billing.checkout(
            self.app.uow(),
            self.app.clock,
            self.app.penalty,
            self.app.code_validity,
            require_principal(),
            request.id,
            offices=self.app.offices,
        )
        return tax_pb2.Checkout(
            bill_id=done.code.bill_id,
            billing_code=done.code.code,
            amount=done.code.amount,
            expires_at=_timestamp(done.code.expires_at),
            issued_at=_timestamp(done.code.issued_at),
            bill=bill_message(done.statement),
        )

    def CreateFeeBill(self, request, context):
        bill, _created = billing.create_fee_bill(
            self.app.uow(),
            self.app.clock,
            require_principal(),
            caller=request.caller,
            caller_reference=request.caller_reference,
            region_code=request.region_code,
            payer_id=request.payer_id,
            description=request.description,
            amount=request.amount,
            due_date=request.due_date,
            requested_by=requesting_instance(context),
        )
        return bill_message(statement(bill, self.app.clock(), self.app.penalty))

    def CancelBill(self, request, context):
        bill, _cancelled = cancellation.cancel_bill(
            self.app.uow(),
            self.app.clock,
            require_principal(),
            bill_id=request.id,
            caller=request.caller,
            caller_reference=request.caller_reference,
            reason=request.reason,
            offices=self.app.offices,
            payer_callers=self.app.payer_cancellable_callers,
        )
        return bill_message(statement(bill, self.app.clock(), self.app.penalty))

    def ClaimTaxObjects(self, request, context):
        authorization = dict(context.invocation_metadata()).get("authorization", "")
        counts = claims.claim_objects(
            self.app.uow(),
            self.app.cipher,
            self.app.clock,
            require_principal(),
            lambda: self.app.identity(authorization),
        )
        return tax_pb2.ClaimTaxObjectsResponse(**counts)

    # Payments, receipts, reconciliation -------------------------------------------------------------

    def NotifyPayment(self, request, context):
        headers = metadata_dict(context)
        outcome = payments.notify(
            self.app.uow(),
            self.app.clock,
            self.app.penalty,
            self.app.channels,
            channel=headers.get("x-gorontalo-channel", "").strip(),
            timestamp=headers.get("x-gorontalo-timestamp", "").strip(),
            signature=headers.get("x-gorontalo-signature", "").strip(),
            body=request.body.data,
            client_address=client_address(context),
            limiter=self.app.refusal_limiter,
        )
        paid = outcome.payment
        return tax_pb2.PaymentNotificationResult(
            status="recorded",
            receipt_number=paid.receipt_number,
            bill_id=paid.bill_id,
            amount=paid.amount,
            channel=paid.channel,
            transaction_id=paid.channel_transaction_id,
            recorded_at=_timestamp(paid.recorded_at),
            duplicate=outcome.duplicate,
        )

    def GetReceipt(self, request, context):
        paid = receipts.get_receipt(self.app.uow(), require_principal(), request.number, offices=self.app.offices)
        return tax_pb2.Receipt(
            number=paid.receipt_number,
            bill_id=paid.bill_id,
            tax_type=paid.tax_type,
            tax_year=paid.tax_year or 0,
            authority_code=paid.authority_code,
            description=paid.description,
            principal=paid.principal,
            penalty=paid.penalty,
            amount=paid.amount,
            channel=paid.channel,
            channel_transaction_id=paid.channel_transaction_id,
            paid_at=_timestamp(paid.recorded_at),
            token=self.app.receipt_keys.sign(receipt_documents.claims(paid)),
            verify_path=verify_path(paid.receipt_number),
        )

    def _verify_url(self, number: str) -> str:
        # Printed on paper: absolute, from the platform's PUBLIC_BASE_URL.
        return self.app.public_base_url + verify_path(number)

    def GetReceiptPdf(self, request, context):
        paid = receipts.get_receipt(self.app.uow(), require_principal(), request.number, offices=self.app.offices)
        token = self.app.receipt_keys.sign(receipt_documents.claims(paid))
        return httpbody_pb2.HttpBody(
            content_type=receipt_documents.MEDIA_TYPE,
            data=receipt_documents.render(paid, token, self._verify_url(paid.receipt_number)),
        )

    def VerifyReceipt(self, request, context):
        paid = receipts.verify_receipt(
            self.app.uow(),
            request.number,
            limits=self.app.limits,
            rules=self.app.verify_limits,
            client_address=client_address(context),
        )
        return tax_pb2.ReceiptVerification(
            valid=True,
            number=paid.receipt_number,
            amount=paid.amount,
            tax_type=paid.tax_type,
            tax_year=paid.tax_year or 0,
            authority_code=paid.authority_code,
            paid_date=local_date(paid.recorded_at).isoformat(),
        )

    def GetReceiptKeys(self, request, context):
        return httpbody_pb2.HttpBody(
            content_type="application/jwk-set+json", data=json.dumps(self.app.receipt_keys.jwks()).encode()
        )

    def GetTaxRules(self, request, context):
        return rules_message(self.app.rates, self.app.penalty)

    def QuotePenalty(self, request, context):
        return quote_message(
            rules.quote_penalty(
                self.app.rates,
                self.app.penalty,
                months_late=request.months_late,
                principal=request.principal,
                vehicle_type=request.vehicle_type,
                taxable_value=request.taxable_value,
                ownership_order=request.ownership_order,
            )
        )

    def GetReconciliation(self, request, context):
        found = receipts.reconciliation(
            self.app.uow(),
            self.app.clock,
            require_principal(),
            channel=request.channel,
            date=request.date,
            offices=self.app.offices,
        )
        return tax_pb2.Reconciliation(
            channel=found.channel,
            date=found.day.isoformat(),
            payment_count=len(found.payments),
            total=found.total,
            payments=[
                tax_pb2.ReconciledPayment(
                    receipt_number=p.receipt_number,
                    bill_id=p.bill_id,
                    tax_type=p.tax_type,
                    authority_code=p.authority_code,
                    billing_code=p.billing_code,
                    channel_transaction_id=p.channel_transaction_id,
                    amount=p.amount,
                    recorded_at=_timestamp(p.recorded_at),
                )
                for p in found.payments
            ],
            refused=[
                tax_pb2.RefusedNotification(
                    reason=r.reason,
                    channel_transaction_id=r.transaction_id,
                    billing_code=r.billing_code,
                    amount=r.amount,
                    received_at=_timestamp(r.received_at),
                )
                for r in found.refused
            ],
        )
