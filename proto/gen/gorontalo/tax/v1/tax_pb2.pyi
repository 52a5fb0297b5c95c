import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.api import httpbody_pb2 as _httpbody_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from gorontalo.api.v1 import options_pb2 as _options_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PaymentNotificationRequest(_message.Message):
    __slots__ = ("body",)
    BODY_FIELD_NUMBER: _ClassVar[int]
    body: _httpbody_pb2.HttpBody
    def __init__(self, body: _Optional[_Union[_httpbody_pb2.HttpBody, _Mapping]] = ...) -> None: ...

class PaymentNotificationResult(_message.Message):
    __slots__ = ("status", "receipt_number", "bill_id", "amount", "channel", "transaction_id", "recorded_at", "duplicate")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    BILL_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    TRANSACTION_ID_FIELD_NUMBER: _ClassVar[int]
    RECORDED_AT_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_FIELD_NUMBER: _ClassVar[int]
    status: str
    receipt_number: str
    bill_id: str
    amount: int
    channel: str
    transaction_id: str
    recorded_at: _timestamp_pb2.Timestamp
    duplicate: bool
    def __init__(self, status: _Optional[str] = ..., receipt_number: _Optional[str] = ..., bill_id: _Optional[str] = ..., amount: _Optional[int] = ..., channel: _Optional[str] = ..., transaction_id: _Optional[str] = ..., recorded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., duplicate: _Optional[bool] = ...) -> None: ...

class GetReceiptRequest(_message.Message):
    __slots__ = ("number",)
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    number: str
    def __init__(self, number: _Optional[str] = ...) -> None: ...

class GetReceiptKeysRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Receipt(_message.Message):
    __slots__ = ("number", "bill_id", "tax_type", "tax_year", "authority_code", "description", "principal", "penalty", "amount", "channel", "channel_transaction_id", "paid_at", "token", "verify_path")
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    BILL_ID_FIELD_NUMBER: _ClassVar[int]
    TAX_TYPE_FIELD_NUMBER: _ClassVar[int]
    TAX_YEAR_FIELD_NUMBER: _ClassVar[int]
    AUTHORITY_CODE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    PRINCIPAL_FIELD_NUMBER: _ClassVar[int]
    PENALTY_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_TRANSACTION_ID_FIELD_NUMBER: _ClassVar[int]
    PAID_AT_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    VERIFY_PATH_FIELD_NUMBER: _ClassVar[int]
    number: str
    bill_id: str
    tax_type: str
    tax_year: int
    authority_code: str
    description: str
    principal: int
    penalty: int
    amount: int
    channel: str
    channel_transaction_id: str
    paid_at: _timestamp_pb2.Timestamp
    token: str
    verify_path: str
    def __init__(self, number: _Optional[str] = ..., bill_id: _Optional[str] = ..., tax_type: _Optional[str] = ..., tax_year: _Optional[int] = ..., authority_code: _Optional[str] = ..., description: _Optional[str] = ..., principal: _Optional[int] = ..., penalty: _Optional[int] = ..., amount: _Optional[int] = ..., channel: _Optional[str] = ..., channel_transaction_id: _Optional[str] = ..., paid_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., token: _Optional[str] = ..., verify_path: _Optional[str] = ...) -> None: ...

class ReceiptVerification(_message.Message):
    __slots__ = ("valid", "number", "amount", "tax_type", "tax_year", "authority_code", "paid_date")
    VALID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    TAX_TYPE_FIELD_NUMBER: _ClassVar[int]
    TAX_YEAR_FIELD_NUMBER: _ClassVar[int]
    AUTHORITY_CODE_FIELD_NUMBER: _ClassVar[int]
    PAID_DATE_FIELD_NUMBER: _ClassVar[int]
    valid: bool
    number: str
    amount: int
    tax_type: str
    tax_year: int
    authority_code: str
    paid_date: str
    def __init__(self, valid: _Optional[bool] = ..., number: _Optional[str] = ..., amount: _Optional[int] = ..., tax_type: _Optional[str] = ..., tax_year: _Optional[int] = ..., authority_code: _Optional[str] = ..., paid_date: _Optional[str] = ...) -> None: ...

