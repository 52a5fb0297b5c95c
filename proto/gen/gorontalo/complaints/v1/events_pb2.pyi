from gorontalo.api.v1 import options_pb2 as _options_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class ComplaintFiled(_message.Message):
    __slots__ = ("complaint_id", "tracking_code", "category", "region_code", "latitude", "longitude", "title", "privacy", "category_source", "reporter_account_id")
    COMPLAINT_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    PRIVACY_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_SOURCE_FIELD_NUMBER: _ClassVar[int]
    REPORTER_ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    complaint_id: str
    tracking_code: str
    category: str
    region_code: str
    latitude: float
    longitude: float
    title: str
    privacy: str
    category_source: str
    reporter_account_id: str
    def __init__(self, complaint_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., category: _Optional[str] = ..., region_code: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., title: _Optional[str] = ..., privacy: _Optional[str] = ..., category_source: _Optional[str] = ..., reporter_account_id: _Optional[str] = ...) -> None: ...

class CategoryConfirmed(_message.Message):
    __slots__ = ("complaint_id", "tracking_code", "category", "region_code", "latitude", "longitude", "title", "privacy", "category_source")
    COMPLAINT_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    PRIVACY_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_SOURCE_FIELD_NUMBER: _ClassVar[int]
    complaint_id: str
    tracking_code: str
    category: str
    region_code: str
    latitude: float
    longitude: float
    title: str
    privacy: str
    category_source: str
    def __init__(self, complaint_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., category: _Optional[str] = ..., region_code: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., title: _Optional[str] = ..., privacy: _Optional[str] = ..., category_source: _Optional[str] = ...) -> None: ...

class ComplaintDispositioned(_message.Message):
    __slots__ = ("complaint_id", "tracking_code", "category", "region_code", "agency_code", "routed_by", "confidence")
    COMPLAINT_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    AGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    ROUTED_BY_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    complaint_id: str
    tracking_code: str
    category: str
    region_code: str
    agency_code: str
    routed_by: str
    confidence: float
    def __init__(self, complaint_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., category: _Optional[str] = ..., region_code: _Optional[str] = ..., agency_code: _Optional[str] = ..., routed_by: _Optional[str] = ..., confidence: _Optional[float] = ...) -> None: ...

class ComplaintStatusChanged(_message.Message):
    __slots__ = ("complaint_id", "tracking_code", "from_status", "to_status", "agency_code", "region_code", "reporter_account_id", "category")
    COMPLAINT_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    FROM_STATUS_FIELD_NUMBER: _ClassVar[int]
    TO_STATUS_FIELD_NUMBER: _ClassVar[int]
    AGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    REPORTER_ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    complaint_id: str
    tracking_code: str
    from_status: str
    to_status: str
    agency_code: str
    region_code: str
    reporter_account_id: str
    category: str
    def __init__(self, complaint_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., from_status: _Optional[str] = ..., to_status: _Optional[str] = ..., agency_code: _Optional[str] = ..., region_code: _Optional[str] = ..., reporter_account_id: _Optional[str] = ..., category: _Optional[str] = ...) -> None: ...

class ComplaintRated(_message.Message):
    __slots__ = ("complaint_id", "tracking_code", "rating", "agency_code", "region_code")
    COMPLAINT_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    RATING_FIELD_NUMBER: _ClassVar[int]
    AGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    complaint_id: str
    tracking_code: str
    rating: int
    agency_code: str
    region_code: str
    def __init__(self, complaint_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., rating: _Optional[int] = ..., agency_code: _Optional[str] = ..., region_code: _Optional[str] = ...) -> None: ...

class ComplaintSupported(_message.Message):
    __slots__ = ("complaint_id", "tracking_code", "category", "region_code")
    COMPLAINT_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    complaint_id: str
    tracking_code: str
    category: str
    region_code: str
    def __init__(self, complaint_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., category: _Optional[str] = ..., region_code: _Optional[str] = ...) -> None: ...

class ComplaintDeadlineBreached(_message.Message):
    __slots__ = ("complaint_id", "tracking_code", "deadline", "due_at", "agency_code", "region_code", "escalated_to")
    COMPLAINT_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    AGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    ESCALATED_TO_FIELD_NUMBER: _ClassVar[int]
    complaint_id: str
    tracking_code: str
    deadline: str
    due_at: str
    agency_code: str
    region_code: str
    escalated_to: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, complaint_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., deadline: _Optional[str] = ..., due_at: _Optional[str] = ..., agency_code: _Optional[str] = ..., region_code: _Optional[str] = ..., escalated_to: _Optional[_Iterable[str]] = ...) -> None: ...

class ComplaintUpdatePosted(_message.Message):
    __slots__ = ("complaint_id", "tracking_code", "update_id", "internal", "agency_code", "kind", "reporter_account_id")
    COMPLAINT_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_ID_FIELD_NUMBER: _ClassVar[int]
    INTERNAL_FIELD_NUMBER: _ClassVar[int]
    AGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    REPORTER_ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    complaint_id: str
    tracking_code: str
    update_id: str
    internal: bool
    agency_code: str
    kind: str
    reporter_account_id: str
    def __init__(self, complaint_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., update_id: _Optional[str] = ..., internal: _Optional[bool] = ..., agency_code: _Optional[str] = ..., kind: _Optional[str] = ..., reporter_account_id: _Optional[str] = ...) -> None: ...

class RoutingUpdated(_message.Message):
    __slots__ = ("category", "regency_code", "agency_code")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    AGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    category: str
    regency_code: str
    agency_code: str
    def __init__(self, category: _Optional[str] = ..., regency_code: _Optional[str] = ..., agency_code: _Optional[str] = ...) -> None: ...
