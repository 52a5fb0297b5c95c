"""gRPC face of svc-disaster: translate messages, call use cases, nothing more."""
from __future__ import annotations

import datetime as dt

from gorontalo.disaster.v1 import disaster_pb2, disaster_pb2_grpc
from google.protobuf import timestamp_pb2
from servicekit.auth import current_principal
from servicekit.errors import FieldViolation, InvalidArgument

from ..domain.model import Report
from ..service_layer import services


def _timestamp(value: dt.datetime) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(value)
    return stamp


def _optional_datetime(message, field: str) -> dt.datetime | None:
    if not message.HasField(field):
        return None
    try:
        return getattr(message, field).ToDatetime(tzinfo=dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise InvalidArgument(violations=[FieldViolation(field, "invalid_timestamp")]) from None


def report_message(report: Report) -> disaster_pb2.Report:
    # The reporter's account id stays inside the service: the contract has no field for it.
    return disaster_pb2.Report(
        id=report.id, hazard=report.hazard, latitude=report.latitude, longitude=report.longitude,
        description=report.description, source=report.source, verified_reporter=report.verified_reporter,
        observed_at=_timestamp(report.observed_at), received_at=_timestamp(report.received_at),
    )


class DisasterServicer(disaster_pb2_grpc.DisasterServiceServicer):
    def __init__(self, app):
        self.app = app

    def SubmitReport(self, request, context):
        report = services.submit_report(
            self.app.uow(), self.app.clock, current_principal(), hazard=request.hazard,
            latitude=request.latitude, longitude=request.longitude, description=request.description,
            observed_at=_optional_datetime(request, "observed_at"),
        )
        return report_message(report)

    def GetReport(self, request, context):
        return report_message(services.get_report(self.app.uow(), request.id))

    def ListReports(self, request, context):
        reports, next_token = services.list_reports(self.app.uow(), hazard=request.hazard,
                                                    page_size=request.page_size, page_token=request.page_token)
        return disaster_pb2.ListReportsResponse(reports=[report_message(r) for r in reports],
                                                next_page_token=next_token)
