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

class PermitType(_message.Message):
    __slots__ = ("kbli_code", "title", "risk_level", "sla_working_days", "fee_rupiah", "required_documents")
    KBLI_CODE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    RISK_LEVEL_FIELD_NUMBER: _ClassVar[int]
    SLA_WORKING_DAYS_FIELD_NUMBER: _ClassVar[int]
    FEE_RUPIAH_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    kbli_code: str
    title: str
    risk_level: str
    sla_working_days: int
    fee_rupiah: int
    required_documents: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, kbli_code: _Optional[str] = ..., title: _Optional[str] = ..., risk_level: _Optional[str] = ..., sla_working_days: _Optional[int] = ..., fee_rupiah: _Optional[int] = ..., required_documents: _Optional[_Iterable[str]] = ...) -> None: ...

class ListPermitTypesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListPermitTypesResponse(_message.Message):
    __slots__ = ("permit_types",)
    PERMIT_TYPES_FIELD_NUMBER: _ClassVar[int]
    permit_types: _containers.RepeatedCompositeFieldContainer[PermitType]
    def __init__(self, permit_types: _Optional[_Iterable[_Union[PermitType, _Mapping]]] = ...) -> None: ...

class SubmitApplicationRequest(_message.Message):
    __slots__ = ("kbli_code", "business_name", "business_address", "region_code", "latitude", "longitude", "investment_rupiah", "workforce", "nib", "self_declaration", "document_ids", "responsible_nik", "responsible_name")
    KBLI_CODE_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_NAME_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    INVESTMENT_RUPIAH_FIELD_NUMBER: _ClassVar[int]
    WORKFORCE_FIELD_NUMBER: _ClassVar[int]
    NIB_FIELD_NUMBER: _ClassVar[int]
    SELF_DECLARATION_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_IDS_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_NIK_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_NAME_FIELD_NUMBER: _ClassVar[int]
    kbli_code: str
    business_name: str
    business_address: str
    region_code: str
    latitude: float
    longitude: float
    investment_rupiah: int
    workforce: int
    nib: str
    self_declaration: bool
    document_ids: _containers.RepeatedScalarFieldContainer[str]
    responsible_nik: str
    responsible_name: str
    def __init__(self, kbli_code: _Optional[str] = ..., business_name: _Optional[str] = ..., business_address: _Optional[str] = ..., region_code: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., investment_rupiah: _Optional[int] = ..., workforce: _Optional[int] = ..., nib: _Optional[str] = ..., self_declaration: _Optional[bool] = ..., document_ids: _Optional[_Iterable[str]] = ..., responsible_nik: _Optional[str] = ..., responsible_name: _Optional[str] = ...) -> None: ...

class UploadDocumentRequest(_message.Message):
    __slots__ = ("document_type", "file_name", "file", "region_code")
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    FILE_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    document_type: str
    file_name: str
    file: _httpbody_pb2.HttpBody
    region_code: str
    def __init__(self, document_type: _Optional[str] = ..., file_name: _Optional[str] = ..., file: _Optional[_Union[_httpbody_pb2.HttpBody, _Mapping]] = ..., region_code: _Optional[str] = ...) -> None: ...

