import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.api import httpbody_pb2 as _httpbody_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from gorontalo.api.v1 import options_pb2 as _options_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class FileComplaintRequest(_message.Message):
    __slots__ = ("category", "title", "description", "latitude", "longitude", "region_code", "privacy", "channel", "photo_ids")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    PRIVACY_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    PHOTO_IDS_FIELD_NUMBER: _ClassVar[int]
    category: str
    title: str
    description: str
    latitude: float
    longitude: float
    region_code: str
    privacy: str
    channel: str
    photo_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, category: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., region_code: _Optional[str] = ..., privacy: _Optional[str] = ..., channel: _Optional[str] = ..., photo_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class Complaint(_message.Message):
    __slots__ = ("id", "tracking_code", "category", "title", "description", "latitude", "longitude", "region_code", "privacy", "channel", "status", "filed_at", "agency_code", "agency_name", "needs_dispatch", "suggested_category", "suggestion_confidence", "rejection_reason", "rating", "rating_comment", "dispositioned_at", "first_response_at", "resolved_at", "breached_deadlines", "support_count", "photos", "escalated", "reporter_key", "disposition_due_at", "first_response_due_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    PRIVACY_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    FILED_AT_FIELD_NUMBER: _ClassVar[int]
    AGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    AGENCY_NAME_FIELD_NUMBER: _ClassVar[int]
    NEEDS_DISPATCH_FIELD_NUMBER: _ClassVar[int]
    SUGGESTED_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    SUGGESTION_CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    REJECTION_REASON_FIELD_NUMBER: _ClassVar[int]
    RATING_FIELD_NUMBER: _ClassVar[int]
    RATING_COMMENT_FIELD_NUMBER: _ClassVar[int]
    DISPOSITIONED_AT_FIELD_NUMBER: _ClassVar[int]
    FIRST_RESPONSE_AT_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_AT_FIELD_NUMBER: _ClassVar[int]
    BREACHED_DEADLINES_FIELD_NUMBER: _ClassVar[int]
    SUPPORT_COUNT_FIELD_NUMBER: _ClassVar[int]
    PHOTOS_FIELD_NUMBER: _ClassVar[int]
    ESCALATED_FIELD_NUMBER: _ClassVar[int]
    REPORTER_KEY_FIELD_NUMBER: _ClassVar[int]
    DISPOSITION_DUE_AT_FIELD_NUMBER: _ClassVar[int]
    FIRST_RESPONSE_DUE_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    tracking_code: str
    category: str
    title: str
    description: str
    latitude: float
    longitude: float
    region_code: str
    privacy: str
    channel: str
    status: str
    filed_at: _timestamp_pb2.Timestamp
    agency_code: str
    agency_name: str
    needs_dispatch: bool
    suggested_category: str
    suggestion_confidence: float
    rejection_reason: str
    rating: int
    rating_comment: str
    dispositioned_at: _timestamp_pb2.Timestamp
    first_response_at: _timestamp_pb2.Timestamp
    resolved_at: _timestamp_pb2.Timestamp
    breached_deadlines: _containers.RepeatedScalarFieldContainer[str]
    support_count: int
    photos: _containers.RepeatedCompositeFieldContainer[Photo]
    escalated: bool
    reporter_key: str
    disposition_due_at: _timestamp_pb2.Timestamp
    first_response_due_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., category: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., region_code: _Optional[str] = ..., privacy: _Optional[str] = ..., channel: _Optional[str] = ..., status: _Optional[str] = ..., filed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., agency_code: _Optional[str] = ..., agency_name: _Optional[str] = ..., needs_dispatch: _Optional[bool] = ..., suggested_category: _Optional[str] = ..., suggestion_confidence: _Optional[float] = ..., rejection_reason: _Optional[str] = ..., rating: _Optional[int] = ..., rating_comment: _Optional[str] = ..., dispositioned_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., first_response_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., resolved_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., breached_deadlines: _Optional[_Iterable[str]] = ..., support_count: _Optional[int] = ..., photos: _Optional[_Iterable[_Union[Photo, _Mapping]]] = ..., escalated: _Optional[bool] = ..., reporter_key: _Optional[str] = ..., disposition_due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., first_response_due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetComplaintRequest(_message.Message):
    __slots__ = ("tracking_code",)
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    def __init__(self, tracking_code: _Optional[str] = ...) -> None: ...

class ListMyComplaintsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListMyComplaintsResponse(_message.Message):
    __slots__ = ("complaints", "next_page_token", "unreachable")
    COMPLAINTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    UNREACHABLE_FIELD_NUMBER: _ClassVar[int]
    complaints: _containers.RepeatedCompositeFieldContainer[Complaint]
    next_page_token: str
    unreachable: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, complaints: _Optional[_Iterable[_Union[Complaint, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., unreachable: _Optional[_Iterable[str]] = ...) -> None: ...

class RoutingEntry(_message.Message):
    __slots__ = ("category", "regency_code", "agency_code", "agency_name", "source")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    AGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    AGENCY_NAME_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    category: str
    regency_code: str
    agency_code: str
    agency_name: str
    source: str
    def __init__(self, category: _Optional[str] = ..., regency_code: _Optional[str] = ..., agency_code: _Optional[str] = ..., agency_name: _Optional[str] = ..., source: _Optional[str] = ...) -> None: ...

class PutRoutingEntryRequest(_message.Message):
    __slots__ = ("category", "regency_code", "agency_code", "agency_name")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    AGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    AGENCY_NAME_FIELD_NUMBER: _ClassVar[int]
    category: str
    regency_code: str
    agency_code: str
    agency_name: str
    def __init__(self, category: _Optional[str] = ..., regency_code: _Optional[str] = ..., agency_code: _Optional[str] = ..., agency_name: _Optional[str] = ...) -> None: ...

class ListRoutingEntriesRequest(_message.Message):
    __slots__ = ("category", "regency_code")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    category: str
    regency_code: str
    def __init__(self, category: _Optional[str] = ..., regency_code: _Optional[str] = ...) -> None: ...

class ListRoutingEntriesResponse(_message.Message):
    __slots__ = ("entries",)
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[RoutingEntry]
    def __init__(self, entries: _Optional[_Iterable[_Union[RoutingEntry, _Mapping]]] = ...) -> None: ...

class ListDispatchQueueRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAgencyComplaintsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "status")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    status: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., status: _Optional[str] = ...) -> None: ...

class ListComplaintsResponse(_message.Message):
    __slots__ = ("complaints", "next_page_token", "unreachable")
    COMPLAINTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    UNREACHABLE_FIELD_NUMBER: _ClassVar[int]
    complaints: _containers.RepeatedCompositeFieldContainer[Complaint]
    next_page_token: str
    unreachable: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, complaints: _Optional[_Iterable[_Union[Complaint, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., unreachable: _Optional[_Iterable[str]] = ...) -> None: ...

class DispatchComplaintRequest(_message.Message):
    __slots__ = ("tracking_code", "category", "region_code", "note")
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    category: str
    region_code: str
    note: str
    def __init__(self, tracking_code: _Optional[str] = ..., category: _Optional[str] = ..., region_code: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class VerifyComplaintRequest(_message.Message):
    __slots__ = ("tracking_code",)
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    def __init__(self, tracking_code: _Optional[str] = ...) -> None: ...

class RejectComplaintRequest(_message.Message):
    __slots__ = ("tracking_code", "reason")
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    reason: str
    def __init__(self, tracking_code: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class PostUpdateRequest(_message.Message):
    __slots__ = ("tracking_code", "note", "internal", "kind")
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    INTERNAL_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    note: str
    internal: bool
    kind: str
    def __init__(self, tracking_code: _Optional[str] = ..., note: _Optional[str] = ..., internal: _Optional[bool] = ..., kind: _Optional[str] = ...) -> None: ...

class AnswerQuestionRequest(_message.Message):
    __slots__ = ("tracking_code", "note")
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    note: str
    def __init__(self, tracking_code: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class ComplaintUpdate(_message.Message):
    __slots__ = ("id", "note", "internal", "status", "agency_code", "created_at", "kind")
    ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    INTERNAL_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    AGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    id: str
    note: str
    internal: bool
    status: str
    agency_code: str
    created_at: _timestamp_pb2.Timestamp
    kind: str
    def __init__(self, id: _Optional[str] = ..., note: _Optional[str] = ..., internal: _Optional[bool] = ..., status: _Optional[str] = ..., agency_code: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., kind: _Optional[str] = ...) -> None: ...

class ListUpdatesRequest(_message.Message):
    __slots__ = ("tracking_code",)
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    def __init__(self, tracking_code: _Optional[str] = ...) -> None: ...

class ListUpdatesResponse(_message.Message):
    __slots__ = ("updates",)
    UPDATES_FIELD_NUMBER: _ClassVar[int]
    updates: _containers.RepeatedCompositeFieldContainer[ComplaintUpdate]
    def __init__(self, updates: _Optional[_Iterable[_Union[ComplaintUpdate, _Mapping]]] = ...) -> None: ...

class StartProgressRequest(_message.Message):
    __slots__ = ("tracking_code", "note")
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    note: str
    def __init__(self, tracking_code: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class ResolveComplaintRequest(_message.Message):
    __slots__ = ("tracking_code", "note")
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    note: str
    def __init__(self, tracking_code: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class RateComplaintRequest(_message.Message):
    __slots__ = ("tracking_code", "rating", "comment")
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    RATING_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    rating: int
    comment: str
    def __init__(self, tracking_code: _Optional[str] = ..., rating: _Optional[int] = ..., comment: _Optional[str] = ...) -> None: ...

class ReopenComplaintRequest(_message.Message):
    __slots__ = ("tracking_code", "reason")
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    reason: str
    def __init__(self, tracking_code: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class GetPublicStatsRequest(_message.Message):
    __slots__ = ("from_date", "to_date")
    FROM_DATE_FIELD_NUMBER: _ClassVar[int]
    TO_DATE_FIELD_NUMBER: _ClassVar[int]
    from_date: str
    to_date: str
    def __init__(self, from_date: _Optional[str] = ..., to_date: _Optional[str] = ...) -> None: ...

class StatsRow(_message.Message):
    __slots__ = ("key", "name", "received", "open", "resolved", "rejected", "median_first_response_seconds", "median_resolution_seconds", "share_within_deadline", "average_rating", "ratings")
    KEY_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_FIELD_NUMBER: _ClassVar[int]
    OPEN_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    MEDIAN_FIRST_RESPONSE_SECONDS_FIELD_NUMBER: _ClassVar[int]
    MEDIAN_RESOLUTION_SECONDS_FIELD_NUMBER: _ClassVar[int]
    SHARE_WITHIN_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_RATING_FIELD_NUMBER: _ClassVar[int]
    RATINGS_FIELD_NUMBER: _ClassVar[int]
    key: str
    name: str
    received: int
    open: int
    resolved: int
    rejected: int
    median_first_response_seconds: float
    median_resolution_seconds: float
    share_within_deadline: float
    average_rating: float
    ratings: int
    def __init__(self, key: _Optional[str] = ..., name: _Optional[str] = ..., received: _Optional[int] = ..., open: _Optional[int] = ..., resolved: _Optional[int] = ..., rejected: _Optional[int] = ..., median_first_response_seconds: _Optional[float] = ..., median_resolution_seconds: _Optional[float] = ..., share_within_deadline: _Optional[float] = ..., average_rating: _Optional[float] = ..., ratings: _Optional[int] = ...) -> None: ...

class PublicStats(_message.Message):
    __slots__ = ("from_date", "to_date", "total", "by_agency", "by_regency")
    FROM_DATE_FIELD_NUMBER: _ClassVar[int]
    TO_DATE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    BY_AGENCY_FIELD_NUMBER: _ClassVar[int]
    BY_REGENCY_FIELD_NUMBER: _ClassVar[int]
    from_date: str
    to_date: str
    total: StatsRow
    by_agency: _containers.RepeatedCompositeFieldContainer[StatsRow]
    by_regency: _containers.RepeatedCompositeFieldContainer[StatsRow]
    def __init__(self, from_date: _Optional[str] = ..., to_date: _Optional[str] = ..., total: _Optional[_Union[StatsRow, _Mapping]] = ..., by_agency: _Optional[_Iterable[_Union[StatsRow, _Mapping]]] = ..., by_regency: _Optional[_Iterable[_Union[StatsRow, _Mapping]]] = ...) -> None: ...

class GetServiceLevelFiguresRequest(_message.Message):
    __slots__ = ("from_month", "to_month")
    FROM_MONTH_FIELD_NUMBER: _ClassVar[int]
    TO_MONTH_FIELD_NUMBER: _ClassVar[int]
    from_month: str
    to_month: str
    def __init__(self, from_month: _Optional[str] = ..., to_month: _Optional[str] = ...) -> None: ...

class ServiceLevelRow(_message.Message):
    __slots__ = ("month", "agency_code", "agency_name", "regency_code", "regency_name", "category", "received", "breached", "resolved", "median_resolution_seconds")
    MONTH_FIELD_NUMBER: _ClassVar[int]
    AGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    AGENCY_NAME_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    REGENCY_NAME_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_FIELD_NUMBER: _ClassVar[int]
    BREACHED_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_FIELD_NUMBER: _ClassVar[int]
    MEDIAN_RESOLUTION_SECONDS_FIELD_NUMBER: _ClassVar[int]
    month: str
    agency_code: str
    agency_name: str
    regency_code: str
    regency_name: str
    category: str
    received: int
    breached: int
    resolved: int
    median_resolution_seconds: float
    def __init__(self, month: _Optional[str] = ..., agency_code: _Optional[str] = ..., agency_name: _Optional[str] = ..., regency_code: _Optional[str] = ..., regency_name: _Optional[str] = ..., category: _Optional[str] = ..., received: _Optional[int] = ..., breached: _Optional[int] = ..., resolved: _Optional[int] = ..., median_resolution_seconds: _Optional[float] = ...) -> None: ...

class ServiceLevelFigures(_message.Message):
    __slots__ = ("from_month", "to_month", "rows")
    FROM_MONTH_FIELD_NUMBER: _ClassVar[int]
    TO_MONTH_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    from_month: str
    to_month: str
    rows: _containers.RepeatedCompositeFieldContainer[ServiceLevelRow]
    def __init__(self, from_month: _Optional[str] = ..., to_month: _Optional[str] = ..., rows: _Optional[_Iterable[_Union[ServiceLevelRow, _Mapping]]] = ...) -> None: ...

class Photo(_message.Message):
    __slots__ = ("id", "kind", "content_type", "width", "height", "size_bytes", "created_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    kind: str
    content_type: str
    width: int
    height: int
    size_bytes: int
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., kind: _Optional[str] = ..., content_type: _Optional[str] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., size_bytes: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class UploadPhotoRequest(_message.Message):
    __slots__ = ("tracking_code", "image", "region_code")
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    image: _httpbody_pb2.HttpBody
    region_code: str
    def __init__(self, tracking_code: _Optional[str] = ..., image: _Optional[_Union[_httpbody_pb2.HttpBody, _Mapping]] = ..., region_code: _Optional[str] = ...) -> None: ...

class GetPhotoRequest(_message.Message):
    __slots__ = ("tracking_code", "photo_id")
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    PHOTO_ID_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    photo_id: str
    def __init__(self, tracking_code: _Optional[str] = ..., photo_id: _Optional[str] = ...) -> None: ...

class FileAnonymousComplaintRequest(_message.Message):
    __slots__ = ("category", "title", "description", "latitude", "longitude", "region_code", "privacy", "channel", "contact_phone", "contact_email")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    PRIVACY_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    CONTACT_PHONE_FIELD_NUMBER: _ClassVar[int]
    CONTACT_EMAIL_FIELD_NUMBER: _ClassVar[int]
    category: str
    title: str
    description: str
    latitude: float
    longitude: float
    region_code: str
    privacy: str
    channel: str
    contact_phone: str
    contact_email: str
    def __init__(self, category: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., region_code: _Optional[str] = ..., privacy: _Optional[str] = ..., channel: _Optional[str] = ..., contact_phone: _Optional[str] = ..., contact_email: _Optional[str] = ...) -> None: ...

class ListNearbyComplaintsRequest(_message.Message):
    __slots__ = ("lat", "lon", "category")
    LAT_FIELD_NUMBER: _ClassVar[int]
    LON_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    lat: float
    lon: float
    category: str
    def __init__(self, lat: _Optional[float] = ..., lon: _Optional[float] = ..., category: _Optional[str] = ...) -> None: ...

class NearbyComplaint(_message.Message):
    __slots__ = ("complaint", "distance_meters")
    COMPLAINT_FIELD_NUMBER: _ClassVar[int]
    DISTANCE_METERS_FIELD_NUMBER: _ClassVar[int]
    complaint: Complaint
    distance_meters: float
    def __init__(self, complaint: _Optional[_Union[Complaint, _Mapping]] = ..., distance_meters: _Optional[float] = ...) -> None: ...

class ListNearbyComplaintsResponse(_message.Message):
    __slots__ = ("complaints", "radius_meters")
    COMPLAINTS_FIELD_NUMBER: _ClassVar[int]
    RADIUS_METERS_FIELD_NUMBER: _ClassVar[int]
    complaints: _containers.RepeatedCompositeFieldContainer[NearbyComplaint]
    radius_meters: float
    def __init__(self, complaints: _Optional[_Iterable[_Union[NearbyComplaint, _Mapping]]] = ..., radius_meters: _Optional[float] = ...) -> None: ...

class SupportComplaintRequest(_message.Message):
    __slots__ = ("tracking_code",)
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    def __init__(self, tracking_code: _Optional[str] = ...) -> None: ...

class ListEscalationsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class Escalation(_message.Message):
    __slots__ = ("tracking_code", "deadline", "due_at", "detected_at", "agency_code", "region_code", "escalated_to", "status")
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    DETECTED_AT_FIELD_NUMBER: _ClassVar[int]
    AGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    ESCALATED_TO_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    deadline: str
    due_at: _timestamp_pb2.Timestamp
    detected_at: _timestamp_pb2.Timestamp
    agency_code: str
    region_code: str
    escalated_to: _containers.RepeatedScalarFieldContainer[str]
    status: str
    def __init__(self, tracking_code: _Optional[str] = ..., deadline: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., detected_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., agency_code: _Optional[str] = ..., region_code: _Optional[str] = ..., escalated_to: _Optional[_Iterable[str]] = ..., status: _Optional[str] = ...) -> None: ...

class ListEscalationsResponse(_message.Message):
    __slots__ = ("escalations", "next_page_token", "unreachable")
    ESCALATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    UNREACHABLE_FIELD_NUMBER: _ClassVar[int]
    escalations: _containers.RepeatedCompositeFieldContainer[Escalation]
    next_page_token: str
    unreachable: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, escalations: _Optional[_Iterable[_Union[Escalation, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., unreachable: _Optional[_Iterable[str]] = ...) -> None: ...

class ListPublicComplaintsRequest(_message.Message):
    __slots__ = ("region_code", "category", "agency_code", "status", "from_date", "to_date", "page_size", "page_token")
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    AGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    FROM_DATE_FIELD_NUMBER: _ClassVar[int]
    TO_DATE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    region_code: str
    category: str
    agency_code: str
    status: str
    from_date: str
    to_date: str
    page_size: int
    page_token: str
    def __init__(self, region_code: _Optional[str] = ..., category: _Optional[str] = ..., agency_code: _Optional[str] = ..., status: _Optional[str] = ..., from_date: _Optional[str] = ..., to_date: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class Open311FormatRequest(_message.Message):
    __slots__ = ("format", "jurisdiction_id", "api_key")
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    JURISDICTION_ID_FIELD_NUMBER: _ClassVar[int]
    API_KEY_FIELD_NUMBER: _ClassVar[int]
    format: str
    jurisdiction_id: str
    api_key: str
    def __init__(self, format: _Optional[str] = ..., jurisdiction_id: _Optional[str] = ..., api_key: _Optional[str] = ...) -> None: ...

class Open311ServiceRequest(_message.Message):
    __slots__ = ("service_code", "format", "jurisdiction_id", "api_key")
    SERVICE_CODE_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    JURISDICTION_ID_FIELD_NUMBER: _ClassVar[int]
    API_KEY_FIELD_NUMBER: _ClassVar[int]
    service_code: str
    format: str
    jurisdiction_id: str
    api_key: str
    def __init__(self, service_code: _Optional[str] = ..., format: _Optional[str] = ..., jurisdiction_id: _Optional[str] = ..., api_key: _Optional[str] = ...) -> None: ...

class Open311CreateRequestRequest(_message.Message):
    __slots__ = ("format", "form")
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    FORM_FIELD_NUMBER: _ClassVar[int]
    format: str
    form: _httpbody_pb2.HttpBody
    def __init__(self, format: _Optional[str] = ..., form: _Optional[_Union[_httpbody_pb2.HttpBody, _Mapping]] = ...) -> None: ...

class Open311ListRequestsRequest(_message.Message):
    __slots__ = ("format", "jurisdiction_id", "service_request_id", "service_code", "start_date", "end_date", "status", "api_key")
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    JURISDICTION_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_CODE_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    API_KEY_FIELD_NUMBER: _ClassVar[int]
    format: str
    jurisdiction_id: str
    service_request_id: str
    service_code: str
    start_date: str
    end_date: str
    status: str
    api_key: str
    def __init__(self, format: _Optional[str] = ..., jurisdiction_id: _Optional[str] = ..., service_request_id: _Optional[str] = ..., service_code: _Optional[str] = ..., start_date: _Optional[str] = ..., end_date: _Optional[str] = ..., status: _Optional[str] = ..., api_key: _Optional[str] = ...) -> None: ...

class Open311GetRequestRequest(_message.Message):
    __slots__ = ("service_request_id", "format", "jurisdiction_id", "api_key")
    SERVICE_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    JURISDICTION_ID_FIELD_NUMBER: _ClassVar[int]
    API_KEY_FIELD_NUMBER: _ClassVar[int]
    service_request_id: str
    format: str
    jurisdiction_id: str
    api_key: str
    def __init__(self, service_request_id: _Optional[str] = ..., format: _Optional[str] = ..., jurisdiction_id: _Optional[str] = ..., api_key: _Optional[str] = ...) -> None: ...

class ListMyNotificationsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class Notification(_message.Message):
    __slots__ = ("id", "tracking_code", "kind", "status", "message", "created_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    tracking_code: str
    kind: str
    status: str
    message: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., kind: _Optional[str] = ..., status: _Optional[str] = ..., message: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListMyNotificationsResponse(_message.Message):
    __slots__ = ("notifications", "next_page_token")
    NOTIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    notifications: _containers.RepeatedCompositeFieldContainer[Notification]
    next_page_token: str
    def __init__(self, notifications: _Optional[_Iterable[_Union[Notification, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ReportSmsDeliveryRequest(_message.Message):
    __slots__ = ("body",)
    BODY_FIELD_NUMBER: _ClassVar[int]
    body: _httpbody_pb2.HttpBody
    def __init__(self, body: _Optional[_Union[_httpbody_pb2.HttpBody, _Mapping]] = ...) -> None: ...

class ReportSmsDeliveryResponse(_message.Message):
    __slots__ = ("applied",)
    APPLIED_FIELD_NUMBER: _ClassVar[int]
    applied: bool
    def __init__(self, applied: _Optional[bool] = ...) -> None: ...

class CreateOpen311KeyRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class Open311Key(_message.Message):
    __slots__ = ("id", "name", "api_key")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    API_KEY_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    api_key: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., api_key: _Optional[str] = ...) -> None: ...
