"""gRPC of the pre-check report (issue 22): GetPrecheckReport and DismissPrecheckFlag (service_layer.precheck)."""

from __future__ import annotations

from gorontalo.permits.v1 import permits_pb2
from servicekit.auth import require_principal

from .. import messages
from ..service_layer import precheck


def _timestamp_into(field, value) -> None:
    if value is not None:
        field.FromDatetime(value)


def report_message(application_id: str, report, declared, status: str) -> permits_pb2.PrecheckReport:
    message = permits_pb2.PrecheckReport(
        application_id=application_id,
        status=status,
        declared_nik=declared.nik if declared else "",
        declared_name=declared.name if declared else "",
        register_check=report.register_check if report else "not_asked",
    )
    if report is None:
        return message
    _timestamp_into(message.completed_at, report.completed_at)
    for document in report.documents:
        entry = message.documents.add(document_id=document.document_id, document_type=document.document_type)
        if document.reading is not None:
            entry.read_as = document.reading.kind
            entry.confidence = round(document.reading.confidence, 3)
            entry.fields.update(document.reading.fields)
            _timestamp_into(entry.read_at, document.read_at)
    for flag in report.flags:
        entry = message.flags.add(
            id=flag.id,
            kind=flag.kind,
            detail=flag.detail,
            document_id=flag.document_id,
            confidence=round(flag.confidence, 3),
            message=messages.translate(f"precheck_{flag.kind}", detail=flag.detail or "-"),
            dismissed=flag.dismissed,
            dismissed_by=flag.dismissed_by,
            dismissal_reason=flag.dismissal_reason,
        )
        entry.read.update(flag.read)
        _timestamp_into(entry.dismissed_at, flag.dismissed_at)
    return message


class PrecheckRpcs:
    """Mixed into PermitsServicer (its `app`)."""

    def GetPrecheckReport(self, request, context):
        report, declared, status = precheck.get_report(
            self.app.uow(), require_principal(), request.id, offices=self.app.offices
        )
        return report_message(request.id.strip(), report, declared, status)

    def DismissPrecheckFlag(self, request, context):
        report, declared, status = precheck.dismiss_flag(
            self.app.uow(),
            self.app.clock,
            require_principal(),
            application_id=request.id,
            flag_id=request.flag_id,
            reason=request.reason,
            offices=self.app.offices,
        )
        return report_message(report.application_id, report, declared, status)
