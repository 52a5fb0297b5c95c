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

class FileComplaintRequest(_message.Message):
    __slots__ = ("category", "title", "description", "latitude", "longitude", "region_code", "privacy", "channel")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    PRIVACY_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    category: str
    title: str
    description: str
    latitude: float
    longitude: float
    region_code: str
    privacy: str
    channel: str
    def __init__(self, category: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., region_code: _Optional[str] = ..., privacy: _Optional[str] = ..., channel: _Optional[str] = ...) -> None: ...

class Complaint(_message.Message):
    __slots__ = ("id", "tracking_code", "category", "title", "description", "latitude", "longitude", "region_code", "privacy", "channel", "status", "filed_at")
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
    def __init__(self, id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., category: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., region_code: _Optional[str] = ..., privacy: _Optional[str] = ..., channel: _Optional[str] = ..., status: _Optional[str] = ..., filed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

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
    __slots__ = ("complaints", "next_page_token")
    COMPLAINTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    complaints: _containers.RepeatedCompositeFieldContainer[Complaint]
    next_page_token: str
    def __init__(self, complaints: _Optional[_Iterable[_Union[Complaint, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