class Document(_message.Message):
    __slots__ = ("id", "document_type", "media_type", "size_bytes", "sha256", "file_name", "uploaded_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    UPLOADED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    document_type: str
    media_type: str
    size_bytes: int
    sha256: str
    file_name: str
    uploaded_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., document_type: _Optional[str] = ..., media_type: _Optional[str] = ..., size_bytes: _Optional[int] = ..., sha256: _Optional[str] = ..., file_name: _Optional[str] = ..., uploaded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetDocumentContentRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ProvideNibRequest(_message.Message):
    __slots__ = ("id", "nib")
    ID_FIELD_NUMBER: _ClassVar[int]
    NIB_FIELD_NUMBER: _ClassVar[int]
    id: str
    nib: str
    def __init__(self, id: _Optional[str] = ..., nib: _Optional[str] = ...) -> None: ...

class ApplicationDocument(_message.Message):
    __slots__ = ("document_id", "document_type", "media_type", "size_bytes")
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    document_type: str
    media_type: str
    size_bytes: int
    def __init__(self, document_id: _Optional[str] = ..., document_type: _Optional[str] = ..., media_type: _Optional[str] = ..., size_bytes: _Optional[int] = ...) -> None: ...

class TimelineEntry(_message.Message):
    __slots__ = ("status", "actor_role", "note", "at", "actor_id")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ACTOR_ROLE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    status: str
    actor_role: str
    note: str
    at: _timestamp_pb2.Timestamp
    actor_id: str
    def __init__(self, status: _Optional[str] = ..., actor_role: _Optional[str] = ..., note: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor_id: _Optional[str] = ...) -> None: ...

class Application(_message.Message):
    __slots__ = ("id", "kbli_code", "business_name", "business_address", "region_code", "regency_code", "latitude", "longitude", "investment_rupiah", "workforce", "status", "risk_level", "submitted_at", "timeline", "sla_due_date", "sla_paused", "nib", "self_declaration", "fee_rupiah", "payment_status", "permit_number", "next_step", "bill_id", "documents", "sla_working_days_left", "sla_late")
    ID_FIELD_NUMBER: _ClassVar[int]
    KBLI_CODE_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_NAME_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    INVESTMENT_RUPIAH_FIELD_NUMBER: _ClassVar[int]
    WORKFORCE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RISK_LEVEL_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_AT_FIELD_NUMBER: _ClassVar[int]
    TIMELINE_FIELD_NUMBER: _ClassVar[int]
    SLA_DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    SLA_PAUSED_FIELD_NUMBER: _ClassVar[int]
    NIB_FIELD_NUMBER: _ClassVar[int]
    SELF_DECLARATION_FIELD_NUMBER: _ClassVar[int]
    FEE_RUPIAH_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_STATUS_FIELD_NUMBER: _ClassVar[int]
    PERMIT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    NEXT_STEP_FIELD_NUMBER: _ClassVar[int]
    BILL_ID_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    SLA_WORKING_DAYS_LEFT_FIELD_NUMBER: _ClassVar[int]
    SLA_LATE_FIELD_NUMBER: _ClassVar[int]
    id: str
    kbli_code: str
    business_name: str
    business_address: str
    region_code: str
    regency_code: str
    latitude: float
    longitude: float
    investment_rupiah: int
    workforce: int
    status: str
    risk_level: str
    submitted_at: _timestamp_pb2.Timestamp
    timeline: _containers.RepeatedCompositeFieldContainer[TimelineEntry]
    sla_due_date: str
    sla_paused: bool
    nib: str
    self_declaration: bool
    fee_rupiah: int
    payment_status: str
    permit_number: str
    next_step: str
    bill_id: str
    documents: _containers.RepeatedCompositeFieldContainer[ApplicationDocument]
    sla_working_days_left: int
    sla_late: bool
    def __init__(self, id: _Optional[str] = ..., kbli_code: _Optional[str] = ..., business_name: _Optional[str] = ..., business_address: _Optional[str] = ..., region_code: _Optional[str] = ..., regency_code: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., investment_rupiah: _Optional[int] = ..., workforce: _Optional[int] = ..., status: _Optional[str] = ..., risk_level: _Optional[str] = ..., submitted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., timeline: _Optional[_Iterable[_Union[TimelineEntry, _Mapping]]] = ..., sla_due_date: _Optional[str] = ..., sla_paused: _Optional[bool] = ..., nib: _Optional[str] = ..., self_declaration: _Optional[bool] = ..., fee_rupiah: _Optional[int] = ..., payment_status: _Optional[str] = ..., permit_number: _Optional[str] = ..., next_step: _Optional[str] = ..., bill_id: _Optional[str] = ..., documents: _Optional[_Iterable[_Union[ApplicationDocument, _Mapping]]] = ..., sla_working_days_left: _Optional[int] = ..., sla_late: _Optional[bool] = ...) -> None: ...

class GetApplicationRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListApplicationsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "status")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    status: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., status: _Optional[str] = ...) -> None: ...

