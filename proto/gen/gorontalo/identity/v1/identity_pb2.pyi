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

class RegisterCitizenRequest(_message.Message):
    __slots__ = ("nik", "full_name", "birth_date", "phone", "password")
    NIK_FIELD_NUMBER: _ClassVar[int]
    FULL_NAME_FIELD_NUMBER: _ClassVar[int]
    BIRTH_DATE_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    nik: str
    full_name: str
    birth_date: str
    phone: str
    password: str
    def __init__(self, nik: _Optional[str] = ..., full_name: _Optional[str] = ..., birth_date: _Optional[str] = ..., phone: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class LoginRequest(_message.Message):
    __slots__ = ("username", "password", "otp")
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    OTP_FIELD_NUMBER: _ClassVar[int]
    username: str
    password: str
    otp: str
    def __init__(self, username: _Optional[str] = ..., password: _Optional[str] = ..., otp: _Optional[str] = ...) -> None: ...

class Token(_message.Message):
    __slots__ = ("access_token", "token_type", "expires_in", "refresh_token", "refresh_expires_in", "acr", "required_action", "enrollment_token")
    ACCESS_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOKEN_TYPE_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_IN_FIELD_NUMBER: _ClassVar[int]
    REFRESH_TOKEN_FIELD_NUMBER: _ClassVar[int]
    REFRESH_EXPIRES_IN_FIELD_NUMBER: _ClassVar[int]
    ACR_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_ACTION_FIELD_NUMBER: _ClassVar[int]
    ENROLLMENT_TOKEN_FIELD_NUMBER: _ClassVar[int]
    access_token: str
    token_type: str
    expires_in: int
    refresh_token: str
    refresh_expires_in: int
    acr: int
    required_action: str
    enrollment_token: str
    def __init__(self, access_token: _Optional[str] = ..., token_type: _Optional[str] = ..., expires_in: _Optional[int] = ..., refresh_token: _Optional[str] = ..., refresh_expires_in: _Optional[int] = ..., acr: _Optional[int] = ..., required_action: _Optional[str] = ..., enrollment_token: _Optional[str] = ...) -> None: ...

class RefreshTokenRequest(_message.Message):
    __slots__ = ("refresh_token",)
    REFRESH_TOKEN_FIELD_NUMBER: _ClassVar[int]
    refresh_token: str
    def __init__(self, refresh_token: _Optional[str] = ...) -> None: ...

class LogoutRequest(_message.Message):
    __slots__ = ("refresh_token",)
    REFRESH_TOKEN_FIELD_NUMBER: _ClassVar[int]
    refresh_token: str
    def __init__(self, refresh_token: _Optional[str] = ...) -> None: ...

class LogoutResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Agency(_message.Message):
    __slots__ = ("id", "code", "name", "region_code", "created_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    code: str
    name: str
    region_code: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., code: _Optional[str] = ..., name: _Optional[str] = ..., region_code: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateAgencyRequest(_message.Message):
    __slots__ = ("code", "name", "region_code")
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: str
    region_code: str
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., region_code: _Optional[str] = ...) -> None: ...

class ListAgenciesRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAgenciesResponse(_message.Message):
    __slots__ = ("agencies", "next_page_token")
    AGENCIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    agencies: _containers.RepeatedCompositeFieldContainer[Agency]
    next_page_token: str
    def __init__(self, agencies: _Optional[_Iterable[_Union[Agency, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class CreateOfficerRequest(_message.Message):
    __slots__ = ("agency_id", "username", "full_name", "password", "jurisdiction", "agency_head")
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    FULL_NAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    JURISDICTION_FIELD_NUMBER: _ClassVar[int]
    AGENCY_HEAD_FIELD_NUMBER: _ClassVar[int]
    agency_id: str
    username: str
    full_name: str
    password: str
    jurisdiction: _containers.RepeatedScalarFieldContainer[str]
    agency_head: bool
    def __init__(self, agency_id: _Optional[str] = ..., username: _Optional[str] = ..., full_name: _Optional[str] = ..., password: _Optional[str] = ..., jurisdiction: _Optional[_Iterable[str]] = ..., agency_head: _Optional[bool] = ...) -> None: ...

class SetAgencyHeadRequest(_message.Message):
    __slots__ = ("officer_id", "agency_head")
    OFFICER_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_HEAD_FIELD_NUMBER: _ClassVar[int]
    officer_id: str
    agency_head: bool
    def __init__(self, officer_id: _Optional[str] = ..., agency_head: _Optional[bool] = ...) -> None: ...

class CreateApiClientRequest(_message.Message):
    __slots__ = ("name", "rate_limit_per_minute")
    NAME_FIELD_NUMBER: _ClassVar[int]
    RATE_LIMIT_PER_MINUTE_FIELD_NUMBER: _ClassVar[int]
    name: str
    rate_limit_per_minute: int
    def __init__(self, name: _Optional[str] = ..., rate_limit_per_minute: _Optional[int] = ...) -> None: ...

class ApiClientCredentials(_message.Message):
    __slots__ = ("client_id", "client_secret", "name", "rate_limit_per_minute")
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    RATE_LIMIT_PER_MINUTE_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    client_secret: str
    name: str
    rate_limit_per_minute: int
    def __init__(self, client_id: _Optional[str] = ..., client_secret: _Optional[str] = ..., name: _Optional[str] = ..., rate_limit_per_minute: _Optional[int] = ...) -> None: ...

class VerifyEktpRequest(_message.Message):
    __slots__ = ("nik", "full_name", "birth_date", "purpose")
    NIK_FIELD_NUMBER: _ClassVar[int]
    FULL_NAME_FIELD_NUMBER: _ClassVar[int]
    BIRTH_DATE_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    nik: str
    full_name: str
    birth_date: str
    purpose: str
    def __init__(self, nik: _Optional[str] = ..., full_name: _Optional[str] = ..., birth_date: _Optional[str] = ..., purpose: _Optional[str] = ...) -> None: ...

class VerifyEktpResponse(_message.Message):
    __slots__ = ("match",)
    MATCH_FIELD_NUMBER: _ClassVar[int]
    match: bool
    def __init__(self, match: _Optional[bool] = ...) -> None: ...

class LookupResidentRequest(_message.Message):
    __slots__ = ("nik", "purpose")
    NIK_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    nik: str
    purpose: str
    def __init__(self, nik: _Optional[str] = ..., purpose: _Optional[str] = ...) -> None: ...

class Resident(_message.Message):
    __slots__ = ("nik", "kk_number", "full_name", "birth_place", "birth_date", "sex", "address", "village_code", "district_code", "regency_code")
    NIK_FIELD_NUMBER: _ClassVar[int]
    KK_NUMBER_FIELD_NUMBER: _ClassVar[int]
    FULL_NAME_FIELD_NUMBER: _ClassVar[int]
    BIRTH_PLACE_FIELD_NUMBER: _ClassVar[int]
    BIRTH_DATE_FIELD_NUMBER: _ClassVar[int]
    SEX_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    nik: str
    kk_number: str
    full_name: str
    birth_place: str
    birth_date: str
    sex: str
    address: str
    village_code: str
    district_code: str
    regency_code: str
    def __init__(self, nik: _Optional[str] = ..., kk_number: _Optional[str] = ..., full_name: _Optional[str] = ..., birth_place: _Optional[str] = ..., birth_date: _Optional[str] = ..., sex: _Optional[str] = ..., address: _Optional[str] = ..., village_code: _Optional[str] = ..., district_code: _Optional[str] = ..., regency_code: _Optional[str] = ...) -> None: ...

class IssueCredentialRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Credential(_message.Message):
    __slots__ = ("id", "token", "issued_at", "expires_at", "revoked")
    ID_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    REVOKED_FIELD_NUMBER: _ClassVar[int]
    id: str
    token: str
    issued_at: _timestamp_pb2.Timestamp
    expires_at: _timestamp_pb2.Timestamp
    revoked: bool
    def __init__(self, id: _Optional[str] = ..., token: _Optional[str] = ..., issued_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revoked: _Optional[bool] = ...) -> None: ...

class GetCredentialQrRequest(_message.Message):
    __slots__ = ("id", "format")
    ID_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    id: str
    format: str
    def __init__(self, id: _Optional[str] = ..., format: _Optional[str] = ...) -> None: ...

class RevokeCredentialRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class VerifyCredentialRequest(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class CredentialVerification(_message.Message):
    __slots__ = ("valid", "status", "full_name", "birth_date", "regency_code", "nik_masked", "credential_id", "expires_at")
    VALID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    FULL_NAME_FIELD_NUMBER: _ClassVar[int]
    BIRTH_DATE_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    NIK_MASKED_FIELD_NUMBER: _ClassVar[int]
    CREDENTIAL_ID_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    valid: bool
    status: str
    full_name: str
    birth_date: str
    regency_code: str
    nik_masked: str
    credential_id: str
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, valid: _Optional[bool] = ..., status: _Optional[str] = ..., full_name: _Optional[str] = ..., birth_date: _Optional[str] = ..., regency_code: _Optional[str] = ..., nik_masked: _Optional[str] = ..., credential_id: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AccessLogEntry(_message.Message):
    __slots__ = ("actor_role", "actor_name", "agency", "purpose", "at")
    ACTOR_ROLE_FIELD_NUMBER: _ClassVar[int]
    ACTOR_NAME_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    actor_role: str
    actor_name: str
    agency: str
    purpose: str
    at: _timestamp_pb2.Timestamp
    def __init__(self, actor_role: _Optional[str] = ..., actor_name: _Optional[str] = ..., agency: _Optional[str] = ..., purpose: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListMyAccessLogRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListMyAccessLogResponse(_message.Message):
    __slots__ = ("entries", "next_page_token")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[AccessLogEntry]
    next_page_token: str
    def __init__(self, entries: _Optional[_Iterable[_Union[AccessLogEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ExportMyDataRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class MyData(_message.Message):
    __slots__ = ("account", "resident", "credentials", "access_log", "exported_at")
    ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_FIELD_NUMBER: _ClassVar[int]
    CREDENTIALS_FIELD_NUMBER: _ClassVar[int]
    ACCESS_LOG_FIELD_NUMBER: _ClassVar[int]
    EXPORTED_AT_FIELD_NUMBER: _ClassVar[int]
    account: Account
    resident: Resident
    credentials: _containers.RepeatedCompositeFieldContainer[Credential]
    access_log: _containers.RepeatedCompositeFieldContainer[AccessLogEntry]
    exported_at: _timestamp_pb2.Timestamp
    def __init__(self, account: _Optional[_Union[Account, _Mapping]] = ..., resident: _Optional[_Union[Resident, _Mapping]] = ..., credentials: _Optional[_Iterable[_Union[Credential, _Mapping]]] = ..., access_log: _Optional[_Iterable[_Union[AccessLogEntry, _Mapping]]] = ..., exported_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetMeRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Account(_message.Message):
    __slots__ = ("id", "role", "full_name", "nik", "phone", "birth_date", "regency_code", "agency", "jurisdiction", "created_at", "agency_head", "status", "acr", "phone_verified", "totp_enrolled")
    ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    FULL_NAME_FIELD_NUMBER: _ClassVar[int]
    NIK_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    BIRTH_DATE_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    JURISDICTION_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    AGENCY_HEAD_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ACR_FIELD_NUMBER: _ClassVar[int]
    PHONE_VERIFIED_FIELD_NUMBER: _ClassVar[int]
    TOTP_ENROLLED_FIELD_NUMBER: _ClassVar[int]
    id: str
    role: str
    full_name: str
    nik: str
    phone: str
    birth_date: str
    regency_code: str
    agency: str
    jurisdiction: _containers.RepeatedScalarFieldContainer[str]
    created_at: _timestamp_pb2.Timestamp
    agency_head: bool
    status: str
    acr: int
    phone_verified: bool
    totp_enrolled: bool
    def __init__(self, id: _Optional[str] = ..., role: _Optional[str] = ..., full_name: _Optional[str] = ..., nik: _Optional[str] = ..., phone: _Optional[str] = ..., birth_date: _Optional[str] = ..., regency_code: _Optional[str] = ..., agency: _Optional[str] = ..., jurisdiction: _Optional[_Iterable[str]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., agency_head: _Optional[bool] = ..., status: _Optional[str] = ..., acr: _Optional[int] = ..., phone_verified: _Optional[bool] = ..., totp_enrolled: _Optional[bool] = ...) -> None: ...

class GetJwksRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Jwk(_message.Message):
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

class Jwks(_message.Message):
    __slots__ = ("keys",)
    KEYS_FIELD_NUMBER: _ClassVar[int]
    keys: _containers.RepeatedCompositeFieldContainer[Jwk]
    def __init__(self, keys: _Optional[_Iterable[_Union[Jwk, _Mapping]]] = ...) -> None: ...

class TokenRevoked(_message.Message):
    __slots__ = ("token_id", "expires_at")
    TOKEN_ID_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    token_id: str
    expires_at: str
    def __init__(self, token_id: _Optional[str] = ..., expires_at: _Optional[str] = ...) -> None: ...

class RegisterVisitorRequest(_message.Message):
    __slots__ = ("display_name", "phone", "password")
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    display_name: str
    phone: str
    password: str
    def __init__(self, display_name: _Optional[str] = ..., phone: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class ActivateVisitorRequest(_message.Message):
    __slots__ = ("account_id", "code")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    code: str
    def __init__(self, account_id: _Optional[str] = ..., code: _Optional[str] = ...) -> None: ...

class ActivateCitizenRequest(_message.Message):
    __slots__ = ("nik", "code")
    NIK_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    nik: str
    code: str
    def __init__(self, nik: _Optional[str] = ..., code: _Optional[str] = ...) -> None: ...

class ResendActivationCodeRequest(_message.Message):
    __slots__ = ("nik",)
    NIK_FIELD_NUMBER: _ClassVar[int]
    nik: str
    def __init__(self, nik: _Optional[str] = ...) -> None: ...

class ResendActivationCodeResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SendPhoneCodeRequest(_message.Message):
    __slots__ = ("phone",)
    PHONE_FIELD_NUMBER: _ClassVar[int]
    phone: str
    def __init__(self, phone: _Optional[str] = ...) -> None: ...

class SendPhoneCodeResponse(_message.Message):
    __slots__ = ("phone_masked", "expires_at")
    PHONE_MASKED_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    phone_masked: str
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, phone_masked: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class VerifyPhoneRequest(_message.Message):
    __slots__ = ("code",)
    CODE_FIELD_NUMBER: _ClassVar[int]
    code: str
    def __init__(self, code: _Optional[str] = ...) -> None: ...

class StartPhoneChangeRequest(_message.Message):
    __slots__ = ("new_phone",)
    NEW_PHONE_FIELD_NUMBER: _ClassVar[int]
    new_phone: str
    def __init__(self, new_phone: _Optional[str] = ...) -> None: ...

class StartPhoneChangeResponse(_message.Message):
    __slots__ = ("old_phone_masked", "new_phone_masked", "expires_at")
    OLD_PHONE_MASKED_FIELD_NUMBER: _ClassVar[int]
    NEW_PHONE_MASKED_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    old_phone_masked: str
    new_phone_masked: str
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, old_phone_masked: _Optional[str] = ..., new_phone_masked: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ConfirmPhoneChangeRequest(_message.Message):
    __slots__ = ("old_code", "new_code")
    OLD_CODE_FIELD_NUMBER: _ClassVar[int]
    NEW_CODE_FIELD_NUMBER: _ClassVar[int]
    old_code: str
    new_code: str
    def __init__(self, old_code: _Optional[str] = ..., new_code: _Optional[str] = ...) -> None: ...

class RequestPasswordResetRequest(_message.Message):
    __slots__ = ("username",)
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    username: str
    def __init__(self, username: _Optional[str] = ...) -> None: ...

class RequestPasswordResetResponse(_message.Message):
    __slots__ = ("message",)
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    message: str
    def __init__(self, message: _Optional[str] = ...) -> None: ...

class ConfirmPasswordResetRequest(_message.Message):
    __slots__ = ("username", "code", "new_password")
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    NEW_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    username: str
    code: str
    new_password: str
    def __init__(self, username: _Optional[str] = ..., code: _Optional[str] = ..., new_password: _Optional[str] = ...) -> None: ...

class StartInPersonCheckRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class InPersonCheck(_message.Message):
    __slots__ = ("challenge", "expires_at")
    CHALLENGE_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    challenge: str
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, challenge: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetInPersonCheckQrRequest(_message.Message):
    __slots__ = ("challenge", "format")
    CHALLENGE_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    challenge: str
    format: str
    def __init__(self, challenge: _Optional[str] = ..., format: _Optional[str] = ...) -> None: ...

class ConfirmInPersonCheckRequest(_message.Message):
    __slots__ = ("challenge", "nik", "purpose", "new_phone")
    CHALLENGE_FIELD_NUMBER: _ClassVar[int]
    NIK_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    NEW_PHONE_FIELD_NUMBER: _ClassVar[int]
    challenge: str
    nik: str
    purpose: str
    new_phone: str
    def __init__(self, challenge: _Optional[str] = ..., nik: _Optional[str] = ..., purpose: _Optional[str] = ..., new_phone: _Optional[str] = ...) -> None: ...

class RepairTakeoverRequest(_message.Message):
    __slots__ = ("nik", "purpose")
    NIK_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    nik: str
    purpose: str
    def __init__(self, nik: _Optional[str] = ..., purpose: _Optional[str] = ...) -> None: ...

class RepairTakeoverResponse(_message.Message):
    __slots__ = ("closed_account_id", "sessions_revoked", "credentials_revoked")
    CLOSED_ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    SESSIONS_REVOKED_FIELD_NUMBER: _ClassVar[int]
    CREDENTIALS_REVOKED_FIELD_NUMBER: _ClassVar[int]
    closed_account_id: str
    sessions_revoked: int
    credentials_revoked: int
    def __init__(self, closed_account_id: _Optional[str] = ..., sessions_revoked: _Optional[int] = ..., credentials_revoked: _Optional[int] = ...) -> None: ...

class IssueServiceTokenRequest(_message.Message):
    __slots__ = ("client_id", "client_secret")
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    client_secret: str
    def __init__(self, client_id: _Optional[str] = ..., client_secret: _Optional[str] = ...) -> None: ...

class GetContactRequest(_message.Message):
    __slots__ = ("citizen_id",)
    CITIZEN_ID_FIELD_NUMBER: _ClassVar[int]
    citizen_id: str
    def __init__(self, citizen_id: _Optional[str] = ...) -> None: ...

class Contact(_message.Message):
    __slots__ = ("citizen_id", "phone", "regency_code", "acr", "active")
    CITIZEN_ID_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    REGENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    ACR_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    citizen_id: str
    phone: str
    regency_code: str
    acr: int
    active: bool
    def __init__(self, citizen_id: _Optional[str] = ..., phone: _Optional[str] = ..., regency_code: _Optional[str] = ..., acr: _Optional[int] = ..., active: _Optional[bool] = ...) -> None: ...

class MatchResidentRequest(_message.Message):
    __slots__ = ("nik", "full_name", "birth_date", "account_id", "purpose")
    NIK_FIELD_NUMBER: _ClassVar[int]
    FULL_NAME_FIELD_NUMBER: _ClassVar[int]
    BIRTH_DATE_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    nik: str
    full_name: str
    birth_date: str
    account_id: str
    purpose: str
    def __init__(self, nik: _Optional[str] = ..., full_name: _Optional[str] = ..., birth_date: _Optional[str] = ..., account_id: _Optional[str] = ..., purpose: _Optional[str] = ...) -> None: ...

class MatchResidentResponse(_message.Message):
    __slots__ = ("match",)
    MATCH_FIELD_NUMBER: _ClassVar[int]
    match: bool
    def __init__(self, match: _Optional[bool] = ...) -> None: ...

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

class StartTotpEnrollmentRequest(_message.Message):
    __slots__ = ("enrollment_token",)
    ENROLLMENT_TOKEN_FIELD_NUMBER: _ClassVar[int]
    enrollment_token: str
    def __init__(self, enrollment_token: _Optional[str] = ...) -> None: ...

class TotpEnrollment(_message.Message):
    __slots__ = ("secret", "otpauth_uri", "qr_png", "qr_svg", "created_at")
    SECRET_FIELD_NUMBER: _ClassVar[int]
    OTPAUTH_URI_FIELD_NUMBER: _ClassVar[int]
    QR_PNG_FIELD_NUMBER: _ClassVar[int]
    QR_SVG_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    secret: str
    otpauth_uri: str
    qr_png: bytes
    qr_svg: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, secret: _Optional[str] = ..., otpauth_uri: _Optional[str] = ..., qr_png: _Optional[bytes] = ..., qr_svg: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ConfirmTotpEnrollmentRequest(_message.Message):
    __slots__ = ("code", "enrollment_token")
    CODE_FIELD_NUMBER: _ClassVar[int]
    ENROLLMENT_TOKEN_FIELD_NUMBER: _ClassVar[int]
    code: str
    enrollment_token: str
    def __init__(self, code: _Optional[str] = ..., enrollment_token: _Optional[str] = ...) -> None: ...

class ResetStaffTotpRequest(_message.Message):
    __slots__ = ("officer_id",)
    OFFICER_ID_FIELD_NUMBER: _ClassVar[int]
    officer_id: str
    def __init__(self, officer_id: _Optional[str] = ...) -> None: ...

class ListStaffActionsRequest(_message.Message):
    __slots__ = ("officer", "agency", "from_date", "to_date", "page_size", "page_token")
    OFFICER_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    FROM_DATE_FIELD_NUMBER: _ClassVar[int]
    TO_DATE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    officer: str
    agency: str
    from_date: str
    to_date: str
    page_size: int
    page_token: str
    def __init__(self, officer: _Optional[str] = ..., agency: _Optional[str] = ..., from_date: _Optional[str] = ..., to_date: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class StaffAction(_message.Message):
    __slots__ = ("id", "at", "actor_id", "actor_username", "actor_name", "actor_role", "agency", "jurisdiction", "service", "method", "http_route", "resource", "request_id")
    class ResourceEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_USERNAME_FIELD_NUMBER: _ClassVar[int]
    ACTOR_NAME_FIELD_NUMBER: _ClassVar[int]
    ACTOR_ROLE_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    JURISDICTION_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    HTTP_ROUTE_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    at: _timestamp_pb2.Timestamp
    actor_id: str
    actor_username: str
    actor_name: str
    actor_role: str
    agency: str
    jurisdiction: _containers.RepeatedScalarFieldContainer[str]
    service: str
    method: str
    http_route: str
    resource: _containers.ScalarMap[str, str]
    request_id: str
    def __init__(self, id: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor_id: _Optional[str] = ..., actor_username: _Optional[str] = ..., actor_name: _Optional[str] = ..., actor_role: _Optional[str] = ..., agency: _Optional[str] = ..., jurisdiction: _Optional[_Iterable[str]] = ..., service: _Optional[str] = ..., method: _Optional[str] = ..., http_route: _Optional[str] = ..., resource: _Optional[_Mapping[str, str]] = ..., request_id: _Optional[str] = ...) -> None: ...

class ListStaffActionsResponse(_message.Message):
    __slots__ = ("actions", "next_page_token")
    ACTIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    actions: _containers.RepeatedCompositeFieldContainer[StaffAction]
    next_page_token: str
    def __init__(self, actions: _Optional[_Iterable[_Union[StaffAction, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListOfficersRequest(_message.Message):
    __slots__ = ("agency_id", "page_size", "page_token")
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    agency_id: str
    page_size: int
    page_token: str
    def __init__(self, agency_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class Officer(_message.Message):
    __slots__ = ("id", "username", "full_name", "role", "agency", "agency_id", "jurisdiction", "agency_head", "totp_enrolled", "created_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    FULL_NAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    JURISDICTION_FIELD_NUMBER: _ClassVar[int]
    AGENCY_HEAD_FIELD_NUMBER: _ClassVar[int]
    TOTP_ENROLLED_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    username: str
    full_name: str
    role: str
    agency: str
    agency_id: str
    jurisdiction: _containers.RepeatedScalarFieldContainer[str]
    agency_head: bool
    totp_enrolled: bool
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., username: _Optional[str] = ..., full_name: _Optional[str] = ..., role: _Optional[str] = ..., agency: _Optional[str] = ..., agency_id: _Optional[str] = ..., jurisdiction: _Optional[_Iterable[str]] = ..., agency_head: _Optional[bool] = ..., totp_enrolled: _Optional[bool] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListOfficersResponse(_message.Message):
    __slots__ = ("officers", "next_page_token")
    OFFICERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    officers: _containers.RepeatedCompositeFieldContainer[Officer]
    next_page_token: str
    def __init__(self, officers: _Optional[_Iterable[_Union[Officer, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
