"""gRPC face of svc-disaster: translate messages, call use cases, nothing more."""

from __future__ import annotations

from google.api import httpbody_pb2

from gorontalo.disaster.v1 import disaster_pb2 as pb
from gorontalo.disaster.v1 import disaster_pb2_grpc
from servicekit import idempotency, idempotency_batch
from servicekit.auth import current_principal
from servicekit.interceptors import metadata_dict
from servicekit.peers import client_address

from ..adapters import atom, cap
from ..adapters.tables import idempotency_records
from ..service_layer import alerts, incidents, intake, photos, services, sms
from .convert import (
    alert_message,
    casualties_from,
    draft_from,
    incident_message,
    optional_datetime,
    preview_message,
    report_message,
)

# Kept for callers of the earlier module layout.
__all__ = ["DisasterServicer", "report_message"]


def _client(context) -> str:
    return client_address(context)


class DisasterServicer(disaster_pb2_grpc.DisasterServiceServicer):
    def __init__(self, app):
        self.app = app

    def _once(self, context, operation: str, request, response_class, render):
        """`render(uow)` once per Idempotency-Key of this caller (an account, or everyone anonymous)."""
        return idempotency.answer_once(
            self.app.uow(),
            idempotency_records,
            context,
            request,
            response_class,
            render,
            clock=self.app.clock,
            operation=f"disaster.{operation}",
        )

    def SubmitReport(self, request, context):
        return intake.submit_report(
            self.app.intake,
            self.app.clock,
            current_principal(),
            keyed=idempotency_batch.KeyedRequest.of(context, request, intake.OPERATION),
            render=report_message,
            parse=pb.Report.FromString,
            hazard=request.hazard,
            latitude=request.latitude,
            longitude=request.longitude,
            description=request.description,
            observed_at=optional_datetime(request, "observed_at"),
            casualties=casualties_from(request.casualties),
            phone=request.phone,
            photo_ids=list(request.photo_ids),
            client_address=_client(context),
            guards=self.app.guards,
        )

    def UploadPhoto(self, request, context):
        def render(uow):
            photo_id, photo = photos.upload(
                uow,
                self.app.clock,
                request.file.data,
                client_address=_client(context),
                anonymous=current_principal() is None,
                guards=self.app.guards,
            )
            return pb.Photo(
                id=photo_id,
                content_type=photo.content_type,
                width=photo.width,
                height=photo.height,
                url=f"/v1/disaster/photos/{photo_id}",
            )

        return self._once(context, "UploadPhoto", request, pb.Photo, render)

    def GetPhoto(self, request, context):
        content_type, data = photos.public_copy(self.app.uow(), request.id)
        return httpbody_pb2.HttpBody(content_type=content_type, data=data)

    def ReceiveSms(self, request, context):
        outcome = sms.receive(
            self.app.uow(),
            self.app.clock,
            body=request.body.data,
            content_type=request.body.content_type,
            secret=metadata_dict(context).get("x-siaga-secret", ""),
            expected_secret=self.app.sms_secret,
            guards=self.app.guards,
        )
        report = outcome.report
        return pb.SmsReply(
            accepted=outcome.accepted,
            reply=outcome.reply,
            report_id=report.id if report else "",
            report_code=report.code if report else "",
        )

    def GetSmsFormat(self, request, context):
        found = sms.sms_format()
        return pb.SmsFormat(
            keyword=found.keyword,
            format=found.form,
            example=found.example,
            hazards=[pb.SmsHazard(code=code, keywords=words) for code, words in found.keywords_by_hazard.items()],
        )

    def GetReport(self, request, context):
        return report_message(services.get_report(self.app.uow(), request.id))

    def ListReports(self, request, context):
        reports, next_token, total = services.list_reports_with_total(
            self.app.uow(),
            hazard=request.hazard,
            page_size=request.page_size,
            page_token=request.page_token,
            incident_id=request.incident_id,
        )
        return pb.ListReportsResponse(
            reports=[report_message(r) for r in reports], next_page_token=next_token, total_size=total
        )

    # -- incidents ------------------------------------------------------------------------
    def ListIncidents(self, request, context):
        found, token = incidents.list_incidents(
            self.app.uow(),
            hazard=request.hazard,
            status=request.status,
            region=request.region,
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return pb.ListIncidentsResponse(incidents=[incident_message(i) for i in found], next_page_token=token)

    def NearbyIncidents(self, request, context):
        found = incidents.nearby(
            self.app.uow(), latitude=request.lat, longitude=request.lon, radius_km=request.radius_km
        )
        return pb.ListIncidentsResponse(incidents=[incident_message(i) for i in found])

    def GetIncident(self, request, context):
        return incident_message(incidents.get(self.app.uow(), request.id))

    def VerifyIncident(self, request, context):
        return incident_message(
            incidents.verify(
                self.app.uow(),
                self.app.clock,
                current_principal(),
                request.id,
                severity=request.severity,
                note=request.note,
            )
        )

    def DismissIncident(self, request, context):
        return incident_message(
            incidents.dismiss(self.app.uow(), self.app.clock, current_principal(), request.id, note=request.note)
        )

    def UpdateIncident(self, request, context):
        return incident_message(
            incidents.update(
                self.app.uow(),
                self.app.clock,
                current_principal(),
                request.id,
                status=request.status,
                severity=request.severity,
                note=request.note,
            )
        )

    def AddSituationNote(self, request, context):
        return self._once(
            context,
            "AddSituationNote",
            request,
            pb.Incident,
            lambda uow: incident_message(
                incidents.add_note(uow, self.app.clock, current_principal(), request.id, text=request.text)
            ),
        )

    # -- alerts ----------------------------------------------------------------------------
    def IssueAlert(self, request, context):
        return self._once(
            context,
            "IssueAlert",
            request,
            pb.Alert,
            lambda uow: alert_message(
                alerts.issue(
                    uow,
                    self.app.clock,
                    current_principal(),
                    draft_from(request),
                    incident_id=request.incident_id,
                    base_url=self.app.settings.public_base_url,
                ),
                self.app.clock(),
            ),
        )

    def PreviewAlert(self, request, context):
        found = alerts.preview(
            self.app.uow(),
            self.app.clock,
            current_principal(),
            draft_from(request.alert),
            incident_id=request.alert.incident_id,
            update_of=request.update_of,
            base_url=self.app.settings.public_base_url,
        )
        return preview_message(found)

    def UpdateAlert(self, request, context):
        return self._once(
            context,
            "UpdateAlert",
            request,
            pb.Alert,
            lambda uow: alert_message(
                alerts.update(
                    uow,
                    self.app.clock,
                    current_principal(),
                    request.id,
                    draft_from(request.alert),
                    base_url=self.app.settings.public_base_url,
                ),
                self.app.clock(),
            ),
        )

    def CancelAlert(self, request, context):
        return self._once(
            context,
            "CancelAlert",
            request,
            pb.Alert,
            lambda uow: alert_message(
                alerts.cancel(
                    uow,
                    self.app.clock,
                    current_principal(),
                    request.id,
                    {"id": request.reason.id, "en": request.reason.en},
                    base_url=self.app.settings.public_base_url,
                ),
                self.app.clock(),
            ),
        )

    def ListAlerts(self, request, context):
        point = (request.latitude, request.longitude) if request.latitude or request.longitude else None
        found = alerts.list_alerts(
            self.app.uow(),
            self.app.clock,
            region=request.region,
            include_inactive=request.include_inactive,
            point=point,
        )
        now = self.app.clock()
        return pb.ListAlertsResponse(alerts=[alert_message(a, now) for a in found])

    def GetAlert(self, request, context):
        return alert_message(alerts.get(self.app.uow(), request.id), self.app.clock())

    def AlertsAtom(self, request, context):
        return httpbody_pb2.HttpBody(
            content_type=atom.CONTENT_TYPE,
            data=alerts.atom_feed(
                self.app.uow(), self.app.clock, region=request.region, base_url=self.app.settings.public_base_url
            ),
        )

    def GetAlertCap(self, request, context):
        return httpbody_pb2.HttpBody(
            content_type=cap.CONTENT_TYPE, data=alerts.cap_document(self.app.uow(), request.id)
        )

    def ImportAlert(self, request, context):
        alert, _created = alerts.import_cap(self.app.uow(), self.app.clock, current_principal(), request.document.data)
        return alert_message(alert, self.app.clock())