class ListApplicationsResponse(_message.Message):
    __slots__ = ("applications", "next_page_token", "unreachable")
    APPLICATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    UNREACHABLE_FIELD_NUMBER: _ClassVar[int]
    applications: _containers.RepeatedCompositeFieldContainer[Application]
    next_page_token: str
    unreachable: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, applications: _Optional[_Iterable[_Union[Application, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., unreachable: _Optional[_Iterable[str]] = ...) -> None: ...

class GetSlaFiguresRequest(_message.Message):
    __slots__ = ("from_month", "to_month")
    FROM_MONTH_FIELD_NUMBER: _ClassVar[int]
    TO_MONTH_FIELD_NUMBER: _ClassVar[int]
    from_month: str
    to_month: str
    def __init__(self, from_month: _Optional[str] = ..., to_month: _Optional[str] = ...) -> None: ...

class SlaRow(_message.Message):
    __slots__ = ("month", "regency_code", "regency_name", "kbli_code", "permit_type", "received", "decided", "breached", "median_working_days")
    MONTH_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    REGENCY_NAME_FIELD_NUMBER: _ClassVar[int]
    KBLI_CODE_FIELD_NUMBER: _ClassVar[int]
    PERMIT_TYPE_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_FIELD_NUMBER: _ClassVar[int]
    DECIDED_FIELD_NUMBER: _ClassVar[int]
    BREACHED_FIELD_NUMBER: _ClassVar[int]
    MEDIAN_WORKING_DAYS_FIELD_NUMBER: _ClassVar[int]
    month: str
    regency_code: str
    regency_name: str
    kbli_code: str
    permit_type: str
    received: int
    decided: int
    breached: int
    median_working_days: float
    def __init__(self, month: _Optional[str] = ..., regency_code: _Optional[str] = ..., regency_name: _Optional[str] = ..., kbli_code: _Optional[str] = ..., permit_type: _Optional[str] = ..., received: _Optional[int] = ..., decided: _Optional[int] = ..., breached: _Optional[int] = ..., median_working_days: _Optional[float] = ...) -> None: ...

class SlaFigures(_message.Message):
    __slots__ = ("from_month", "to_month", "rows")
    FROM_MONTH_FIELD_NUMBER: _ClassVar[int]
    TO_MONTH_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    from_month: str
    to_month: str
    rows: _containers.RepeatedCompositeFieldContainer[SlaRow]
    def __init__(self, from_month: _Optional[str] = ..., to_month: _Optional[str] = ..., rows: _Optional[_Iterable[_Union[SlaRow, _Mapping]]] = ...) -> None: ...

class StartReviewRequest(_message.Message):
    __slots__ = ("id", "note")
    ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    id: str
    note: str
    def __init__(self, id: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class ApplicationActionRequest(_message.Message):
    __slots__ = ("id", "note", "document_ids")
    ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_IDS_FIELD_NUMBER: _ClassVar[int]
    id: str
    note: str
    document_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., note: _Optional[str] = ..., document_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class VerifyPermitRequest(_message.Message):
    __slots__ = ("permit_number",)
    PERMIT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    permit_number: str
    def __init__(self, permit_number: _Optional[str] = ...) -> None: ...

class RevokePermitRequest(_message.Message):
    __slots__ = ("permit_number", "reason")
    PERMIT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    permit_number: str
    reason: str
    def __init__(self, permit_number: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class GetPermitHolderRequest(_message.Message):
    __slots__ = ("permit_number",)
    PERMIT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    permit_number: str
    def __init__(self, permit_number: _Optional[str] = ...) -> None: ...

class PermitHolder(_message.Message):
    __slots__ = ("permit_number", "holder_account_id", "validity", "regency_code", "business_name", "kbli_code", "revoked_at")
    PERMIT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    HOLDER_ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_NAME_FIELD_NUMBER: _ClassVar[int]
    KBLI_CODE_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    permit_number: str
    holder_account_id: str
    validity: str
    regency_code: str
    business_name: str
    kbli_code: str
    revoked_at: _timestamp_pb2.Timestamp
    def __init__(self, permit_number: _Optional[str] = ..., holder_account_id: _Optional[str] = ..., validity: _Optional[str] = ..., regency_code: _Optional[str] = ..., business_name: _Optional[str] = ..., kbli_code: _Optional[str] = ..., revoked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PermitVerification(_message.Message):
    __slots__ = ("permit_number", "validity", "business_name", "kbli_code", "activity", "risk_level", "issue_date", "issued_at", "regency_code", "regency_name", "revoked_at", "revocation_reason")
    PERMIT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_NAME_FIELD_NUMBER: _ClassVar[int]
    KBLI_CODE_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_FIELD_NUMBER: _ClassVar[int]
    RISK_LEVEL_FIELD_NUMBER: _ClassVar[int]
    ISSUE_DATE_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    REGENCY_NAME_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    REVOCATION_REASON_FIELD_NUMBER: _ClassVar[int]
    permit_number: str
    validity: str
    business_name: str
    kbli_code: str
    activity: str
    risk_level: str
    issue_date: str
    issued_at: _timestamp_pb2.Timestamp
    regency_code: str
    regency_name: str
    revoked_at: _timestamp_pb2.Timestamp
    revocation_reason: str
    def __init__(self, permit_number: _Optional[str] = ..., validity: _Optional[str] = ..., business_name: _Optional[str] = ..., kbli_code: _Optional[str] = ..., activity: _Optional[str] = ..., risk_level: _Optional[str] = ..., issue_date: _Optional[str] = ..., issued_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., regency_code: _Optional[str] = ..., regency_name: _Optional[str] = ..., revoked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revocation_reason: _Optional[str] = ...) -> None: ...

class GetPermitCertificateRequest(_message.Message):
    __slots__ = ("permit_number",)
    PERMIT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    permit_number: str
    def __init__(self, permit_number: _Optional[str] = ...) -> None: ...

class GetPermitJwksRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class PermitJwk(_message.Message):
    __slots__ = ("kty", "crv", "x", "kid", "alg", "use")
    KTY_FIELD_NUMBER: _ClassVar[int]
    CRV_FIELD_NUMBER: _ClassVar[int]
    X_FIELD_NUMBER: _ClassVar[int]
    KID_FIELD_NUMBER: _ClassVar[int]
    ALG_FIELD_NUMBER: _ClassVar[int]
    USE_FIELD_NUMBER: _ClassVar[int]
    kty: str
    crv: str
    x: str
    kid: str
    alg: str
    use: str
    def __init__(self, kty: _Optional[str] = ..., crv: _Optional[str] = ..., x: _Optional[str] = ..., kid: _Optional[str] = ..., alg: _Optional[str] = ..., use: _Optional[str] = ...) -> None: ...

class PermitJwks(_message.Message):
    __slots__ = ("keys", "unreachable")
    KEYS_FIELD_NUMBER: _ClassVar[int]
    UNREACHABLE_FIELD_NUMBER: _ClassVar[int]
    keys: _containers.RepeatedCompositeFieldContainer[PermitJwk]
    unreachable: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, keys: _Optional[_Iterable[_Union[PermitJwk, _Mapping]]] = ..., unreachable: _Optional[_Iterable[str]] = ...) -> None: ...

class GetPrecheckReportRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DismissPrecheckFlagRequest(_message.Message):
    __slots__ = ("id", "flag_id", "reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    FLAG_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    flag_id: str
    reason: str
    def __init__(self, id: _Optional[str] = ..., flag_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class PrecheckDocument(_message.Message):
    __slots__ = ("document_id", "document_type", "read_as", "confidence", "fields", "read_at")
    class FieldsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    READ_AS_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    READ_AT_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    document_type: str
    read_as: str
    confidence: float
    fields: _containers.ScalarMap[str, str]
    read_at: _timestamp_pb2.Timestamp
    def __init__(self, document_id: _Optional[str] = ..., document_type: _Optional[str] = ..., read_as: _Optional[str] = ..., confidence: _Optional[float] = ..., fields: _Optional[_Mapping[str, str]] = ..., read_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PrecheckFlag(_message.Message):
    __slots__ = ("id", "kind", "detail", "document_id", "read", "confidence", "message", "dismissed", "dismissed_at", "dismissed_by", "dismissal_reason")
    class ReadEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    READ_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    DISMISSED_FIELD_NUMBER: _ClassVar[int]
    DISMISSED_AT_FIELD_NUMBER: _ClassVar[int]
    DISMISSED_BY_FIELD_NUMBER: _ClassVar[int]
    DISMISSAL_REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    kind: str
    detail: str
    document_id: str
    read: _containers.ScalarMap[str, str]
    confidence: float
    message: str
    dismissed: bool
    dismissed_at: _timestamp_pb2.Timestamp
    dismissed_by: str
    dismissal_reason: str
    def __init__(self, id: _Optional[str] = ..., kind: _Optional[str] = ..., detail: _Optional[str] = ..., document_id: _Optional[str] = ..., read: _Optional[_Mapping[str, str]] = ..., confidence: _Optional[float] = ..., message: _Optional[str] = ..., dismissed: _Optional[bool] = ..., dismissed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., dismissed_by: _Optional[str] = ..., dismissal_reason: _Optional[str] = ...) -> None: ...

class PrecheckReport(_message.Message):
    __slots__ = ("application_id", "status", "documents", "flags", "declared_nik", "declared_name", "register_check", "completed_at")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    FLAGS_FIELD_NUMBER: _ClassVar[int]
    DECLARED_NIK_FIELD_NUMBER: _ClassVar[int]
    DECLARED_NAME_FIELD_NUMBER: _ClassVar[int]
    REGISTER_CHECK_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_AT_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    status: str
    documents: _containers.RepeatedCompositeFieldContainer[PrecheckDocument]
    flags: _containers.RepeatedCompositeFieldContainer[PrecheckFlag]
    declared_nik: str
    declared_name: str
    register_check: str
    completed_at: _timestamp_pb2.Timestamp
    def __init__(self, application_id: _Optional[str] = ..., status: _Optional[str] = ..., documents: _Optional[_Iterable[_Union[PrecheckDocument, _Mapping]]] = ..., flags: _Optional[_Iterable[_Union[PrecheckFlag, _Mapping]]] = ..., declared_nik: _Optional[str] = ..., declared_name: _Optional[str] = ..., register_check: _Optional[str] = ..., completed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
