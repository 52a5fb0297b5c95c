"""gRPC face of in-person checks, takeover repair, the platform's service clients and SMS reports."""

from __future__ import annotations

from gorontalo.identity.v1 import identity_pb2 as pb
from servicekit import peers
from servicekit.auth import require_principal
from servicekit.notify import callbacks

from ..service_layer import assurance, ektp, service_clients
from .grpc_base import client_address, header, qr_body, qr_format
from .to_proto import account_message, ts


class AssuranceRpcs:
    """Mixed into IdentityServicer (self.app is the IdentityApp)."""

    def StartInPersonCheck(self, request, context):
        started = assurance.start_in_person_check(self.app.uow(), self.app.clock, require_principal())
        return pb.InPersonCheck(challenge=started.challenge, expires_at=ts(started.expires_at))

    def GetInPersonCheckQr(self, request, context):
        fmt = qr_format(request.format)
        challenge = assurance.own_challenge(self.app.uow(), self.app.clock, require_principal(), request.challenge)
        return qr_body(challenge, fmt)

    def ConfirmInPersonCheck(self, request, context):
        account = assurance.confirm_in_person_check(
            self.app.uow(),
            self.app.clock,
            require_principal(),
            challenge=request.challenge,
            nik=request.nik,
            purpose=request.purpose,
            new_phone=request.new_phone,
            prefixes=self.app.in_person_agency_prefixes,
        )
        # The officer sees whom they checked, with the numbers masked.
        return account_message(account, reveal=False)

    def RepairTakeover(self, request, context):
        repair = assurance.repair_takeover(
            self.app.uow(),
            self.app.clock,
            require_principal(),
            nik=request.nik,
            purpose=request.purpose,
            prefixes=self.app.in_person_agency_prefixes,
        )
        return pb.RepairTakeoverResponse(
            closed_account_id=repair.account_id,
            sessions_revoked=repair.sessions_revoked,
            credentials_revoked=repair.credentials_revoked,
        )

    def IssueServiceToken(self, request, context):
        token = service_clients.issue_service_token(
            self.app.keys,
            self.app.clock,
            client_id=request.client_id,
            client_secret=request.client_secret,
            clients=self.app.service_clients,
            secret_of=self.app.service_secret,
            throttle=self.app.throttle,
            limits=self.app.abuse_limits,
            client_address=client_address(context),
        )
        return pb.Token(
            access_token=token.access_token, token_type="Bearer", expires_in=token.expires_in, acr=token.acr
        )

    def GetContact(self, request, context):
        contact = service_clients.get_contact(self.app.uow(), require_principal(), request.citizen_id)
        return pb.Contact(
            citizen_id=contact.citizen_id,
            phone=contact.phone,
            regency_code=contact.regency_code,
            acr=contact.acr,
            active=contact.active,
        )

    def MatchResident(self, request, context):
        # Peers only (the access rule admitted the caller's certificate): its service name is the caller.
        peer = peers.peer_var.get()
        match = ektp.match_resident(
            self.app.uow(),
            self.app.clock,
            caller=peer.service if peer is not None else "service",
            nik=request.nik,
            full_name=request.full_name,
            birth_date=request.birth_date,
            account_id=request.account_id,
            purpose=request.purpose,
        )
        return pb.MatchResidentResponse(match=match)

    def ReportSmsDelivery(self, request, context):
        applied = callbacks.report_delivery(
            self.app.uow,
            self.app.clock,
            body=request.body.data,
            signature=header(context, callbacks.SIGNATURE_HEADER),
            secret=self.app.sms_callback_secret,
            sender="identity",
        )
        return pb.ReportSmsDeliveryResponse(applied=applied)
