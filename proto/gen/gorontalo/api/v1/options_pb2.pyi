from google.protobuf import descriptor_pb2 as _descriptor_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor
ACCESS_FIELD_NUMBER: _ClassVar[int]
access: _descriptor.FieldDescriptor
HTTP_OPTIONS_FIELD_NUMBER: _ClassVar[int]
http_options: _descriptor.FieldDescriptor
ROUTING_FIELD_NUMBER: _ClassVar[int]
routing: _descriptor.FieldDescriptor
EVENT_FIELD_NUMBER: _ClassVar[int]
event: _descriptor.FieldDescriptor
FIELD_FIELD_NUMBER: _ClassVar[int]
field: _descriptor.FieldDescriptor
SERVICE_INFO_FIELD_NUMBER: _ClassVar[int]
service_info: _descriptor.FieldDescriptor

class AccessRule(_message.Message):
    __slots__ = ("public", "roles", "min_acr", "peers")
    PUBLIC_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    MIN_ACR_FIELD_NUMBER: _ClassVar[int]
    PEERS_FIELD_NUMBER: _ClassVar[int]
    public: bool
    roles: _containers.RepeatedScalarFieldContainer[str]
    min_acr: int
    peers: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, public: _Optional[bool] = ..., roles: _Optional[_Iterable[str]] = ..., min_acr: _Optional[int] = ..., peers: _Optional[_Iterable[str]] = ...) -> None: ...

class Routing(_message.Message):
    __slots__ = ("region_field", "id_field", "fan_out", "items_field", "merge_order")
    REGION_FIELD_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_FIELD_NUMBER: _ClassVar[int]
    FAN_OUT_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_FIELD_NUMBER: _ClassVar[int]
    MERGE_ORDER_FIELD_NUMBER: _ClassVar[int]
    region_field: str
    id_field: str
    fan_out: bool
    items_field: str
    merge_order: str
    def __init__(self, region_field: _Optional[str] = ..., id_field: _Optional[str] = ..., fan_out: _Optional[bool] = ..., items_field: _Optional[str] = ..., merge_order: _Optional[str] = ...) -> None: ...

class ServiceInfo(_message.Message):
    __slots__ = ("title_id", "title_en", "summary_id", "summary_en", "consumes")
    TITLE_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_EN_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_ID_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_EN_FIELD_NUMBER: _ClassVar[int]
    CONSUMES_FIELD_NUMBER: _ClassVar[int]
    title_id: str
    title_en: str
    summary_id: str
    summary_en: str
    consumes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, title_id: _Optional[str] = ..., title_en: _Optional[str] = ..., summary_id: _Optional[str] = ..., summary_en: _Optional[str] = ..., consumes: _Optional[_Iterable[str]] = ...) -> None: ...

class HttpOptions(_message.Message):
    __slots__ = ("forward_headers", "max_body_bytes", "ignore_unknown_parameters", "response_media_types", "error_format", "idempotency_key", "response_headers")
    FORWARD_HEADERS_FIELD_NUMBER: _ClassVar[int]
    MAX_BODY_BYTES_FIELD_NUMBER: _ClassVar[int]
    IGNORE_UNKNOWN_PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_MEDIA_TYPES_FIELD_NUMBER: _ClassVar[int]
    ERROR_FORMAT_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_HEADERS_FIELD_NUMBER: _ClassVar[int]
    forward_headers: _containers.RepeatedScalarFieldContainer[str]
    max_body_bytes: int
    ignore_unknown_parameters: bool
    response_media_types: _containers.RepeatedScalarFieldContainer[str]
    error_format: str
    idempotency_key: bool
    response_headers: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, forward_headers: _Optional[_Iterable[str]] = ..., max_body_bytes: _Optional[int] = ..., ignore_unknown_parameters: _Optional[bool] = ..., response_media_types: _Optional[_Iterable[str]] = ..., error_format: _Optional[str] = ..., idempotency_key: _Optional[bool] = ..., response_headers: _Optional[_Iterable[str]] = ...) -> None: ...

class FieldRules(_message.Message):
    __slots__ = ("pattern", "min_length", "max_length", "minimum", "maximum", "format", "one_of", "example")
    PATTERN_FIELD_NUMBER: _ClassVar[int]
    MIN_LENGTH_FIELD_NUMBER: _ClassVar[int]
    MAX_LENGTH_FIELD_NUMBER: _ClassVar[int]
    MINIMUM_FIELD_NUMBER: _ClassVar[int]
    MAXIMUM_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    ONE_OF_FIELD_NUMBER: _ClassVar[int]
    EXAMPLE_FIELD_NUMBER: _ClassVar[int]
    pattern: str
    min_length: int
    max_length: int
    minimum: float
    maximum: float
    format: str
    one_of: _containers.RepeatedScalarFieldContainer[str]
    example: str
    def __init__(self, pattern: _Optional[str] = ..., min_length: _Optional[int] = ..., max_length: _Optional[int] = ..., minimum: _Optional[float] = ..., maximum: _Optional[float] = ..., format: _Optional[str] = ..., one_of: _Optional[_Iterable[str]] = ..., example: _Optional[str] = ...) -> None: ...

class EventOptions(_message.Message):
    __slots__ = ("type",)
    TYPE_FIELD_NUMBER: _ClassVar[int]
    type: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, type: _Optional[_Iterable[str]] = ...) -> None: ...
