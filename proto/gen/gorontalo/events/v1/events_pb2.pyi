from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class CitizenRegistered(_message.Message):
    __slots__ = ("citizen_id", "regency_code")
    CITIZEN_ID_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    citizen_id: str
    regency_code: str
    def __init__(self, citizen_id: _Optional[str] = ..., regency_code: _Optional[str] = ...) -> None: ...

class ApplicationSubmitted(_message.Message):
    __slots__ = ("application_id", "applicant_id", "kbli_code", "region_code", "risk_level")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    KBLI_CODE_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    RISK_LEVEL_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    applicant_id: str
    kbli_code: str
    region_code: str
    risk_level: str
    def __init__(self, application_id: _Optional[str] = ..., applicant_id: _Optional[str] = ..., kbli_code: _Optional[str] = ..., region_code: _Optional[str] = ..., risk_level: _Optional[str] = ...) -> None: ...

class VehicleRegistered(_message.Message):
    __slots__ = ("vehicle_id", "owner_id", "regency_code", "vehicle_type", "annual_pkb")
    VEHICLE_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    VEHICLE_TYPE_FIELD_NUMBER: _ClassVar[int]
    ANNUAL_PKB_FIELD_NUMBER: _ClassVar[int]
    vehicle_id: str
    owner_id: str
    regency_code: str
    vehicle_type: str
    annual_pkb: int
    def __init__(self, vehicle_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., regency_code: _Optional[str] = ..., vehicle_type: _Optional[str] = ..., annual_pkb: _Optional[int] = ...) -> None: ...

class ComplaintFiled(_message.Message):
    __slots__ = ("complaint_id", "tracking_code", "category", "region_code", "latitude", "longitude", "title", "privacy")
    COMPLAINT_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    PRIVACY_FIELD_NUMBER: _ClassVar[int]
    complaint_id: str
    tracking_code: str
    category: str
    region_code: str
    latitude: float
    longitude: float
    title: str
    privacy: str
    def __init__(self, complaint_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., category: _Optional[str] = ..., region_code: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., title: _Optional[str] = ..., privacy: _Optional[str] = ...) -> None: ...

class ReportSubmitted(_message.Message):
    __slots__ = ("report_id", "hazard", "latitude", "longitude", "source")
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    HAZARD_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    report_id: str
    hazard: str
    latitude: float
    longitude: float
    source: str
    def __init__(self, report_id: _Optional[str] = ..., hazard: _Optional[str] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., source: _Optional[str] = ...) -> None: ...