class GetReconciliationRequest(_message.Message):
    __slots__ = ("channel", "date")
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    channel: str
    date: str
    def __init__(self, channel: _Optional[str] = ..., date: _Optional[str] = ...) -> None: ...

class ReconciledPayment(_message.Message):
    __slots__ = ("receipt_number", "bill_id", "tax_type", "authority_code", "billing_code", "channel_transaction_id", "amount", "recorded_at")
    RECEIPT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    BILL_ID_FIELD_NUMBER: _ClassVar[int]
    TAX_TYPE_FIELD_NUMBER: _ClassVar[int]
    AUTHORITY_CODE_FIELD_NUMBER: _ClassVar[int]
    BILLING_CODE_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_TRANSACTION_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    RECORDED_AT_FIELD_NUMBER: _ClassVar[int]
    receipt_number: str
    bill_id: str
    tax_type: str
    authority_code: str
    billing_code: str
    channel_transaction_id: str
    amount: int
    recorded_at: _timestamp_pb2.Timestamp
    def __init__(self, receipt_number: _Optional[str] = ..., bill_id: _Optional[str] = ..., tax_type: _Optional[str] = ..., authority_code: _Optional[str] = ..., billing_code: _Optional[str] = ..., channel_transaction_id: _Optional[str] = ..., amount: _Optional[int] = ..., recorded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RefusedNotification(_message.Message):
    __slots__ = ("reason", "channel_transaction_id", "billing_code", "amount", "received_at")
    REASON_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_TRANSACTION_ID_FIELD_NUMBER: _ClassVar[int]
    BILLING_CODE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    reason: str
    channel_transaction_id: str
    billing_code: str
    amount: int
    received_at: _timestamp_pb2.Timestamp
    def __init__(self, reason: _Optional[str] = ..., channel_transaction_id: _Optional[str] = ..., billing_code: _Optional[str] = ..., amount: _Optional[int] = ..., received_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Reconciliation(_message.Message):
    __slots__ = ("channel", "date", "payments", "payment_count", "total", "refused")
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    PAYMENTS_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    REFUSED_FIELD_NUMBER: _ClassVar[int]
    channel: str
    date: str
    payments: _containers.RepeatedCompositeFieldContainer[ReconciledPayment]
    payment_count: int
    total: int
    refused: _containers.RepeatedCompositeFieldContainer[RefusedNotification]
    def __init__(self, channel: _Optional[str] = ..., date: _Optional[str] = ..., payments: _Optional[_Iterable[_Union[ReconciledPayment, _Mapping]]] = ..., payment_count: _Optional[int] = ..., total: _Optional[int] = ..., refused: _Optional[_Iterable[_Union[RefusedNotification, _Mapping]]] = ...) -> None: ...

class ImportObjectsRequest(_message.Message):
    __slots__ = ("file",)
    FILE_FIELD_NUMBER: _ClassVar[int]
    file: _httpbody_pb2.HttpBody
    def __init__(self, file: _Optional[_Union[_httpbody_pb2.HttpBody, _Mapping]] = ...) -> None: ...

class ImportRowError(_message.Message):
    __slots__ = ("line", "field", "reason", "detail")
    LINE_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    line: int
    field: str
    reason: str
    detail: str
    def __init__(self, line: _Optional[int] = ..., field: _Optional[str] = ..., reason: _Optional[str] = ..., detail: _Optional[str] = ...) -> None: ...

class ImportObjectsResponse(_message.Message):
    __slots__ = ("imported", "vehicles_created", "properties_created", "unchanged", "errors", "rows")
    IMPORTED_FIELD_NUMBER: _ClassVar[int]
    VEHICLES_CREATED_FIELD_NUMBER: _ClassVar[int]
    PROPERTIES_CREATED_FIELD_NUMBER: _ClassVar[int]
    UNCHANGED_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    imported: bool
    vehicles_created: int
    properties_created: int
    unchanged: int
    errors: _containers.RepeatedCompositeFieldContainer[ImportRowError]
    rows: int
    def __init__(self, imported: _Optional[bool] = ..., vehicles_created: _Optional[int] = ..., properties_created: _Optional[int] = ..., unchanged: _Optional[int] = ..., errors: _Optional[_Iterable[_Union[ImportRowError, _Mapping]]] = ..., rows: _Optional[int] = ...) -> None: ...

class SearchBillsRequest(_message.Message):
    __slots__ = ("query",)
    QUERY_FIELD_NUMBER: _ClassVar[int]
    query: str
    def __init__(self, query: _Optional[str] = ...) -> None: ...

class SearchBillsResponse(_message.Message):
    __slots__ = ("kind", "normalized", "bills")
    KIND_FIELD_NUMBER: _ClassVar[int]
    NORMALIZED_FIELD_NUMBER: _ClassVar[int]
    BILLS_FIELD_NUMBER: _ClassVar[int]
    kind: str
    normalized: str
    bills: _containers.RepeatedCompositeFieldContainer[Bill]
    def __init__(self, kind: _Optional[str] = ..., normalized: _Optional[str] = ..., bills: _Optional[_Iterable[_Union[Bill, _Mapping]]] = ...) -> None: ...

class RegisterVehicleRequest(_message.Message):
    __slots__ = ("plate_number", "vehicle_type", "model_year", "taxable_value", "regency_code")
    PLATE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    VEHICLE_TYPE_FIELD_NUMBER: _ClassVar[int]
    MODEL_YEAR_FIELD_NUMBER: _ClassVar[int]
    TAXABLE_VALUE_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    plate_number: str
    vehicle_type: str
    model_year: int
    taxable_value: int
    regency_code: str
    def __init__(self, plate_number: _Optional[str] = ..., vehicle_type: _Optional[str] = ..., model_year: _Optional[int] = ..., taxable_value: _Optional[int] = ..., regency_code: _Optional[str] = ...) -> None: ...

class Vehicle(_message.Message):
    __slots__ = ("id", "plate_number", "vehicle_type", "model_year", "taxable_value", "regency_code", "ownership_order", "annual_pkb", "annual_opsen_pkb", "registered_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    PLATE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    VEHICLE_TYPE_FIELD_NUMBER: _ClassVar[int]
    MODEL_YEAR_FIELD_NUMBER: _ClassVar[int]
    TAXABLE_VALUE_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    OWNERSHIP_ORDER_FIELD_NUMBER: _ClassVar[int]
    ANNUAL_PKB_FIELD_NUMBER: _ClassVar[int]
    ANNUAL_OPSEN_PKB_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    plate_number: str
    vehicle_type: str
    model_year: int
    taxable_value: int
    regency_code: str
    ownership_order: int
    annual_pkb: int
    annual_opsen_pkb: int
    registered_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., plate_number: _Optional[str] = ..., vehicle_type: _Optional[str] = ..., model_year: _Optional[int] = ..., taxable_value: _Optional[int] = ..., regency_code: _Optional[str] = ..., ownership_order: _Optional[int] = ..., annual_pkb: _Optional[int] = ..., annual_opsen_pkb: _Optional[int] = ..., registered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListVehiclesRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListVehiclesResponse(_message.Message):
    __slots__ = ("vehicles", "next_page_token")
    VEHICLES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    vehicles: _containers.RepeatedCompositeFieldContainer[Vehicle]
    next_page_token: str
    def __init__(self, vehicles: _Optional[_Iterable[_Union[Vehicle, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetVehicleRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class BillLine(_message.Message):
    __slots__ = ("kind", "amount", "credited_to")
    KIND_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    CREDITED_TO_FIELD_NUMBER: _ClassVar[int]
    kind: str
    amount: int
    credited_to: str
    def __init__(self, kind: _Optional[str] = ..., amount: _Optional[int] = ..., credited_to: _Optional[str] = ...) -> None: ...

class Bill(_message.Message):
    __slots__ = ("id", "tax_type", "tax_year", "authority_code", "region_code", "description", "due_date", "status", "principal", "penalty", "penalty_months", "total", "lines", "issued_at", "as_of", "object_id", "caller", "caller_reference", "paid_at", "receipt_number", "amount_paid", "cancelled_at", "cancellation_reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    TAX_TYPE_FIELD_NUMBER: _ClassVar[int]
    TAX_YEAR_FIELD_NUMBER: _ClassVar[int]
    AUTHORITY_CODE_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PRINCIPAL_FIELD_NUMBER: _ClassVar[int]
    PENALTY_FIELD_NUMBER: _ClassVar[int]
    PENALTY_MONTHS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    OBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    CALLER_FIELD_NUMBER: _ClassVar[int]
    CALLER_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    PAID_AT_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_PAID_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_AT_FIELD_NUMBER: _ClassVar[int]
    CANCELLATION_REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    tax_type: str
    tax_year: int
    authority_code: str
    region_code: str
    description: str
    due_date: str
    status: str
    principal: int
    penalty: int
    penalty_months: int
    total: int
    lines: _containers.RepeatedCompositeFieldContainer[BillLine]
    issued_at: _timestamp_pb2.Timestamp
    as_of: _timestamp_pb2.Timestamp
    object_id: str
    caller: str
    caller_reference: str
    paid_at: _timestamp_pb2.Timestamp
    receipt_number: str
    amount_paid: int
    cancelled_at: _timestamp_pb2.Timestamp
    cancellation_reason: str
    def __init__(self, id: _Optional[str] = ..., tax_type: _Optional[str] = ..., tax_year: _Optional[int] = ..., authority_code: _Optional[str] = ..., region_code: _Optional[str] = ..., description: _Optional[str] = ..., due_date: _Optional[str] = ..., status: _Optional[str] = ..., principal: _Optional[int] = ..., penalty: _Optional[int] = ..., penalty_months: _Optional[int] = ..., total: _Optional[int] = ..., lines: _Optional[_Iterable[_Union[BillLine, _Mapping]]] = ..., issued_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., as_of: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., object_id: _Optional[str] = ..., caller: _Optional[str] = ..., caller_reference: _Optional[str] = ..., paid_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., receipt_number: _Optional[str] = ..., amount_paid: _Optional[int] = ..., cancelled_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., cancellation_reason: _Optional[str] = ...) -> None: ...

class ListBillsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "tax_type", "status")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TAX_TYPE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    tax_type: str
    status: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., tax_type: _Optional[str] = ..., status: _Optional[str] = ...) -> None: ...

class ListBillsResponse(_message.Message):
    __slots__ = ("bills", "next_page_token")
    BILLS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    bills: _containers.RepeatedCompositeFieldContainer[Bill]
    next_page_token: str
    def __init__(self, bills: _Optional[_Iterable[_Union[Bill, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetBillRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class CheckoutBillRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class Checkout(_message.Message):
    __slots__ = ("bill_id", "billing_code", "amount", "expires_at", "issued_at", "bill")
    BILL_ID_FIELD_NUMBER: _ClassVar[int]
    BILLING_CODE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    BILL_FIELD_NUMBER: _ClassVar[int]
    bill_id: str
    billing_code: str
    amount: int
    expires_at: _timestamp_pb2.Timestamp
    issued_at: _timestamp_pb2.Timestamp
    bill: Bill
    def __init__(self, bill_id: _Optional[str] = ..., billing_code: _Optional[str] = ..., amount: _Optional[int] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., issued_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., bill: _Optional[_Union[Bill, _Mapping]] = ...) -> None: ...

class CreateFeeBillRequest(_message.Message):
    __slots__ = ("caller", "caller_reference", "region_code", "payer_id", "description", "amount", "due_date")
    CALLER_FIELD_NUMBER: _ClassVar[int]
    CALLER_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    PAYER_ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    caller: str
    caller_reference: str
    region_code: str
    payer_id: str
    description: str
    amount: int
    due_date: str
    def __init__(self, caller: _Optional[str] = ..., caller_reference: _Optional[str] = ..., region_code: _Optional[str] = ..., payer_id: _Optional[str] = ..., description: _Optional[str] = ..., amount: _Optional[int] = ..., due_date: _Optional[str] = ...) -> None: ...

class CancelBillRequest(_message.Message):
    __slots__ = ("id", "caller", "caller_reference", "reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    CALLER_FIELD_NUMBER: _ClassVar[int]
    CALLER_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    caller: str
    caller_reference: str
    reason: str
    def __init__(self, id: _Optional[str] = ..., caller: _Optional[str] = ..., caller_reference: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ClaimTaxObjectsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ClaimTaxObjectsResponse(_message.Message):
    __slots__ = ("vehicles", "properties", "bills")
    VEHICLES_FIELD_NUMBER: _ClassVar[int]
    PROPERTIES_FIELD_NUMBER: _ClassVar[int]
    BILLS_FIELD_NUMBER: _ClassVar[int]
    vehicles: int
    properties: int
    bills: int
    def __init__(self, vehicles: _Optional[int] = ..., properties: _Optional[int] = ..., bills: _Optional[int] = ...) -> None: ...

class GetTaxRulesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class TaxRules(_message.Message):
    __slots__ = ("pkb_weight_permille", "pkb_progressive_rates_bp", "opsen_pkb_bp", "penalty")
    class PkbWeightPermilleEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    PKB_WEIGHT_PERMILLE_FIELD_NUMBER: _ClassVar[int]
    PKB_PROGRESSIVE_RATES_BP_FIELD_NUMBER: _ClassVar[int]
    OPSEN_PKB_BP_FIELD_NUMBER: _ClassVar[int]
    PENALTY_FIELD_NUMBER: _ClassVar[int]
    pkb_weight_permille: _containers.ScalarMap[str, int]
    pkb_progressive_rates_bp: _containers.RepeatedScalarFieldContainer[int]
    opsen_pkb_bp: int
    penalty: PenaltyPolicy
    def __init__(self, pkb_weight_permille: _Optional[_Mapping[str, int]] = ..., pkb_progressive_rates_bp: _Optional[_Iterable[int]] = ..., opsen_pkb_bp: _Optional[int] = ..., penalty: _Optional[_Union[PenaltyPolicy, _Mapping]] = ...) -> None: ...

class PenaltyPolicy(_message.Message):
    __slots__ = ("bp_per_month", "max_months")
    BP_PER_MONTH_FIELD_NUMBER: _ClassVar[int]
    MAX_MONTHS_FIELD_NUMBER: _ClassVar[int]
    bp_per_month: int
    max_months: int
    def __init__(self, bp_per_month: _Optional[int] = ..., max_months: _Optional[int] = ...) -> None: ...

class QuotePenaltyRequest(_message.Message):
    __slots__ = ("principal", "months_late", "vehicle_type", "taxable_value", "ownership_order")
    PRINCIPAL_FIELD_NUMBER: _ClassVar[int]
    MONTHS_LATE_FIELD_NUMBER: _ClassVar[int]
    VEHICLE_TYPE_FIELD_NUMBER: _ClassVar[int]
    TAXABLE_VALUE_FIELD_NUMBER: _ClassVar[int]
    OWNERSHIP_ORDER_FIELD_NUMBER: _ClassVar[int]
    principal: int
    months_late: int
    vehicle_type: str
    taxable_value: int
    ownership_order: int
    def __init__(self, principal: _Optional[int] = ..., months_late: _Optional[int] = ..., vehicle_type: _Optional[str] = ..., taxable_value: _Optional[int] = ..., ownership_order: _Optional[int] = ...) -> None: ...

class PenaltyQuote(_message.Message):
    __slots__ = ("principal", "months_late", "months_counted", "bp_per_month", "penalty", "total")
    PRINCIPAL_FIELD_NUMBER: _ClassVar[int]
    MONTHS_LATE_FIELD_NUMBER: _ClassVar[int]
    MONTHS_COUNTED_FIELD_NUMBER: _ClassVar[int]
    BP_PER_MONTH_FIELD_NUMBER: _ClassVar[int]
    PENALTY_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    principal: int
    months_late: int
    months_counted: int
    bp_per_month: int
    penalty: int
    total: int
    def __init__(self, principal: _Optional[int] = ..., months_late: _Optional[int] = ..., months_counted: _Optional[int] = ..., bp_per_month: _Optional[int] = ..., penalty: _Optional[int] = ..., total: _Optional[int] = ...) -> None: ...
