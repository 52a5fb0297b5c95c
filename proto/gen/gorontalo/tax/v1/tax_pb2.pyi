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
