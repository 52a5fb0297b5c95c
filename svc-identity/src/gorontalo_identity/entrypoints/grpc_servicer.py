"""gRPC face of svc-identity: translate messages, call use cases, nothing more."""
from __future__ import annotations

from gorontalo.identity.v1 import identity_pb2, identity_pb2_grpc
from google.protobuf import timestamp_pb2
from servicekit.auth import require_principal

from ..domain.model import Account, mask_phone
from ..domain.nik import mask_nik
from ..service_layer import services


def account_message(account: Account, *, reveal: bool) -> identity_pb2.Account:
    created = timestamp_pb2.Timestamp()
    created.FromDatetime(account.created_at)
    nik = account.nik or ""
    phone = account.phone or ""
    return identity_pb2.Account(
        id=account.id, role=account.role, full_name=account.full_name,
        nik=nik if reveal else mask_nik(nik) if nik else "",
        phone=phone if reveal else mask_phone(phone) if phone else "",
        birth_date=account.birth_date.isoformat() if account.birth_date else "",
        regency_code=account.regency_code, agency=account.agency, jurisdiction=account.jurisdiction,
        created_at=created,
    )


class IdentityServicer(identity_pb2_grpc.IdentityServiceServicer):
    def __init__(self, app):
        self.app = app

    def RegisterCitizen(self, request, context):
        account = services.register_citizen(
            self.app.uow(), self.app.passwords, self.app.clock, nik=request.nik, full_name=request.full_name,
            birth_date=request.birth_date, phone=request.phone, password=request.password,
        )
        return account_message(account, reveal=True)

    def Login(self, request, context):
        token, expires_in = services.login(self.app.uow(), self.app.passwords, self.app.keys, self.app.clock,
                                           username=request.username, password=request.password)
        return identity_pb2.Token(access_token=token, token_type="Bearer", expires_in=expires_in)

    def GetMe(self, request, context):
        principal = require_principal()
        return account_message(services.get_account(self.app.uow(), principal.subject), reveal=True)

    def GetJwks(self, request, context):
        return identity_pb2.Jwks(keys=[identity_pb2.Jwk(**jwk) for jwk in self.app.keys.jwks()["keys"]])
