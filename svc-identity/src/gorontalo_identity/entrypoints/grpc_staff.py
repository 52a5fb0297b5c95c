"""gRPC face of staff sign-in's second factor (TOTP) and of the staff audit trail."""

from __future__ import annotations

from gorontalo.identity.v1 import identity_pb2 as pb
from servicekit import paging
from servicekit.auth import current_principal

from ..adapters import totp_qr
from ..service_layer import audit, staff_totp
from .grpc_base import client_address
from .to_proto import account_message, token_message, ts


class StaffRpcs:
    """Mixed into IdentityServicer (self.app is the IdentityApp)."""

    def _enrollee(self, request):
        return staff_totp.enrollee(
            self.app.uow(), self.app.keys, current_principal(), request.enrollment_token, self.app.clock()
        )

    def StartTotpEnrollment(self, request, context):
        enrollment = staff_totp.start_enrollment(self.app.uow(), self.app.clock, self._enrollee(request))
        png, svg = totp_qr.render(enrollment.otpauth_uri)
        return pb.TotpEnrollment(
            secret=enrollment.secret,
            otpauth_uri=enrollment.otpauth_uri,
            qr_png=png,
            qr_svg=svg,
            created_at=ts(enrollment.created_at),
        )

    def ConfirmTotpEnrollment(self, request, context):
        return token_message(
            staff_totp.confirm_enrollment(
                self.app.uow(),
                self.app.keys,
                self.app.clock,
                self._enrollee(request),
                request.code,
                throttle=self.app.throttle,
                limits=self.app.abuse_limits,
                client_address=client_address(context),
            )
        )

    def ResetStaffTotp(self, request, context):
        account = staff_totp.reset(self.app.uow(), self.app.clock, request.officer_id)
        return account_message(account, reveal=False)

    def ListStaffActions(self, request, context):
        offset, limit = paging.decode(request.page_token), paging.page_size(request.page_size)
        found = audit.list_actions(
            self.app.uow(),
            officer=request.officer,
            agency=request.agency,
            from_date=request.from_date,
            to_date=request.to_date,
            offset=offset,
            limit=limit,
        )
        return pb.ListStaffActionsResponse(
            actions=[
                pb.StaffAction(
                    id=a.id,
                    at=ts(a.at),
                    actor_id=a.actor_id,
                    actor_username=a.actor_username,
                    actor_name=a.actor_name,
                    actor_role=a.actor_role,
                    agency=a.agency,
                    jurisdiction=list(a.jurisdiction),
                    service=a.service,
                    method=a.method,
                    http_route=a.http_route,
                    resource=a.resource,
                    request_id=a.request_id,
                )
                for a in found
            ],
            next_page_token=paging.next_token(offset, len(found), limit),
        )
