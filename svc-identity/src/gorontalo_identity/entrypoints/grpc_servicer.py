"""gRPC face of svc-identity: translate messages, call use cases, nothing more."""

from __future__ import annotations

from google.protobuf import timestamp_pb2

from gorontalo.identity.v1 import identity_pb2 as pb
from gorontalo.identity.v1 import identity_pb2_grpc
from servicekit import idempotency, paging
from servicekit.auth import current_principal, require_principal

from ..adapters import qr
from ..adapters.tables import idempotency_records
from ..domain.model import normalise_phone
from ..service_layer import admin, credentials, ektp, privacy, services, sessions, signup, staff_totp
from .grpc_admin_officers import AdminOfficerRpcs
from .grpc_assurance import AssuranceRpcs
from .grpc_base import client_address, qr_body, qr_format
from .grpc_signup import SignupRpcs
from .grpc_staff import StaffRpcs
from .to_proto import access_message, account_message, credential_message, resident_message, token_message
from .to_proto import ts as _ts

_client_address = client_address


class IdentityServicer(
    SignupRpcs, AssuranceRpcs, StaffRpcs, AdminOfficerRpcs, identity_pb2_grpc.IdentityServiceServicer
):
    """Accounts, sessions, administration, e-KTP and the digital ID here; sign-up, phone and password
    recovery in grpc_signup; in-person checks, service clients and SMS reports in grpc_assurance;
    staff's second factor (TOTP) and the staff audit trail in grpc_staff."""

    def __init__(self, app):
        self.app = app

    # -- accounts and sessions ------------------------------------------------------
    def RegisterCitizen(self, request, context):
        account = signup.register_citizen(
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
        # The number as submitted: the code went there; it is the account's once the code is entered.
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
                otp=request.otp,
                totp_required=self.app.staff_totp_required,
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
        answer = account_message(
            services.get_account(self.app.uow().reading(), principal.subject),
            reveal=True,
            reveal_nik=privacy.sees_full_nik(principal),
        )
        if principal.role != "citizen":
            answer.totp_enrolled = staff_totp.is_enrolled(self.app.uow(), principal.subject)
        return answer

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
        fmt = qr_format(request.format)
        credential = credentials.own(self.app.uow(), require_principal().subject, request.id)
        return qr_body(qr.verifier_url(credential.token), fmt)

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
        principal = require_principal()
        data = privacy.export(self.app.uow(), principal.subject)
        full = privacy.sees_full_nik(principal)
        return pb.MyData(
            account=account_message(data.account, reveal=True, reveal_nik=full),
            resident=resident_message(data.resident, reveal=full) if data.resident else None,
            credentials=[credential_message(c) for c in data.credentials],
            access_log=[access_message(e) for e in data.access_log],
            exported_at=_ts(self.app.clock()),
        )
