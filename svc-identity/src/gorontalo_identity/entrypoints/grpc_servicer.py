"""gRPC face of svc-identity: translate messages, call use cases, nothing more."""

from __future__ import annotations

from google.api import httpbody_pb2
from google.protobuf import timestamp_pb2

from gorontalo.identity.v1 import identity_pb2 as pb
from gorontalo.identity.v1 import identity_pb2_grpc
from servicekit import idempotency, paging
from servicekit.auth import current_principal, require_principal
from servicekit.errors import FieldViolation, InvalidArgument
from servicekit.interceptors import metadata_dict

from ..adapters import qr
from ..adapters.tables import idempotency_records
from ..domain.model import Account, mask_phone, normalise_phone
from ..domain.nik import mask_nik
from ..service_layer import admin, credentials, ektp, privacy, services, sessions


def _ts(value) -> timestamp_pb2.Timestamp | None:
    if value is None:
        return None
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(value)
    return stamp


def account_message(account: Account, *, reveal: bool) -> pb.Account:
    nik, phone = account.nik or "", account.phone or ""
    return pb.Account(
        id=account.id,
        role=account.role,
        full_name=account.full_name,
        nik=nik if reveal else mask_nik(nik) if nik else "",
        phone=phone if reveal else mask_phone(phone) if phone else "",
        birth_date=account.birth_date.isoformat() if account.birth_date else "",
        regency_code=account.regency_code,
        agency=account.agency,
        jurisdiction=account.jurisdiction,
        created_at=_ts(account.created_at),
        agency_head=account.agency_head,
    )


def resident_message(resident, *, reveal: bool) -> pb.Resident:
    return pb.Resident(
        nik=resident.nik if reveal else mask_nik(resident.nik),
        kk_number=resident.kk_number if reveal else mask_nik(resident.kk_number),
        full_name=resident.full_name,
        birth_place=resident.birth_place,
        birth_date=resident.birth_date.isoformat(),
        sex=resident.sex,
        address=resident.address,
        village_code=resident.village_code,
        district_code=resident.district_code,
        regency_code=resident.regency_code,
    )


def credential_message(credential) -> pb.Credential:
    return pb.Credential(
        id=credential.id,
        token=credential.token,
        issued_at=_ts(credential.issued_at),
        expires_at=_ts(credential.expires_at),
        revoked=credential.revoked,
    )


def access_message(entry) -> pb.AccessLogEntry:
    return pb.AccessLogEntry(
        actor_role=entry.actor_role,
        actor_name=entry.actor_name,
        agency=entry.agency,
        purpose=entry.purpose,
        at=_ts(entry.at),
    )


def token_message(session: sessions.Session) -> pb.Token:
    return pb.Token(
        access_token=session.access_token,
        token_type="Bearer",
        expires_in=session.expires_in,
        refresh_token=session.refresh_token,
        refresh_expires_in=session.refresh_expires_in,
    )


def _client_address(context) -> str:
    """The caller's address as the gateway saw it (behind trusted proxies: X-Forwarded-For)."""
    return metadata_dict(context).get("x-client-address", "")


