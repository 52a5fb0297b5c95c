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

class Casualties(_message.Message):
    __slots__ = ("dead", "missing", "injured", "displaced", "houses_damaged")
    DEAD_FIELD_NUMBER: _ClassVar[int]
    MISSING_FIELD_NUMBER: _ClassVar[int]
    INJURED_FIELD_NUMBER: _ClassVar[int]
    DISPLACED_FIELD_NUMBER: _ClassVar[int]
    HOUSES_DAMAGED_FIELD_NUMBER: _ClassVar[int]
    dead: int
    missing: int
    injured: int
    displaced: int
    houses_damaged: int
    def __init__(self, dead: _Optional[int] = ..., missing: _Optional[int] = ..., injured: _Optional[int] = ..., displaced: _Optional[int] = ..., houses_damaged: _Optional[int] = ...) -> None: ...

class SubmitReportRequest(_message.Message):
    __slots__ = ("hazard", "latitude", "longitude", "description", "observed_at", "casualties", "phone", "photo_ids")
    HAZARD_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    OBSERVED_AT_FIELD_NUMBER: _ClassVar[int]
    CASUALTIES_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    PHOTO_IDS_FIELD_NUMBER: _ClassVar[int]
    hazard: str
    latitude: float
    longitude: float
    description: str
    observed_at: _timestamp_pb2.Timestamp
    casualties: Casualties
    phone: str
    photo_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, hazard: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., description: _Optional[str] = ..., observed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., casualties: _Optional[_Union[Casualties, _Mapping]] = ..., phone: _Optional[str] = ..., photo_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class Report(_message.Message):
    __slots__ = ("id", "hazard", "latitude", "longitude", "description", "source", "verified_reporter", "observed_at", "received_at", "casualties", "region_code", "photo_urls", "code", "incident_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    HAZARD_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_REPORTER_FIELD_NUMBER: _ClassVar[int]
    OBSERVED_AT_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    CASUALTIES_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    PHOTO_URLS_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    hazard: str
    latitude: float
    longitude: float
    description: str
    source: str
    verified_reporter: bool
    observed_at: _timestamp_pb2.Timestamp
    received_at: _timestamp_pb2.Timestamp
    casualties: Casualties
    region_code: str
    photo_urls: _containers.RepeatedScalarFieldContainer[str]
    code: str
    incident_id: str
    def __init__(self, id: _Optional[str] = ..., hazard: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., description: _Optional[str] = ..., source: _Optional[str] = ..., verified_reporter: _Optional[bool] = ..., observed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., received_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., casualties: _Optional[_Union[Casualties, _Mapping]] = ..., region_code: _Optional[str] = ..., photo_urls: _Optional[_Iterable[str]] = ..., code: _Optional[str] = ..., incident_id: _Optional[str] = ...) -> None: ...

class UploadPhotoRequest(_message.Message):
    __slots__ = ("file",)
    FILE_FIELD_NUMBER: _ClassVar[int]
    file: _httpbody_pb2.HttpBody
    def __init__(self, file: _Optional[_Union[_httpbody_pb2.HttpBody, _Mapping]] = ...) -> None: ...

class Photo(_message.Message):
    __slots__ = ("id", "content_type", "width", "height", "url")
    ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    id: str
    content_type: str
    width: int
    height: int
    url: str
    def __init__(self, id: _Optional[str] = ..., content_type: _Optional[str] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., url: _Optional[str] = ...) -> None: ...

class GetPhotoRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ReceiveSmsRequest(_message.Message):
    __slots__ = ("body",)
    BODY_FIELD_NUMBER: _ClassVar[int]
    body: _httpbody_pb2.HttpBody
    def __init__(self, body: _Optional[_Union[_httpbody_pb2.HttpBody, _Mapping]] = ...) -> None: ...

class SmsReply(_message.Message):
    __slots__ = ("accepted", "reply", "report_id", "report_code")
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    REPLY_FIELD_NUMBER: _ClassVar[int]
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    REPORT_CODE_FIELD_NUMBER: _ClassVar[int]
    accepted: bool
    reply: str
    report_id: str
    report_code: str
    def __init__(self, accepted: _Optional[bool] = ..., reply: _Optional[str] = ..., report_id: _Optional[str] = ..., report_code: _Optional[str] = ...) -> None: ...

class GetReportRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListReportsRequest(_message.Message):
    __slots__ = ("hazard", "page_size", "page_token", "incident_id")
    HAZARD_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    hazard: str
    page_size: int
    page_token: str
    incident_id: str
    def __init__(self, hazard: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., incident_id: _Optional[str] = ...) -> None: ...

class ListReportsResponse(_message.Message):
    __slots__ = ("reports", "next_page_token", "total_size")
    REPORTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SIZE_FIELD_NUMBER: _ClassVar[int]
    reports: _containers.RepeatedCompositeFieldContainer[Report]
    next_page_token: str
    total_size: int
    def __init__(self, reports: _Optional[_Iterable[_Union[Report, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., total_size: _Optional[int] = ...) -> None: ...

class Circle(_message.Message):
    __slots__ = ("latitude", "longitude", "radius_km")
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    RADIUS_KM_FIELD_NUMBER: _ClassVar[int]
    latitude: float
    longitude: float
    radius_km: float
    def __init__(self, latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., radius_km: _Optional[float] = ...) -> None: ...

class SituationNote(_message.Message):
    __slots__ = ("text", "author_agency", "created_at")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_AGENCY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    text: str
    author_agency: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, text: _Optional[str] = ..., author_agency: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Incident(_message.Message):
    __slots__ = ("id", "hazard", "status", "severity", "area", "report_count", "casualties", "village_codes", "district_codes", "regency_codes", "first_reported_at", "last_reported_at", "verified_at", "notes", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    HAZARD_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    AREA_FIELD_NUMBER: _ClassVar[int]
    REPORT_COUNT_FIELD_NUMBER: _ClassVar[int]
    CASUALTIES_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODES_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_CODES_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODES_FIELD_NUMBER: _ClassVar[int]
    FIRST_REPORTED_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_REPORTED_AT_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_AT_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    hazard: str
    status: str
    severity: str
    area: Circle
    report_count: int
    casualties: Casualties
    village_codes: _containers.RepeatedScalarFieldContainer[str]
    district_codes: _containers.RepeatedScalarFieldContainer[str]
    regency_codes: _containers.RepeatedScalarFieldContainer[str]
    first_reported_at: _timestamp_pb2.Timestamp
    last_reported_at: _timestamp_pb2.Timestamp
    verified_at: _timestamp_pb2.Timestamp
    notes: _containers.RepeatedCompositeFieldContainer[SituationNote]
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., hazard: _Optional[str] = ..., status: _Optional[str] = ..., severity: _Optional[str] = ..., area: _Optional[_Union[Circle, _Mapping]] = ..., report_count: _Optional[int] = ..., casualties: _Optional[_Union[Casualties, _Mapping]] = ..., village_codes: _Optional[_Iterable[str]] = ..., district_codes: _Optional[_Iterable[str]] = ..., regency_codes: _Optional[_Iterable[str]] = ..., first_reported_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_reported_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., verified_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., notes: _Optional[_Iterable[_Union[SituationNote, _Mapping]]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListIncidentsRequest(_message.Message):
    __slots__ = ("hazard", "status", "region", "page_size", "page_token")
    HAZARD_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REGION_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    hazard: str
    status: str
    region: str
    page_size: int
    page_token: str
    def __init__(self, hazard: _Optional[str] = ..., status: _Optional[str] = ..., region: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListIncidentsResponse(_message.Message):
    __slots__ = ("incidents", "next_page_token")
    INCIDENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    incidents: _containers.RepeatedCompositeFieldContainer[Incident]
    next_page_token: str
    def __init__(self, incidents: _Optional[_Iterable[_Union[Incident, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class NearbyIncidentsRequest(_message.Message):
    __slots__ = ("lat", "lon", "radius_km")
    LAT_FIELD_NUMBER: _ClassVar[int]
    LON_FIELD_NUMBER: _ClassVar[int]
    RADIUS_KM_FIELD_NUMBER: _ClassVar[int]
    lat: float
    lon: float
    radius_km: float
    def __init__(self, lat: _Optional[float] = ..., lon: _Optional[float] = ..., radius_km: _Optional[float] = ...) -> None: ...

class GetIncidentRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class VerifyIncidentRequest(_message.Message):
    __slots__ = ("id", "severity", "note")
    ID_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    id: str
    severity: str
    note: str
    def __init__(self, id: _Optional[str] = ..., severity: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class DismissIncidentRequest(_message.Message):
    __slots__ = ("id", "note")
    ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    id: str
    note: str
    def __init__(self, id: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class UpdateIncidentRequest(_message.Message):
    __slots__ = ("id", "status", "severity", "note")
    ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    id: str
    status: str
    severity: str
    note: str
    def __init__(self, id: _Optional[str] = ..., status: _Optional[str] = ..., severity: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class AddSituationNoteRequest(_message.Message):
    __slots__ = ("id", "text")
    ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    id: str
    text: str
    def __init__(self, id: _Optional[str] = ..., text: _Optional[str] = ...) -> None: ...

class AlertArea(_message.Message):
    __slots__ = ("description", "polygons", "circles", "region_codes")
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    POLYGONS_FIELD_NUMBER: _ClassVar[int]
    CIRCLES_FIELD_NUMBER: _ClassVar[int]
    REGION_CODES_FIELD_NUMBER: _ClassVar[int]
    description: str
    polygons: _containers.RepeatedCompositeFieldContainer[Polygon]
    circles: _containers.RepeatedCompositeFieldContainer[Circle]
    region_codes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, description: _Optional[str] = ..., polygons: _Optional[_Iterable[_Union[Polygon, _Mapping]]] = ..., circles: _Optional[_Iterable[_Union[Circle, _Mapping]]] = ..., region_codes: _Optional[_Iterable[str]] = ...) -> None: ...

class Point(_message.Message):
    __slots__ = ("latitude", "longitude")
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    latitude: float
    longitude: float
    def __init__(self, latitude: _Optional[float] = ..., longitude: _Optional[float] = ...) -> None: ...

class Polygon(_message.Message):
    __slots__ = ("points",)
    POINTS_FIELD_NUMBER: _ClassVar[int]
    points: _containers.RepeatedCompositeFieldContainer[Point]
    def __init__(self, points: _Optional[_Iterable[_Union[Point, _Mapping]]] = ...) -> None: ...

class LocalizedText(_message.Message):
    __slots__ = ("id", "en")
    ID_FIELD_NUMBER: _ClassVar[int]
    EN_FIELD_NUMBER: _ClassVar[int]
    id: str
    en: str
    def __init__(self, id: _Optional[str] = ..., en: _Optional[str] = ...) -> None: ...

class IssueAlertRequest(_message.Message):
    __slots__ = ("incident_id", "hazard", "status", "urgency", "severity", "certainty", "response_type", "headline", "description", "instruction", "areas", "effective", "expires")
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    HAZARD_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    URGENCY_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    CERTAINTY_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_TYPE_FIELD_NUMBER: _ClassVar[int]
    HEADLINE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    INSTRUCTION_FIELD_NUMBER: _ClassVar[int]
    AREAS_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_FIELD_NUMBER: _ClassVar[int]
    incident_id: str
    hazard: str
    status: str
    urgency: str
    severity: str
    certainty: str
    response_type: str
    headline: LocalizedText
    description: LocalizedText
    instruction: LocalizedText
    areas: _containers.RepeatedCompositeFieldContainer[AlertArea]
    effective: _timestamp_pb2.Timestamp
    expires: _timestamp_pb2.Timestamp
    def __init__(self, incident_id: _Optional[str] = ..., hazard: _Optional[str] = ..., status: _Optional[str] = ..., urgency: _Optional[str] = ..., severity: _Optional[str] = ..., certainty: _Optional[str] = ..., response_type: _Optional[str] = ..., headline: _Optional[_Union[LocalizedText, _Mapping]] = ..., description: _Optional[_Union[LocalizedText, _Mapping]] = ..., instruction: _Optional[_Union[LocalizedText, _Mapping]] = ..., areas: _Optional[_Iterable[_Union[AlertArea, _Mapping]]] = ..., effective: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expires: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class UpdateAlertRequest(_message.Message):
    __slots__ = ("id", "alert")
    ID_FIELD_NUMBER: _ClassVar[int]
    ALERT_FIELD_NUMBER: _ClassVar[int]
    id: str
    alert: IssueAlertRequest
    def __init__(self, id: _Optional[str] = ..., alert: _Optional[_Union[IssueAlertRequest, _Mapping]] = ...) -> None: ...

class PreviewAlertRequest(_message.Message):
    __slots__ = ("alert", "update_of")
    ALERT_FIELD_NUMBER: _ClassVar[int]
    UPDATE_OF_FIELD_NUMBER: _ClassVar[int]
    alert: IssueAlertRequest
    update_of: str
    def __init__(self, alert: _Optional[_Union[IssueAlertRequest, _Mapping]] = ..., update_of: _Optional[str] = ...) -> None: ...

class AlertProblem(_message.Message):
    __slots__ = ("field", "reason", "detail")
    FIELD_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    field: str
    reason: str
    detail: str
    def __init__(self, field: _Optional[str] = ..., reason: _Optional[str] = ..., detail: _Optional[str] = ...) -> None: ...

class AlertPreview(_message.Message):
    __slots__ = ("valid", "cap_xml", "problems", "schema_valid")
    VALID_FIELD_NUMBER: _ClassVar[int]
    CAP_XML_FIELD_NUMBER: _ClassVar[int]
    PROBLEMS_FIELD_NUMBER: _ClassVar[int]
    SCHEMA_VALID_FIELD_NUMBER: _ClassVar[int]
    valid: bool
    cap_xml: str
    problems: _containers.RepeatedCompositeFieldContainer[AlertProblem]
    schema_valid: bool
    def __init__(self, valid: _Optional[bool] = ..., cap_xml: _Optional[str] = ..., problems: _Optional[_Iterable[_Union[AlertProblem, _Mapping]]] = ..., schema_valid: _Optional[bool] = ...) -> None: ...

class CancelAlertRequest(_message.Message):
    __slots__ = ("id", "reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    reason: LocalizedText
    def __init__(self, id: _Optional[str] = ..., reason: _Optional[_Union[LocalizedText, _Mapping]] = ...) -> None: ...

class Alert(_message.Message):
    __slots__ = ("id", "identifier", "sender", "sent", "status", "msg_type", "source", "incident_id", "hazard", "event", "urgency", "severity", "certainty", "response_type", "headline", "description", "instruction", "areas", "effective", "expires", "region_codes", "references", "superseded_by", "active", "cap_url")
    ID_FIELD_NUMBER: _ClassVar[int]
    IDENTIFIER_FIELD_NUMBER: _ClassVar[int]
    SENDER_FIELD_NUMBER: _ClassVar[int]
    SENT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    MSG_TYPE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    HAZARD_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    URGENCY_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    CERTAINTY_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_TYPE_FIELD_NUMBER: _ClassVar[int]
    HEADLINE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    INSTRUCTION_FIELD_NUMBER: _ClassVar[int]
    AREAS_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_FIELD_NUMBER: _ClassVar[int]
    REGION_CODES_FIELD_NUMBER: _ClassVar[int]
    REFERENCES_FIELD_NUMBER: _ClassVar[int]
    SUPERSEDED_BY_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    CAP_URL_FIELD_NUMBER: _ClassVar[int]
    id: str
    identifier: str
    sender: str
    sent: _timestamp_pb2.Timestamp
    status: str
    msg_type: str
    source: str
    incident_id: str
    hazard: str
    event: str
    urgency: str
    severity: str
    certainty: str
    response_type: str
    headline: LocalizedText
    description: LocalizedText
    instruction: LocalizedText
    areas: _containers.RepeatedCompositeFieldContainer[AlertArea]
    effective: _timestamp_pb2.Timestamp
    expires: _timestamp_pb2.Timestamp
    region_codes: _containers.RepeatedScalarFieldContainer[str]
    references: _containers.RepeatedScalarFieldContainer[str]
    superseded_by: str
    active: bool
    cap_url: str
    def __init__(self, id: _Optional[str] = ..., identifier: _Optional[str] = ..., sender: _Optional[str] = ..., sent: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., status: _Optional[str] = ..., msg_type: _Optional[str] = ..., source: _Optional[str] = ..., incident_id: _Optional[str] = ..., hazard: _Optional[str] = ..., event: _Optional[str] = ..., urgency: _Optional[str] = ..., severity: _Optional[str] = ..., certainty: _Optional[str] = ..., response_type: _Optional[str] = ..., headline: _Optional[_Union[LocalizedText, _Mapping]] = ..., description: _Optional[_Union[LocalizedText, _Mapping]] = ..., instruction: _Optional[_Union[LocalizedText, _Mapping]] = ..., areas: _Optional[_Iterable[_Union[AlertArea, _Mapping]]] = ..., effective: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expires: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., region_codes: _Optional[_Iterable[str]] = ..., references: _Optional[_Iterable[str]] = ..., superseded_by: _Optional[str] = ..., active: _Optional[bool] = ..., cap_url: _Optional[str] = ...) -> None: ...

class ListAlertsRequest(_message.Message):
    __slots__ = ("region", "include_inactive", "page_size", "page_token", "latitude", "longitude")
    REGION_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_INACTIVE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    region: str
    include_inactive: bool
    page_size: int
    page_token: str
    latitude: float
    longitude: float
    def __init__(self, region: _Optional[str] = ..., include_inactive: _Optional[bool] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ...) -> None: ...

class ListAlertsResponse(_message.Message):
    __slots__ = ("alerts", "next_page_token")
    ALERTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    alerts: _containers.RepeatedCompositeFieldContainer[Alert]
    next_page_token: str
    def __init__(self, alerts: _Optional[_Iterable[_Union[Alert, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetAlertRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class AlertsAtomRequest(_message.Message):
    __slots__ = ("region",)
    REGION_FIELD_NUMBER: _ClassVar[int]
    region: str
    def __init__(self, region: _Optional[str] = ...) -> None: ...

class GetAlertCapRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ImportAlertRequest(_message.Message):
    __slots__ = ("document",)
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    document: _httpbody_pb2.HttpBody
    def __init__(self, document: _Optional[_Union[_httpbody_pb2.HttpBody, _Mapping]] = ...) -> None: ...

class GetSmsFormatRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SmsFormat(_message.Message):
    __slots__ = ("keyword", "format", "example", "hazards")
    KEYWORD_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    EXAMPLE_FIELD_NUMBER: _ClassVar[int]
    HAZARDS_FIELD_NUMBER: _ClassVar[int]
    keyword: str
    format: str
    example: str
    hazards: _containers.RepeatedCompositeFieldContainer[SmsHazard]
    def __init__(self, keyword: _Optional[str] = ..., format: _Optional[str] = ..., example: _Optional[str] = ..., hazards: _Optional[_Iterable[_Union[SmsHazard, _Mapping]]] = ...) -> None: ...

class SmsHazard(_message.Message):
    __slots__ = ("code", "keywords")
    CODE_FIELD_NUMBER: _ClassVar[int]
    KEYWORDS_FIELD_NUMBER: _ClassVar[int]
    code: str
    keywords: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, code: _Optional[str] = ..., keywords: _Optional[_Iterable[str]] = ...) -> None: ...
