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

class LocalizedText(_message.Message):
    __slots__ = ("id", "en")
    ID_FIELD_NUMBER: _ClassVar[int]
    EN_FIELD_NUMBER: _ClassVar[int]
    id: str
    en: str
    def __init__(self, id: _Optional[str] = ..., en: _Optional[str] = ...) -> None: ...

class OpeningPeriod(_message.Message):
    __slots__ = ("day_of_week", "opens", "closes")
    DAY_OF_WEEK_FIELD_NUMBER: _ClassVar[int]
    OPENS_FIELD_NUMBER: _ClassVar[int]
    CLOSES_FIELD_NUMBER: _ClassVar[int]
    day_of_week: int
    opens: str
    closes: str
    def __init__(self, day_of_week: _Optional[int] = ..., opens: _Optional[str] = ..., closes: _Optional[str] = ...) -> None: ...

class TicketPrice(_message.Message):
    __slots__ = ("label", "amount_idr")
    LABEL_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_IDR_FIELD_NUMBER: _ClassVar[int]
    label: LocalizedText
    amount_idr: int
    def __init__(self, label: _Optional[_Union[LocalizedText, _Mapping]] = ..., amount_idr: _Optional[int] = ...) -> None: ...

class Contacts(_message.Message):
    __slots__ = ("phone", "email", "website")
    PHONE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    WEBSITE_FIELD_NUMBER: _ClassVar[int]
    phone: str
    email: str
    website: str
    def __init__(self, phone: _Optional[str] = ..., email: _Optional[str] = ..., website: _Optional[str] = ...) -> None: ...

class Destination(_message.Message):
    __slots__ = ("id", "name", "kind", "region_code", "region_name", "latitude", "longitude", "coordinates_approximate", "description", "opening_hours", "prices", "facilities", "accessibility", "safety_notes", "contacts", "photo_ids", "source", "merged_into", "updated_at", "rating_average", "review_count", "key", "distance_km")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    REGION_NAME_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    COORDINATES_APPROXIMATE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    OPENING_HOURS_FIELD_NUMBER: _ClassVar[int]
    PRICES_FIELD_NUMBER: _ClassVar[int]
    FACILITIES_FIELD_NUMBER: _ClassVar[int]
    ACCESSIBILITY_FIELD_NUMBER: _ClassVar[int]
    SAFETY_NOTES_FIELD_NUMBER: _ClassVar[int]
    CONTACTS_FIELD_NUMBER: _ClassVar[int]
    PHOTO_IDS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    MERGED_INTO_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    RATING_AVERAGE_FIELD_NUMBER: _ClassVar[int]
    REVIEW_COUNT_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    DISTANCE_KM_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    kind: str
    region_code: str
    region_name: str
    latitude: float
    longitude: float
    coordinates_approximate: bool
    description: LocalizedText
    opening_hours: _containers.RepeatedCompositeFieldContainer[OpeningPeriod]
    prices: _containers.RepeatedCompositeFieldContainer[TicketPrice]
    facilities: _containers.RepeatedScalarFieldContainer[str]
    accessibility: LocalizedText
    safety_notes: LocalizedText
    contacts: Contacts
    photo_ids: _containers.RepeatedScalarFieldContainer[str]
    source: str
    merged_into: str
    updated_at: _timestamp_pb2.Timestamp
    rating_average: float
    review_count: int
    key: str
    distance_km: float
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., kind: _Optional[str] = ..., region_code: _Optional[str] = ..., region_name: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., coordinates_approximate: _Optional[bool] = ..., description: _Optional[_Union[LocalizedText, _Mapping]] = ..., opening_hours: _Optional[_Iterable[_Union[OpeningPeriod, _Mapping]]] = ..., prices: _Optional[_Iterable[_Union[TicketPrice, _Mapping]]] = ..., facilities: _Optional[_Iterable[str]] = ..., accessibility: _Optional[_Union[LocalizedText, _Mapping]] = ..., safety_notes: _Optional[_Union[LocalizedText, _Mapping]] = ..., contacts: _Optional[_Union[Contacts, _Mapping]] = ..., photo_ids: _Optional[_Iterable[str]] = ..., source: _Optional[str] = ..., merged_into: _Optional[str] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., rating_average: _Optional[float] = ..., review_count: _Optional[int] = ..., key: _Optional[str] = ..., distance_km: _Optional[float] = ...) -> None: ...

