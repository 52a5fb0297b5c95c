from gorontalo.api.v1 import options_pb2 as _options_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class CitizenRegistered(_message.Message):
    __slots__ = ("citizen_id", "regency_code")
    CITIZEN_ID_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    citizen_id: str
    regency_code: str
    def __init__(self, citizen_id: _Optional[str] = ..., regency_code: _Optional[str] = ...) -> None: ...

class CitizenUpdated(_message.Message):
    __slots__ = ("citizen_id", "regency_code")
    CITIZEN_ID_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    citizen_id: str
    regency_code: str
    def __init__(self, citizen_id: _Optional[str] = ..., regency_code: _Optional[str] = ...) -> None: ...

class OfficerCreated(_message.Message):
    __slots__ = ("officer_id", "agency", "jurisdiction", "agency_head")
    OFFICER_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    JURISDICTION_FIELD_NUMBER: _ClassVar[int]
    AGENCY_HEAD_FIELD_NUMBER: _ClassVar[int]
    officer_id: str
    agency: str
    jurisdiction: _containers.RepeatedScalarFieldContainer[str]
    agency_head: bool
    def __init__(self, officer_id: _Optional[str] = ..., agency: _Optional[str] = ..., jurisdiction: _Optional[_Iterable[str]] = ..., agency_head: _Optional[bool] = ...) -> None: ...

class OfficerAgencyHeadChanged(_message.Message):
    __slots__ = ("officer_id", "agency_id", "agency_head", "previous_head_id")
    OFFICER_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_HEAD_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_HEAD_ID_FIELD_NUMBER: _ClassVar[int]
    officer_id: str
    agency_id: str
    agency_head: bool
    previous_head_id: str
    def __init__(self, officer_id: _Optional[str] = ..., agency_id: _Optional[str] = ..., agency_head: _Optional[bool] = ..., previous_head_id: _Optional[str] = ...) -> None: ...

class CredentialIssued(_message.Message):
    __slots__ = ("credential_id", "citizen_id", "regency_code")
    CREDENTIAL_ID_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_ID_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    credential_id: str
    citizen_id: str
    regency_code: str
    def __init__(self, credential_id: _Optional[str] = ..., citizen_id: _Optional[str] = ..., regency_code: _Optional[str] = ...) -> None: ...

class CredentialRevoked(_message.Message):
    __slots__ = ("credential_id", "citizen_id")
    CREDENTIAL_ID_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_ID_FIELD_NUMBER: _ClassVar[int]
    credential_id: str
    citizen_id: str
    def __init__(self, credential_id: _Optional[str] = ..., citizen_id: _Optional[str] = ...) -> None: ...

class CitizenAssuranceChanged(_message.Message):
    __slots__ = ("citizen_id", "acr", "reason", "officer_id", "regency_code")
    CITIZEN_ID_FIELD_NUMBER: _ClassVar[int]
    ACR_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    OFFICER_ID_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    citizen_id: str
    acr: int
    reason: str
    officer_id: str
    regency_code: str
    def __init__(self, citizen_id: _Optional[str] = ..., acr: _Optional[int] = ..., reason: _Optional[str] = ..., officer_id: _Optional[str] = ..., regency_code: _Optional[str] = ...) -> None: ...

class CitizenTakeoverRepaired(_message.Message):
    __slots__ = ("citizen_id", "officer_id", "regency_code")
    CITIZEN_ID_FIELD_NUMBER: _ClassVar[int]
    OFFICER_ID_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    citizen_id: str
    officer_id: str
    regency_code: str
    def __init__(self, citizen_id: _Optional[str] = ..., officer_id: _Optional[str] = ..., regency_code: _Optional[str] = ...) -> None: ...
