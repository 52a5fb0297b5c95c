from gorontalo.api.v1 import options_pb2 as _options_pb2
from gorontalo.disaster.v1 import disaster_pb2 as _disaster_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ReportSubmitted(_message.Message):
    __slots__ = ("report_id", "hazard", "latitude", "longitude", "source", "region_code", "reporter_account_id", "incident_id")
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    HAZARD_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    REPORTER_ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    report_id: str
    hazard: str
    latitude: float
    longitude: float
    source: str
    region_code: str
    reporter_account_id: str
    incident_id: str
    def __init__(self, report_id: _Optional[str] = ..., hazard: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., source: _Optional[str] = ..., region_code: _Optional[str] = ..., reporter_account_id: _Optional[str] = ..., incident_id: _Optional[str] = ...) -> None: ...

class IncidentFormed(_message.Message):
    __slots__ = ("incident_id", "hazard", "status", "severity", "report_count", "latitude", "longitude", "radius_km", "region_codes")
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    HAZARD_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    REPORT_COUNT_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    RADIUS_KM_FIELD_NUMBER: _ClassVar[int]
    REGION_CODES_FIELD_NUMBER: _ClassVar[int]
    incident_id: str
    hazard: str
    status: str
    severity: str
    report_count: int
    latitude: float
    longitude: float
    radius_km: float
    region_codes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, incident_id: _Optional[str] = ..., hazard: _Optional[str] = ..., status: _Optional[str] = ..., severity: _Optional[str] = ..., report_count: _Optional[int] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., radius_km: _Optional[float] = ..., region_codes: _Optional[_Iterable[str]] = ...) -> None: ...

class IncidentUpdated(_message.Message):
    __slots__ = ("incident_id", "hazard", "status", "severity", "report_count", "latitude", "longitude", "radius_km", "region_codes")
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    HAZARD_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    REPORT_COUNT_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    RADIUS_KM_FIELD_NUMBER: _ClassVar[int]
    REGION_CODES_FIELD_NUMBER: _ClassVar[int]
    incident_id: str
    hazard: str
    status: str
    severity: str
    report_count: int
    latitude: float
    longitude: float
    radius_km: float
    region_codes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, incident_id: _Optional[str] = ..., hazard: _Optional[str] = ..., status: _Optional[str] = ..., severity: _Optional[str] = ..., report_count: _Optional[int] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., radius_km: _Optional[float] = ..., region_codes: _Optional[_Iterable[str]] = ...) -> None: ...

class AlertPublished(_message.Message):
    __slots__ = ("alert_id", "identifier", "sender", "msg_type", "status", "sent", "effective", "expires", "hazard", "event", "urgency", "severity", "certainty", "response_type", "headline", "region_codes", "cap_url", "source")
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    IDENTIFIER_FIELD_NUMBER: _ClassVar[int]
    SENDER_FIELD_NUMBER: _ClassVar[int]
    MSG_TYPE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SENT_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_FIELD_NUMBER: _ClassVar[int]
    HAZARD_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    URGENCY_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    CERTAINTY_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_TYPE_FIELD_NUMBER: _ClassVar[int]
    HEADLINE_FIELD_NUMBER: _ClassVar[int]
    REGION_CODES_FIELD_NUMBER: _ClassVar[int]
    CAP_URL_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    alert_id: str
    identifier: str
    sender: str
    msg_type: str
    status: str
    sent: str
    effective: str
    expires: str
    hazard: str
    event: str
    urgency: str
    severity: str
    certainty: str
    response_type: str
    headline: _disaster_pb2.LocalizedText
    region_codes: _containers.RepeatedScalarFieldContainer[str]
    cap_url: str
    source: str
    def __init__(self, alert_id: _Optional[str] = ..., identifier: _Optional[str] = ..., sender: _Optional[str] = ..., msg_type: _Optional[str] = ..., status: _Optional[str] = ..., sent: _Optional[str] = ..., effective: _Optional[str] = ..., expires: _Optional[str] = ..., hazard: _Optional[str] = ..., event: _Optional[str] = ..., urgency: _Optional[str] = ..., severity: _Optional[str] = ..., certainty: _Optional[str] = ..., response_type: _Optional[str] = ..., headline: _Optional[_Union[_disaster_pb2.LocalizedText, _Mapping]] = ..., region_codes: _Optional[_Iterable[str]] = ..., cap_url: _Optional[str] = ..., source: _Optional[str] = ...) -> None: ...