class ListDestinationsRequest(_message.Message):
    __slots__ = ("q", "kind", "region", "latitude", "longitude", "radius_km", "page_size", "page_token")
    Q_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    REGION_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    RADIUS_KM_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    q: str
    kind: str
    region: str
    latitude: float
    longitude: float
    radius_km: float
    page_size: int
    page_token: str
    def __init__(self, q: _Optional[str] = ..., kind: _Optional[str] = ..., region: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., radius_km: _Optional[float] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListDestinationsResponse(_message.Message):
    __slots__ = ("destinations", "next_page_token")
    DESTINATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    destinations: _containers.RepeatedCompositeFieldContainer[Destination]
    next_page_token: str
    def __init__(self, destinations: _Optional[_Iterable[_Union[Destination, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetDestinationRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DestinationDraft(_message.Message):
    __slots__ = ("name", "kind", "region_code", "latitude", "longitude", "coordinates_approximate", "description", "opening_hours", "prices", "facilities", "accessibility", "safety_notes", "contacts", "source")
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    COORDINATES_APPROXIMATE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    OPENING_HOURS_FIELD_NUMBER: _ClassVar[int]
    PRICES_FIELD_NUMBER: _ClassVar[int]
    FACILITIES_FIELD_NUMBER: _ClassVar[int]
    ACCESSIBILITY_FIELD_NUMBER: _ClassVar[int]
    SAFETY_NOTES_FIELD_NUMBER: _ClassVar[int]
    CONTACTS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    name: str
    kind: str
    region_code: str
    latitude: float
    longitude: float
    coordinates_approximate: bool
    description: LocalizedText
    opening_hours: _containers.RepeatedCompositeFieldContainer[OpeningPeriod]
    prices: _containers.RepeatedCompositeFieldContainer[TicketPrice]
    facilities: _containers.RepeatedScalarFieldContainer[str]
    accessibility: LocalizedText
    safety_notes: LocalizedText
    contacts: Contacts
    source: str
    def __init__(self, name: _Optional[str] = ..., kind: _Optional[str] = ..., region_code: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., coordinates_approximate: _Optional[bool] = ..., description: _Optional[_Union[LocalizedText, _Mapping]] = ..., opening_hours: _Optional[_Iterable[_Union[OpeningPeriod, _Mapping]]] = ..., prices: _Optional[_Iterable[_Union[TicketPrice, _Mapping]]] = ..., facilities: _Optional[_Iterable[str]] = ..., accessibility: _Optional[_Union[LocalizedText, _Mapping]] = ..., safety_notes: _Optional[_Union[LocalizedText, _Mapping]] = ..., contacts: _Optional[_Union[Contacts, _Mapping]] = ..., source: _Optional[str] = ...) -> None: ...

class CreateDestinationRequest(_message.Message):
    __slots__ = ("destination", "not_a_duplicate")
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    NOT_A_DUPLICATE_FIELD_NUMBER: _ClassVar[int]
    destination: DestinationDraft
    not_a_duplicate: bool
    def __init__(self, destination: _Optional[_Union[DestinationDraft, _Mapping]] = ..., not_a_duplicate: _Optional[bool] = ...) -> None: ...

class UpdateDestinationRequest(_message.Message):
    __slots__ = ("id", "destination")
    ID_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    id: str
    destination: DestinationDraft
    def __init__(self, id: _Optional[str] = ..., destination: _Optional[_Union[DestinationDraft, _Mapping]] = ...) -> None: ...

class MergeDestinationRequest(_message.Message):
    __slots__ = ("id", "into_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    INTO_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    into_id: str
    def __init__(self, id: _Optional[str] = ..., into_id: _Optional[str] = ...) -> None: ...

class ImportDestinationsRequest(_message.Message):
    __slots__ = ("document",)
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    document: _httpbody_pb2.HttpBody
    def __init__(self, document: _Optional[_Union[_httpbody_pb2.HttpBody, _Mapping]] = ...) -> None: ...

class ImportDestinationsResponse(_message.Message):
    __slots__ = ("created", "updated")
    CREATED_FIELD_NUMBER: _ClassVar[int]
    UPDATED_FIELD_NUMBER: _ClassVar[int]
    created: int
    updated: int
    def __init__(self, created: _Optional[int] = ..., updated: _Optional[int] = ...) -> None: ...

class ImportStartingSetRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ImportStartingSetResponse(_message.Message):
    __slots__ = ("created", "unchanged")
    CREATED_FIELD_NUMBER: _ClassVar[int]
    UNCHANGED_FIELD_NUMBER: _ClassVar[int]
    created: int
    unchanged: int
    def __init__(self, created: _Optional[int] = ..., unchanged: _Optional[int] = ...) -> None: ...

class UploadDestinationPhotoRequest(_message.Message):
    __slots__ = ("destination_id", "file")
    DESTINATION_ID_FIELD_NUMBER: _ClassVar[int]
    FILE_FIELD_NUMBER: _ClassVar[int]
    destination_id: str
    file: _httpbody_pb2.HttpBody
    def __init__(self, destination_id: _Optional[str] = ..., file: _Optional[_Union[_httpbody_pb2.HttpBody, _Mapping]] = ...) -> None: ...

class Photo(_message.Message):
    __slots__ = ("id", "destination_id", "content_type", "width", "height")
    ID_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    id: str
    destination_id: str
    content_type: str
    width: int
    height: int
    def __init__(self, id: _Optional[str] = ..., destination_id: _Optional[str] = ..., content_type: _Optional[str] = ..., width: _Optional[int] = ..., height: _Optional[int] = ...) -> None: ...

class GetPhotoRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ExportDestinationsRequest(_message.Message):
    __slots__ = ("kind", "region")
    KIND_FIELD_NUMBER: _ClassVar[int]
    REGION_FIELD_NUMBER: _ClassVar[int]
    kind: str
    region: str
    def __init__(self, kind: _Optional[str] = ..., region: _Optional[str] = ...) -> None: ...

class GetGuideRequest(_message.Message):
    __slots__ = ("regency_code", "lang")
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    LANG_FIELD_NUMBER: _ClassVar[int]
    regency_code: str
    lang: str
    def __init__(self, regency_code: _Optional[str] = ..., lang: _Optional[str] = ...) -> None: ...

class DestinationAlert(_message.Message):
    __slots__ = ("alert_id", "hazard", "severity", "urgency", "headline", "instruction", "expires", "cap_url")
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    HAZARD_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    URGENCY_FIELD_NUMBER: _ClassVar[int]
    HEADLINE_FIELD_NUMBER: _ClassVar[int]
    INSTRUCTION_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_FIELD_NUMBER: _ClassVar[int]
    CAP_URL_FIELD_NUMBER: _ClassVar[int]
    alert_id: str
    hazard: str
    severity: str
    urgency: str
    headline: LocalizedText
    instruction: LocalizedText
    expires: _timestamp_pb2.Timestamp
    cap_url: str
    def __init__(self, alert_id: _Optional[str] = ..., hazard: _Optional[str] = ..., severity: _Optional[str] = ..., urgency: _Optional[str] = ..., headline: _Optional[_Union[LocalizedText, _Mapping]] = ..., instruction: _Optional[_Union[LocalizedText, _Mapping]] = ..., expires: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., cap_url: _Optional[str] = ...) -> None: ...

class ListDestinationAlertsRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListDestinationAlertsResponse(_message.Message):
    __slots__ = ("alerts", "alerts_unavailable")
    ALERTS_FIELD_NUMBER: _ClassVar[int]
    ALERTS_UNAVAILABLE_FIELD_NUMBER: _ClassVar[int]
    alerts: _containers.RepeatedCompositeFieldContainer[DestinationAlert]
    alerts_unavailable: bool
    def __init__(self, alerts: _Optional[_Iterable[_Union[DestinationAlert, _Mapping]]] = ..., alerts_unavailable: _Optional[bool] = ...) -> None: ...

class Event(_message.Message):
    __slots__ = ("id", "name", "description", "start_date", "end_date", "destination_id", "place_name", "region_code", "latitude", "longitude", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_ID_FIELD_NUMBER: _ClassVar[int]
    PLACE_NAME_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: LocalizedText
    description: LocalizedText
    start_date: str
    end_date: str
    destination_id: str
    place_name: str
    region_code: str
    latitude: float
    longitude: float
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., name: _Optional[_Union[LocalizedText, _Mapping]] = ..., description: _Optional[_Union[LocalizedText, _Mapping]] = ..., start_date: _Optional[str] = ..., end_date: _Optional[str] = ..., destination_id: _Optional[str] = ..., place_name: _Optional[str] = ..., region_code: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListEventsRequest(_message.Message):
    __slots__ = ("from_date", "to_date", "region", "page_size", "page_token")
    FROM_DATE_FIELD_NUMBER: _ClassVar[int]
    TO_DATE_FIELD_NUMBER: _ClassVar[int]
    REGION_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    from_date: str
    to_date: str
    region: str
    page_size: int
    page_token: str
    def __init__(self, from_date: _Optional[str] = ..., to_date: _Optional[str] = ..., region: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListEventsResponse(_message.Message):
    __slots__ = ("events", "next_page_token")
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[Event]
    next_page_token: str
    def __init__(self, events: _Optional[_Iterable[_Union[Event, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetEventRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class CreateEventRequest(_message.Message):
    __slots__ = ("name", "description", "start_date", "end_date", "destination_id", "place_name", "region_code", "latitude", "longitude")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_ID_FIELD_NUMBER: _ClassVar[int]
    PLACE_NAME_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    name: LocalizedText
    description: LocalizedText
    start_date: str
    end_date: str
    destination_id: str
    place_name: str
    region_code: str
    latitude: float
    longitude: float
    def __init__(self, name: _Optional[_Union[LocalizedText, _Mapping]] = ..., description: _Optional[_Union[LocalizedText, _Mapping]] = ..., start_date: _Optional[str] = ..., end_date: _Optional[str] = ..., destination_id: _Optional[str] = ..., place_name: _Optional[str] = ..., region_code: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ...) -> None: ...

class Business(_message.Message):
    __slots__ = ("id", "name", "kind", "region_code", "region_name", "latitude", "longitude", "description", "contacts", "permit_number", "permit_status", "licensed", "permit_checked_at", "created_at", "rating_average", "review_count", "address")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    REGION_NAME_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CONTACTS_FIELD_NUMBER: _ClassVar[int]
    PERMIT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PERMIT_STATUS_FIELD_NUMBER: _ClassVar[int]
    LICENSED_FIELD_NUMBER: _ClassVar[int]
    PERMIT_CHECKED_AT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    RATING_AVERAGE_FIELD_NUMBER: _ClassVar[int]
    REVIEW_COUNT_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    kind: str
    region_code: str
    region_name: str
    latitude: float
    longitude: float
    description: LocalizedText
    contacts: Contacts
    permit_number: str
    permit_status: str
    licensed: bool
    permit_checked_at: _timestamp_pb2.Timestamp
    created_at: _timestamp_pb2.Timestamp
    rating_average: float
    review_count: int
    address: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., kind: _Optional[str] = ..., region_code: _Optional[str] = ..., region_name: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., description: _Optional[_Union[LocalizedText, _Mapping]] = ..., contacts: _Optional[_Union[Contacts, _Mapping]] = ..., permit_number: _Optional[str] = ..., permit_status: _Optional[str] = ..., licensed: _Optional[bool] = ..., permit_checked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., rating_average: _Optional[float] = ..., review_count: _Optional[int] = ..., address: _Optional[str] = ...) -> None: ...

class CreateBusinessRequest(_message.Message):
    __slots__ = ("name", "kind", "region_code", "latitude", "longitude", "description", "contacts", "permit_number", "address")
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CONTACTS_FIELD_NUMBER: _ClassVar[int]
    PERMIT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    name: str
    kind: str
    region_code: str
    latitude: float
    longitude: float
    description: LocalizedText
    contacts: Contacts
    permit_number: str
    address: str
    def __init__(self, name: _Optional[str] = ..., kind: _Optional[str] = ..., region_code: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., description: _Optional[_Union[LocalizedText, _Mapping]] = ..., contacts: _Optional[_Union[Contacts, _Mapping]] = ..., permit_number: _Optional[str] = ..., address: _Optional[str] = ...) -> None: ...

class UpdateBusinessRequest(_message.Message):
    __slots__ = ("id", "name", "kind", "region_code", "latitude", "longitude", "description", "contacts", "permit_number", "address")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CONTACTS_FIELD_NUMBER: _ClassVar[int]
    PERMIT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    kind: str
    region_code: str
    latitude: float
    longitude: float
    description: LocalizedText
    contacts: Contacts
    permit_number: str
    address: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., kind: _Optional[str] = ..., region_code: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., description: _Optional[_Union[LocalizedText, _Mapping]] = ..., contacts: _Optional[_Union[Contacts, _Mapping]] = ..., permit_number: _Optional[str] = ..., address: _Optional[str] = ...) -> None: ...

class ListMyBusinessesRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListBusinessesRequest(_message.Message):
    __slots__ = ("q", "kind", "region", "licensed_only", "page_size", "page_token")
    Q_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    REGION_FIELD_NUMBER: _ClassVar[int]
    LICENSED_ONLY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    q: str
    kind: str
    region: str
    licensed_only: bool
    page_size: int
    page_token: str
    def __init__(self, q: _Optional[str] = ..., kind: _Optional[str] = ..., region: _Optional[str] = ..., licensed_only: _Optional[bool] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListBusinessesResponse(_message.Message):
    __slots__ = ("businesses", "next_page_token")
    BUSINESSES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    businesses: _containers.RepeatedCompositeFieldContainer[Business]
    next_page_token: str
    def __init__(self, businesses: _Optional[_Iterable[_Union[Business, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetBusinessRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ConfirmBusinessPermitRequest(_message.Message):
    __slots__ = ("id", "confirm")
    ID_FIELD_NUMBER: _ClassVar[int]
    CONFIRM_FIELD_NUMBER: _ClassVar[int]
    id: str
    confirm: bool
    def __init__(self, id: _Optional[str] = ..., confirm: _Optional[bool] = ...) -> None: ...

class ListPendingBusinessesRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class Review(_message.Message):
    __slots__ = ("id", "place_id", "rating", "text", "display_name", "status", "created_at", "report_count")
    ID_FIELD_NUMBER: _ClassVar[int]
    PLACE_ID_FIELD_NUMBER: _ClassVar[int]
    RATING_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    REPORT_COUNT_FIELD_NUMBER: _ClassVar[int]
    id: str
    place_id: str
    rating: int
    text: str
    display_name: str
    status: str
    created_at: _timestamp_pb2.Timestamp
    report_count: int
    def __init__(self, id: _Optional[str] = ..., place_id: _Optional[str] = ..., rating: _Optional[int] = ..., text: _Optional[str] = ..., display_name: _Optional[str] = ..., status: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., report_count: _Optional[int] = ...) -> None: ...

class CreateReviewRequest(_message.Message):
    __slots__ = ("place_id", "rating", "text", "display_name")
    PLACE_ID_FIELD_NUMBER: _ClassVar[int]
    RATING_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    place_id: str
    rating: int
    text: str
    display_name: str
    def __init__(self, place_id: _Optional[str] = ..., rating: _Optional[int] = ..., text: _Optional[str] = ..., display_name: _Optional[str] = ...) -> None: ...

class ListReviewsRequest(_message.Message):
    __slots__ = ("place_id", "page_size", "page_token")
    PLACE_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    place_id: str
    page_size: int
    page_token: str
    def __init__(self, place_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListReviewsResponse(_message.Message):
    __slots__ = ("reviews", "next_page_token")
    REVIEWS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    reviews: _containers.RepeatedCompositeFieldContainer[Review]
    next_page_token: str
    def __init__(self, reviews: _Optional[_Iterable[_Union[Review, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ReportReviewRequest(_message.Message):
    __slots__ = ("id", "reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    reason: str
    def __init__(self, id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ListReportedReviewsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ModerateReviewRequest(_message.Message):
    __slots__ = ("id", "decision")
    ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    id: str
    decision: str
    def __init__(self, id: _Optional[str] = ..., decision: _Optional[str] = ...) -> None: ...
