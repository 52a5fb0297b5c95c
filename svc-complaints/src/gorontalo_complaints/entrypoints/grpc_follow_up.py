"""gRPC of follow-up: the dispatchers' queue and decisions, the agency's inbox and updates, the reporter's
answers, rating and reopening."""

from __future__ import annotations

from gorontalo.complaints.v1 import complaints_pb2
from servicekit.auth import require_principal

from ..service_layer import follow_up, queues
from .grpc_base import RpcBase
from .to_proto import complaint_message, complaints_page, update_message


class FollowUpRpcs(RpcBase):
    def ListDispatchQueue(self, request, context):
        return complaints_page(
            queues.dispatch_queue(
                self.app.uow(),
                self.app.staff,
                require_principal(),
                page_size=request.page_size,
                page_token=request.page_token,
            )
        )

    def ListAgencyComplaints(self, request, context):
        return complaints_page(
            queues.agency_inbox(
                self.app.uow(),
                require_principal(),
                status=request.status,
                page_size=request.page_size,
                page_token=request.page_token,
            )
        )

    def DispatchComplaint(self, request, context):
        return complaint_message(
            follow_up.dispatch(
                self.app.uow(),
                self.app.clock,
                self.app.router,
                self.app.staff,
                require_principal(),
                tracking_code=request.tracking_code,
                category=request.category,
                region_code=request.region_code,
                note=request.note,
            )
        )

    def VerifyComplaint(self, request, context):
        return complaint_message(
            follow_up.verify(
                self.app.uow(), self.app.clock, self.app.staff, require_principal(), tracking_code=request.tracking_code
            )
        )

    def RejectComplaint(self, request, context):
        return complaint_message(
            follow_up.reject(
                self.app.uow(),
                self.app.clock,
                self.app.staff,
                require_principal(),
                tracking_code=request.tracking_code,
                reason=request.reason,
            )
        )

    def PostUpdate(self, request, context):
        principal = require_principal()
        return self._once(
            context,
            "complaints.PostUpdate",
            request,
            complaints_pb2.ComplaintUpdate,
            principal.subject,
            lambda uow: update_message(
                follow_up.post_update(
                    uow,
                    self.app.clock,
                    principal,
                    tracking_code=request.tracking_code,
                    note=request.note,
                    internal=request.internal,
                    kind=request.kind,
                )
            ),
        )

    def AnswerQuestion(self, request, context):
        reporter = self._reporter(context)
        return self._once(
            context,
            "complaints.AnswerQuestion",
            request,
            complaints_pb2.ComplaintUpdate,
            reporter.subject,
            lambda uow: update_message(
                follow_up.answer(uow, self.app.clock, reporter, tracking_code=request.tracking_code, note=request.note)
            ),
        )

    def ListUpdates(self, request, context):
        rows = follow_up.list_updates(
            self.app.uow(),
            self._caller(context),
            tracking_code=request.tracking_code,
            limiter=self.app.limiter,
            client_address=self._client_address(context),
        )
        return complaints_pb2.ListUpdatesResponse(updates=[update_message(row) for row in rows])

    def StartProgress(self, request, context):
        return complaint_message(
            follow_up.start_progress(
                self.app.uow(),
                self.app.clock,
                require_principal(),
                tracking_code=request.tracking_code,
                note=request.note,
            )
        )

    def ResolveComplaint(self, request, context):
        return complaint_message(
            follow_up.resolve(
                self.app.uow(),
                self.app.clock,
                require_principal(),
                tracking_code=request.tracking_code,
                note=request.note,
            )
        )

    def RateComplaint(self, request, context):
        return complaint_message(
            follow_up.rate(
                self.app.uow(),
                self.app.clock,
                self._reporter(context),
                tracking_code=request.tracking_code,
                rating=request.rating,
                comment=request.comment,
            )
        )

    def ReopenComplaint(self, request, context):
        return complaint_message(
            follow_up.reopen(
                self.app.uow(),
                self.app.clock,
                self._reporter(context),
                tracking_code=request.tracking_code,
                reason=request.reason,
            )
        )
