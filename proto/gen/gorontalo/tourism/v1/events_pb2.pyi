from gorontalo.api.v1 import options_pb2 as _options_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class DestinationChanged(_message.Message):
    __slots__ = ("destination_id", "kind", "region_code", "merged_into")
    DESTINATION_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    MERGED_INTO_FIELD_NUMBER: _ClassVar[int]
    destination_id: str
    kind: str
    region_code: str
    merged_into: str
    def __init__(self, destination_id: _Optional[str] = ..., kind: _Optional[str] = ..., region_code: _Optional[str] = ..., merged_into: _Optional[str] = ...) -> None: ...

class EventScheduled(_message.Message):
    __slots__ = ("event_id", "region_code", "start_date", "end_date")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    region_code: str
    start_date: str
    end_date: str
    def __init__(self, event_id: _Optional[str] = ..., region_code: _Optional[str] = ..., start_date: _Optional[str] = ..., end_date: _Optional[str] = ...) -> None: ...

class BusinessLicenceChanged(_message.Message):
    __slots__ = ("business_id", "region_code", "permit_number", "permit_status", "licensed")
    BUSINESS_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    PERMIT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PERMIT_STATUS_FIELD_NUMBER: _ClassVar[int]
    LICENSED_FIELD_NUMBER: _ClassVar[int]
    business_id: str
    region_code: str
    permit_number: str
    permit_status: str
    licensed: bool
    def __init__(self, business_id: _Optional[str] = ..., region_code: _Optional[str] = ..., permit_number: _Optional[str] = ..., permit_status: _Optional[str] = ..., licensed: _Optional[bool] = ...) -> None: ...

class ReviewReported(_message.Message):
    __slots__ = ("review_id", "place_id", "region_code")
    REVIEW_ID_FIELD_NUMBER: _ClassVar[int]
    PLACE_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    review_id: str
    place_id: str
    region_code: str
    def __init__(self, review_id: _Optional[str] = ..., place_id: _Optional[str] = ..., region_code: _Optional[str] = ...) -> None: ...
