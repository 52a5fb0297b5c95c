"""gRPC face of svc-complaints: translate messages, call use cases, nothing more."""
from __future__ import annotations

import datetime as dt

from gorontalo.complaints.v1 import complaints_pb2, complaints_pb2_grpc
from servicekit import idempotency
from servicekit.auth import Principal, current_principal, require_principal
from servicekit.errors import Unauthenticated
from servicekit.interceptors import metadata_dict

from ..adapters.tables import idempotency_records
from ..domain.model import ComplaintView
from ..domain.routing import RoutingEntry
from ..service_layer import anonymous, follow_up, public_stats, queues, routing, services
from .extra_grpc import ExtraRpcs, photo_message


def _set_time(message, field: str, value: dt.datetime | None) -> None:
    if value is not None:
        getattr(message, field).FromDatetime(value.astimezone(dt.timezone.utc).replace(tzinfo=None))


def complaint_message(view: ComplaintView) -> complaints_pb2.Complaint:
    message = complaints_pb2.Complaint(
        id=view.id, tracking_code=view.tracking_code, category=view.category, title=view.title,
        description=view.description, latitude=view.latitude, longitude=view.longitude,
        region_code=view.region_code, privacy=view.privacy, channel=view.channel, status=view.status,
        agency_code=view.agency_code, agency_name=view.agency_name, needs_dispatch=view.needs_dispatch,
        suggested_category=view.suggested_category, suggestion_confidence=view.suggestion_confidence,
        rejection_reason=view.rejection_reason, rating=view.rating, rating_comment=view.rating_comment,
        breached_deadlines=list(view.breached_deadlines), support_count=view.support_count,
        photos=[photo_message(p) for p in view.photos], escalated=view.escalated,
        reporter_key=view.reporter_key,
    )
    for field in ("filed_at", "dispositioned_at", "first_response_at", "resolved_at"):
        _set_time(message, field, getattr(view, field))
    return message


def update_message(row: dict) -> complaints_pb2.ComplaintUpdate:
    message = complaints_pb2.ComplaintUpdate(id=row["id"], note=row["note"], internal=row["internal"],
                                             status=row["status"], agency_code=row["agency_code"],
                                             kind=row.get("kind") or "update")
    _set_time(message, "created_at", row["created_at"])
    return message


def entry_message(entry: RoutingEntry) -> complaints_pb2.RoutingEntry:
    return complaints_pb2.RoutingEntry(category=entry.category, regency_code=entry.regency_code,
                                       agency_code=entry.agency.code, agency_name=entry.agency.name,
                                       source=entry.source)


def _page(page) -> complaints_pb2.ListComplaintsResponse:
    return complaints_pb2.ListComplaintsResponse(complaints=[complaint_message(v) for v in page.complaints],
                                                 next_page_token=page.next_page_token)