class IdentityServicer(identity_pb2_grpc.IdentityServiceServicer):
    def __init__(self, app):
        self.app = app

    # -- accounts and sessions ------------------------------------------------------
    def RegisterCitizen(self, request, context):
        account = services.register_citizen(
            self.app.uow(),
            self.app.passwords,
            self.app.clock,
            nik=request.nik,
            full_name=request.full_name,
            birth_date=request.birth_date,
            phone=request.phone,
            password=request.password,
            throttle=self.app.throttle,
            limits=self.app.abuse_limits,
            client_address=_client_address(context),
        )
        answer = account_message(account, reveal=True)
        # The number as submitted, whether or not another account holds it (no phone oracle; see
        # services.register_citizen). GET /v1/me shows what the account holds.
        answer.phone = normalise_phone(request.phone) or ""
        return answer

    def Login(self, request, context):
        return token_message(
            services.login(
                self.app.uow(),
                self.app.passwords,
                self.app.keys,
                self.app.clock,
                username=request.username,
                password=request.password,
                throttle=self.app.throttle,
                limits=self.app.abuse_limits,
                client_address=_client_address(context),
            )
        )

    def RefreshToken(self, request, context):
        return token_message(sessions.refresh(self.app.uow(), self.app.keys, self.app.clock, request.refresh_token))

    def Logout(self, request, context):
        # Signed in (a bearer token sent): that access token and its session chain end too.
        sessions.logout(self.app.uow(), self.app.clock, request.refresh_token, access=current_principal())
        return pb.LogoutResponse()

    def GetMe(self, request, context):
        principal = require_principal()
        return account_message(services.get_account(self.app.uow(), principal.subject), reveal=True)

    def GetJwks(self, request, context):
        return pb.Jwks(keys=[pb.Jwk(**jwk) for jwk in self.app.keys.jwks()["keys"]])

    # -- administration ---------------------------------------------------------------
    def _once(self, context, request, response_class, call):
        """Idempotency-Key (servicekit.idempotency): a retry with the same key gets the first answer.
        `call(uow)` runs the use case on the one unit of work that also stores that answer."""
        operation = "identity." + type(request).DESCRIPTOR.name.removesuffix("Request")
        return idempotency.answer_once(
            self.app.uow(),
            idempotency_records,
            context,
            request,
            response_class,
            call,
            clock=self.app.clock,
            operation=operation,
            scope=require_principal().subject,
        )

    def CreateAgency(self, request, context):
        def create(uow):
            agency = admin.create_agency(
                uow, self.app.clock, code=request.code, name=request.name, region_code=request.region_code
            )
            return pb.Agency(
                id=agency.id,
                code=agency.code,
                name=agency.name,
                region_code=agency.region_code,
                created_at=_ts(agency.created_at),
            )

        return self._once(context, request, pb.Agency, create)

    def ListAgencies(self, request, context):
        offset, limit = paging.decode(request.page_token), paging.page_size(request.page_size)
        found = admin.list_agencies(self.app.uow(), offset, limit)
        return pb.ListAgenciesResponse(
            agencies=[
                pb.Agency(id=a.id, code=a.code, name=a.name, region_code=a.region_code, created_at=_ts(a.created_at))
                for a in found
            ],
            next_page_token=paging.next_token(offset, len(found), limit),
        )

    def SetAgencyHead(self, request, context):
        account = admin.set_agency_head(
            self.app.uow(), self.app.clock, officer_id=request.officer_id, agency_head=request.agency_head
        )
        return account_message(account, reveal=False)

    def CreateOfficer(self, request, context):
        return self._once(
            context,
            request,
            pb.Account,
            lambda uow: account_message(
                admin.create_officer(
                    uow,
                    self.app.passwords,
                    self.app.clock,
                    agency_id=request.agency_id,
                    username=request.username,
                    full_name=request.full_name,
                    password=request.password,
                    jurisdiction=list(request.jurisdiction),
                    agency_head=request.agency_head,
                ),
                reveal=False,
            ),
        )

    def CreateApiClient(self, request, context):
        # The answer kept for a retry holds the secret encrypted (PII key), never as it is.
        def create(uow):
            client, secret = admin.create_api_client(
                uow, self.app.clock, name=request.name, rate_limit_per_minute=request.rate_limit_per_minute
            )
            return pb.ApiClientCredentials(
                client_id=client.id,
                name=client.name,
                client_secret=self.app.cipher.encrypt(secret, f"client-secret:{client.id}"),
                rate_limit_per_minute=client.rate_limit_per_minute,
            )

        answer = self._once(context, request, pb.ApiClientCredentials, create)
        answer.client_secret = self.app.cipher.decrypt(answer.client_secret, f"client-secret:{answer.client_id}")
        return answer

    # -- e-KTP and the register ------------------------------------------------------------
    def VerifyEktp(self, request, context):
        authorization = dict(context.invocation_metadata() or ()).get("authorization")
        match = ektp.verify_ektp(
            self.app.uow(),
            self.app.clock,
            authorization=authorization,
            nik=request.nik,
            full_name=request.full_name,
            birth_date=request.birth_date,
            purpose=request.purpose,
            throttle=self.app.throttle,
            limits=self.app.abuse_limits,
            client_address=_client_address(context),
        )
        return pb.VerifyEktpResponse(match=match)

    def LookupResident(self, request, context):
        resident = ektp.lookup_resident(
            self.app.uow(), self.app.clock, require_principal(), nik=request.nik, purpose=request.purpose
        )
        return resident_message(resident, reveal=False)

    # -- digital ID ---------------------------------------------------------------------
    def IssueCredential(self, request, context):
        subject = require_principal().subject
        return self._once(
            context,
            request,
            pb.Credential,
            lambda uow: credential_message(credentials.issue(uow, self.app.keys, self.app.clock, subject)),
        )

    def GetCredentialQr(self, request, context):
        fmt = (request.format or "png").lower()
        if fmt not in qr.FORMATS:
            raise InvalidArgument(violations=[FieldViolation("format", "qr_format")])
        credential = credentials.own(self.app.uow(), require_principal().subject, request.id)
        data, content_type = qr.render(credential.token, fmt)
        return httpbody_pb2.HttpBody(content_type=content_type, data=data)

    def RevokeCredential(self, request, context):
        return credential_message(
            credentials.revoke(self.app.uow(), self.app.clock, require_principal().subject, request.id)
        )

    def VerifyCredential(self, request, context):
        result = credentials.verify(self.app.uow(), self.app.keys, self.app.clock, request.token)
        claims = result.claims
        expires = None
        if "exp" in claims:
            expires = timestamp_pb2.Timestamp(seconds=int(claims["exp"]))
        return pb.CredentialVerification(
            valid=result.valid,
            status=result.status,
            full_name=claims.get("name", ""),
            birth_date=claims.get("birth_date", ""),
            regency_code=claims.get("regency", ""),
            nik_masked=claims.get("nik_masked", ""),
            credential_id=claims.get("jti", ""),
            expires_at=expires,
        )

    # -- personal data rights ---------------------------------------------------------------
    def ListMyAccessLog(self, request, context):
        offset, limit = paging.decode(request.page_token), paging.page_size(request.page_size)
        entries = privacy.access_log(self.app.uow(), require_principal().subject, offset, limit)
        return pb.ListMyAccessLogResponse(
            entries=[access_message(e) for e in entries], next_page_token=paging.next_token(offset, len(entries), limit)
        )

    def ExportMyData(self, request, context):
        data = privacy.export(self.app.uow(), require_principal().subject)
        return pb.MyData(
            account=account_message(data.account, reveal=True),
            resident=resident_message(data.resident, reveal=True) if data.resident else None,
            credentials=[credential_message(c) for c in data.credentials],
            access_log=[access_message(e) for e in data.access_log],
            exported_at=_ts(self.app.clock()),
        )
