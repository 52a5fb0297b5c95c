from gorontalo.api.v1 import options_pb2 as _options_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class VehicleRegistered(_message.Message):
    __slots__ = ("vehicle_id", "owner_id", "regency_code", "vehicle_type", "annual_pkb")
    VEHICLE_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    VEHICLE_TYPE_FIELD_NUMBER: _ClassVar[int]
    ANNUAL_PKB_FIELD_NUMBER: _ClassVar[int]
    vehicle_id: str
    owner_id: str
    regency_code: str
    vehicle_type: str
    annual_pkb: int
    def __init__(self, vehicle_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., regency_code: _Optional[str] = ..., vehicle_type: _Optional[str] = ..., annual_pkb: _Optional[int] = ...) -> None: ...

class PropertyRegistered(_message.Message):
    __slots__ = ("property_id", "regency_code")
    PROPERTY_ID_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    property_id: str
    regency_code: str
    def __init__(self, property_id: _Optional[str] = ..., regency_code: _Optional[str] = ...) -> None: ...

class BillIssued(_message.Message):
    __slots__ = ("bill_id", "tax_type", "tax_year", "authority_code", "region_code", "owner_id", "principal", "due_date", "caller", "caller_reference")
    BILL_ID_FIELD_NUMBER: _ClassVar[int]
    TAX_TYPE_FIELD_NUMBER: _ClassVar[int]
    TAX_YEAR_FIELD_NUMBER: _ClassVar[int]
    AUTHORITY_CODE_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    PRINCIPAL_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    CALLER_FIELD_NUMBER: _ClassVar[int]
    CALLER_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    bill_id: str
    tax_type: str
    tax_year: int
    authority_code: str
    region_code: str
    owner_id: str
    principal: int
    due_date: str
    caller: str
    caller_reference: str
    def __init__(self, bill_id: _Optional[str] = ..., tax_type: _Optional[str] = ..., tax_year: _Optional[int] = ..., authority_code: _Optional[str] = ..., region_code: _Optional[str] = ..., owner_id: _Optional[str] = ..., principal: _Optional[int] = ..., due_date: _Optional[str] = ..., caller: _Optional[str] = ..., caller_reference: _Optional[str] = ...) -> None: ...

class BillCancelled(_message.Message):
    __slots__ = ("bill_id", "tax_type", "authority_code", "region_code", "owner_id", "principal", "caller", "caller_reference", "cancelled_by_role", "cancelled_by", "cancelled_at")
    BILL_ID_FIELD_NUMBER: _ClassVar[int]
    TAX_TYPE_FIELD_NUMBER: _ClassVar[int]
    AUTHORITY_CODE_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    PRINCIPAL_FIELD_NUMBER: _ClassVar[int]
    CALLER_FIELD_NUMBER: _ClassVar[int]
    CALLER_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_BY_ROLE_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_BY_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_AT_FIELD_NUMBER: _ClassVar[int]
    bill_id: str
    tax_type: str
    authority_code: str
    region_code: str
    owner_id: str
    principal: int
    caller: str
    caller_reference: str
    cancelled_by_role: str
    cancelled_by: str
    cancelled_at: str
    def __init__(self, bill_id: _Optional[str] = ..., tax_type: _Optional[str] = ..., authority_code: _Optional[str] = ..., region_code: _Optional[str] = ..., owner_id: _Optional[str] = ..., principal: _Optional[int] = ..., caller: _Optional[str] = ..., caller_reference: _Optional[str] = ..., cancelled_by_role: _Optional[str] = ..., cancelled_by: _Optional[str] = ..., cancelled_at: _Optional[str] = ...) -> None: ...

class BillingCodeIssued(_message.Message):
    __slots__ = ("bill_id", "tax_type", "amount", "expires_at")
    BILL_ID_FIELD_NUMBER: _ClassVar[int]
    TAX_TYPE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    bill_id: str
    tax_type: str
    amount: int
    expires_at: str
    def __init__(self, bill_id: _Optional[str] = ..., tax_type: _Optional[str] = ..., amount: _Optional[int] = ..., expires_at: _Optional[str] = ...) -> None: ...

class ObjectsClaimed(_message.Message):
    __slots__ = ("owner_id", "vehicles", "properties", "bills", "bill_ids")
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    VEHICLES_FIELD_NUMBER: _ClassVar[int]
    PROPERTIES_FIELD_NUMBER: _ClassVar[int]
    BILLS_FIELD_NUMBER: _ClassVar[int]
    BILL_IDS_FIELD_NUMBER: _ClassVar[int]
    owner_id: str
    vehicles: int
    properties: int
    bills: int
    bill_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, owner_id: _Optional[str] = ..., vehicles: _Optional[int] = ..., properties: _Optional[int] = ..., bills: _Optional[int] = ..., bill_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ObjectsReleased(_message.Message):
    __slots__ = ("owner_id", "reason", "bill_ids")
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    BILL_IDS_FIELD_NUMBER: _ClassVar[int]
    owner_id: str
    reason: str
    bill_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, owner_id: _Optional[str] = ..., reason: _Optional[str] = ..., bill_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class PaymentReceived(_message.Message):
    __slots__ = ("bill_id", "caller", "caller_reference", "amount", "channel", "paid_at", "receipt_number", "tax_type", "owner_id", "requested_by")
    BILL_ID_FIELD_NUMBER: _ClassVar[int]
    CALLER_FIELD_NUMBER: _ClassVar[int]
    CALLER_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    PAID_AT_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    TAX_TYPE_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    bill_id: str
    caller: str
    caller_reference: str
    amount: int
    channel: str
    paid_at: str
    receipt_number: str
    tax_type: str
    owner_id: str
    requested_by: str
    def __init__(self, bill_id: _Optional[str] = ..., caller: _Optional[str] = ..., caller_reference: _Optional[str] = ..., amount: _Optional[int] = ..., channel: _Optional[str] = ..., paid_at: _Optional[str] = ..., receipt_number: _Optional[str] = ..., tax_type: _Optional[str] = ..., owner_id: _Optional[str] = ..., requested_by: _Optional[str] = ...) -> None: ...

class PaymentRefused(_message.Message):
    __slots__ = ("channel", "reason", "channel_transaction_id", "billing_code", "bill_id", "owner_id")
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_TRANSACTION_ID_FIELD_NUMBER: _ClassVar[int]
    BILLING_CODE_FIELD_NUMBER: _ClassVar[int]
    BILL_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    channel: str
    reason: str
    channel_transaction_id: str
    billing_code: str
    bill_id: str
    owner_id: str
    def __init__(self, channel: _Optional[str] = ..., reason: _Optional[str] = ..., channel_transaction_id: _Optional[str] = ..., billing_code: _Optional[str] = ..., bill_id: _Optional[str] = ..., owner_id: _Optional[str] = ...) -> None: ...