class ComplaintsServicer(ExtraRpcs, complaints_pb2_grpc.ComplaintsServiceServicer):
    def __init__(self, app):
        self.app = app

    complaint_message = staticmethod(complaint_message)

    @staticmethod
    def _caller(context) -> Principal | None:
        """The token's principal, else an anonymous filer by their reporter key, else nobody."""
        principal = current_principal()
        if principal is not None:
            return principal
        return anonymous.reporter_from_key(metadata_dict(context).get(anonymous.REPORTER_KEY_HEADER, ""))

    def _reporter(self, context) -> Principal:
        caller = self._caller(context)
        if caller is None:
            raise Unauthenticated()
        return caller

    def _once(self, context, operation: str, request, response_class, scope: str, call):
        """`call(uow)` once per Idempotency-Key of the caller (`scope`): a retry gets the first answer."""
        uow = self.app.uow()
        return idempotency.run(uow, idempotency_records, scope=scope,
                               key=idempotency.key_from_metadata(context.invocation_metadata()),
                               operation=operation, request=request, response_class=response_class,
                               call=lambda: call(uow), clock=self.app.clock)

    def _client_address(self, context) -> str:
        return metadata_dict(context).get("x-client-address", "")

    def FileComplaint(self, request, context):
        principal = require_principal()
        return self._once(context, "complaints.FileComplaint", request, complaints_pb2.Complaint, principal.subject,
                          lambda uow: complaint_message(services.file_complaint(
                              uow, self.app.clock, self.app.new_tracking_code, principal,
                              category=request.category, title=request.title, description=request.description,
                              latitude=request.latitude, longitude=request.longitude,
                              region_code=request.region_code, privacy=request.privacy, channel=request.channel,
                              router=self.app.router, photo_ids=list(request.photo_ids))))

    def GetComplaint(self, request, context):
        view = services.get_complaint(self.app.uow(), self._caller(context), request.tracking_code,
                                      limiter=self.app.limiter, client_address=self._client_address(context))
        return complaint_message(view)

    def ListMyComplaints(self, request, context):
        page = services.list_my_complaints(self.app.uow(), require_principal(), page_size=request.page_size,
                                           page_token=request.page_token)
        return complaints_pb2.ListMyComplaintsResponse(
            complaints=[complaint_message(view) for view in page.complaints], next_page_token=page.next_page_token,
        )

    def PutRoutingEntry(self, request, context):
        return entry_message(routing.put_entry(
            self.app.uow(), self.app.clock, require_principal(), category=request.category,
            regency_code=request.regency_code, agency_code=request.agency_code, agency_name=request.agency_name))

    def ListRoutingEntries(self, request, context):
        entries = routing.list_entries(self.app.uow(), self.app.router, require_principal(),
                                       category=request.category, regency_code=request.regency_code)
        return complaints_pb2.ListRoutingEntriesResponse(entries=[entry_message(e) for e in entries])

    def ListDispatchQueue(self, request, context):
        return _page(queues.dispatch_queue(self.app.uow(), self.app.staff, require_principal(),
                                           page_size=request.page_size, page_token=request.page_token))

    def ListAgencyComplaints(self, request, context):
        return _page(queues.agency_inbox(self.app.uow(), require_principal(), status=request.status,
                                         page_size=request.page_size, page_token=request.page_token))

    def DispatchComplaint(self, request, context):
        return complaint_message(follow_up.dispatch(
            self.app.uow(), self.app.clock, self.app.router, self.app.staff, require_principal(),
            tracking_code=request.tracking_code, category=request.category, region_code=request.region_code,
            note=request.note))

    def VerifyComplaint(self, request, context):
        return complaint_message(follow_up.verify(self.app.uow(), self.app.clock, self.app.staff,
                                                  require_principal(), tracking_code=request.tracking_code))

    def RejectComplaint(self, request, context):
        return complaint_message(follow_up.reject(self.app.uow(), self.app.clock, self.app.staff,
                                                  require_principal(), tracking_code=request.tracking_code,
                                                  reason=request.reason))

    def PostUpdate(self, request, context):
        principal = require_principal()
        return self._once(context, "complaints.PostUpdate", request, complaints_pb2.ComplaintUpdate,
                          principal.subject, lambda uow: update_message(follow_up.post_update(
                              uow, self.app.clock, principal, tracking_code=request.tracking_code,
                              note=request.note, internal=request.internal, kind=request.kind)))

    def AnswerQuestion(self, request, context):
        reporter = self._reporter(context)
        return self._once(context, "complaints.AnswerQuestion", request, complaints_pb2.ComplaintUpdate,
                          reporter.subject, lambda uow: update_message(follow_up.answer(
                              uow, self.app.clock, reporter, tracking_code=request.tracking_code, note=request.note)))

    def ListUpdates(self, request, context):
        rows = follow_up.list_updates(self.app.uow(), self._caller(context), tracking_code=request.tracking_code,
                                      limiter=self.app.limiter, client_address=self._client_address(context))
        return complaints_pb2.ListUpdatesResponse(updates=[update_message(row) for row in rows])

    def StartProgress(self, request, context):
        return complaint_message(follow_up.start_progress(self.app.uow(), self.app.clock, require_principal(),
                                                          tracking_code=request.tracking_code, note=request.note))

    def ResolveComplaint(self, request, context):
        return complaint_message(follow_up.resolve(self.app.uow(), self.app.clock, require_principal(),
                                                   tracking_code=request.tracking_code, note=request.note))

    def RateComplaint(self, request, context):
        return complaint_message(follow_up.rate(self.app.uow(), self.app.clock, self._reporter(context),
                                                tracking_code=request.tracking_code, rating=request.rating,
                                                comment=request.comment))

    def ReopenComplaint(self, request, context):
        return complaint_message(follow_up.reopen(self.app.uow(), self.app.clock, self._reporter(context),
                                                  tracking_code=request.tracking_code, reason=request.reason))

    def GetPublicStats(self, request, context):
        figures = public_stats.public_stats(self.app.uow(), self.app.clock, from_date=request.from_date,
                                            to_date=request.to_date)
        return complaints_pb2.PublicStats(
            from_date=figures.from_date.isoformat(), to_date=figures.to_date.isoformat(),
            total=_stats_row(figures.total), by_agency=[_stats_row(r) for r in figures.by_agency],
            by_regency=[_stats_row(r) for r in figures.by_regency])


def _stats_row(row) -> complaints_pb2.StatsRow:
    return complaints_pb2.StatsRow(**vars(row))
