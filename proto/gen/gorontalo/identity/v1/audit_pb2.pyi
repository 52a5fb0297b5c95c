from gorontalo.api.v1 import options_pb2 as _options_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class StaffActionRecorded(_message.Message):
    __slots__ = ("actor_id", "actor_role", "agency", "jurisdiction", "service", "method", "http_route", "resource", "request_id", "at")
    class ResourceEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_ROLE_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    JURISDICTION_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    HTTP_ROUTE_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    actor_id: str
    actor_role: str
    agency: str
    jurisdiction: _containers.RepeatedScalarFieldContainer[str]
    service: str
    method: str
    http_route: str
    resource: _containers.ScalarMap[str, str]
    request_id: str
    at: str
    def __init__(self, actor_id: _Optional[str] = ..., actor_role: _Optional[str] = ..., agency: _Optional[str] = ..., jurisdiction: _Optional[_Iterable[str]] = ..., service: _Optional[str] = ..., method: _Optional[str] = ..., http_route: _Optional[str] = ..., resource: _Optional[_Mapping[str, str]] = ..., request_id: _Optional[str] = ..., at: _Optional[str] = ...) -> None: ...
