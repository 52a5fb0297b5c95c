from gorontalo.api.v1 import options_pb2 as _options_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class ApplicationSubmitted(_message.Message):
    __slots__ = ("application_id", "applicant_id", "kbli_code", "region_code", "regency_code", "risk_level", "kbli_title")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    KBLI_CODE_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    RISK_LEVEL_FIELD_NUMBER: _ClassVar[int]
    KBLI_TITLE_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    applicant_id: str
    kbli_code: str
    region_code: str
    regency_code: str
    risk_level: str
    kbli_title: str
    def __init__(self, application_id: _Optional[str] = ..., applicant_id: _Optional[str] = ..., kbli_code: _Optional[str] = ..., region_code: _Optional[str] = ..., regency_code: _Optional[str] = ..., risk_level: _Optional[str] = ..., kbli_title: _Optional[str] = ...) -> None: ...

class ApplicationStatusChanged(_message.Message):
    __slots__ = ("application_id", "old_status", "new_status", "actor_role", "actor_id", "kbli_code", "region_code", "regency_code", "bill_id", "applicant_id", "kbli_title", "fee_amount")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    OLD_STATUS_FIELD_NUMBER: _ClassVar[int]
    NEW_STATUS_FIELD_NUMBER: _ClassVar[int]
    ACTOR_ROLE_FIELD_NUMBER: _ClassVar[int]
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    KBLI_CODE_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    BILL_ID_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    KBLI_TITLE_FIELD_NUMBER: _ClassVar[int]
    FEE_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    old_status: str
    new_status: str
    actor_role: str
    actor_id: str
    kbli_code: str
    region_code: str
    regency_code: str
    bill_id: str
    applicant_id: str
    kbli_title: str
    fee_amount: int
    def __init__(self, application_id: _Optional[str] = ..., old_status: _Optional[str] = ..., new_status: _Optional[str] = ..., actor_role: _Optional[str] = ..., actor_id: _Optional[str] = ..., kbli_code: _Optional[str] = ..., region_code: _Optional[str] = ..., regency_code: _Optional[str] = ..., bill_id: _Optional[str] = ..., applicant_id: _Optional[str] = ..., kbli_title: _Optional[str] = ..., fee_amount: _Optional[int] = ...) -> None: ...

class PermitIssued(_message.Message):
    __slots__ = ("permit_number", "application_id", "applicant_id", "kbli_code", "risk_level", "region_code", "regency_code", "issued_at", "kbli_title")
    PERMIT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    KBLI_CODE_FIELD_NUMBER: _ClassVar[int]
    RISK_LEVEL_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    KBLI_TITLE_FIELD_NUMBER: _ClassVar[int]
    permit_number: str
    application_id: str
    applicant_id: str
    kbli_code: str
    risk_level: str
    region_code: str
    regency_code: str
    issued_at: str
    kbli_title: str
    def __init__(self, permit_number: _Optional[str] = ..., application_id: _Optional[str] = ..., applicant_id: _Optional[str] = ..., kbli_code: _Optional[str] = ..., risk_level: _Optional[str] = ..., region_code: _Optional[str] = ..., regency_code: _Optional[str] = ..., issued_at: _Optional[str] = ..., kbli_title: _Optional[str] = ...) -> None: ...

class PermitRevokedEvent(_message.Message):
    __slots__ = ("permit_number", "application_id", "officer_id", "regency_code", "applicant_id")
    PERMIT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    OFFICER_ID_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    permit_number: str
    application_id: str
    officer_id: str
    regency_code: str
    applicant_id: str
    def __init__(self, permit_number: _Optional[str] = ..., application_id: _Optional[str] = ..., officer_id: _Optional[str] = ..., regency_code: _Optional[str] = ..., applicant_id: _Optional[str] = ...) -> None: ...
