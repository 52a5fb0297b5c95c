import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from gorontalo.api.v1 import options_pb2 as _options_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

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
    __slots__ = ("id", "tax_type", "tax_year", "authority_code", "region_code", "description", "due_date", "status", "principal", "penalty", "penalty_months", "total", "lines", "issued_at", "as_of", "object_id", "caller", "caller_reference")
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
    def __init__(self, id: _Optional[str] = ..., tax_type: _Optional[str] = ..., tax_year: _Optional[int] = ..., authority_code: _Optional[str] = ..., region_code: _Optional[str] = ..., description: _Optional[str] = ..., due_date: _Optional[str] = ..., status: _Optional[str] = ..., principal: _Optional[int] = ..., penalty: _Optional[int] = ..., penalty_months: _Optional[int] = ..., total: _Optional[int] = ..., lines: _Optional[_Iterable[_Union[BillLine, _Mapping]]] = ..., issued_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., as_of: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., object_id: _Optional[str] = ..., caller: _Optional[str] = ..., caller_reference: _Optional[str] = ...) -> None: ...

class ListBillsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "tax_type")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TAX_TYPE_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    tax_type: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., tax_type: _Optional[str] = ...) -> None: ...

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

class PropertyRegistered(_message.Message):
    __slots__ = ("property_id", "regency_code")
    PROPERTY_ID_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    property_id: str
    regency_code: str
    def __init__(self, property_id: _Optional[str] = ..., regency_code: _Optional[str] = ...) -> None: ...

class ObjectsClaimed(_message.Message):
    __slots__ = ("owner_id", "vehicles", "properties", "bills")
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    VEHICLES_FIELD_NUMBER: _ClassVar[int]
    PROPERTIES_FIELD_NUMBER: _ClassVar[int]
    BILLS_FIELD_NUMBER: _ClassVar[int]
    owner_id: str
    vehicles: int
    properties: int
    bills: int
    def __init__(self, owner_id: _Optional[str] = ..., vehicles: _Optional[int] = ..., properties: _Optional[int] = ..., bills: _Optional[int] = ...) -> None: ...
