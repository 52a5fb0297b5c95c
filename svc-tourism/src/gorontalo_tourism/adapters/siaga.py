"""Siaga (svc-disaster) as a destination's page sees it: the active alerts whose area covers a point."""

from __future__ import annotations

import logging

import grpc

from gorontalo.disaster.v1 import disaster_pb2, disaster_pb2_grpc
from servicekit.clients import outgoing_metadata

log = logging.getLogger(__name__)


class GrpcAlerts:
    def __init__(self, channel: grpc.Channel, timeout: float = 3.0):
        self.stub = disaster_pb2_grpc.DisasterServiceStub(channel)
        self.timeout = timeout

    def covering(self, latitude: float, longitude: float) -> list | None:
        """disaster_pb2.Alert messages in force at the point; None when Siaga does not answer."""
        try:
            answer = self.stub.ListAlerts(
                disaster_pb2.ListAlertsRequest(latitude=latitude, longitude=longitude),
                timeout=self.timeout,
                metadata=outgoing_metadata(),
            )
        except grpc.RpcError as error:
            log.warning("Siaga alerts unavailable: %s", error.code().name)
            return None
        return [alert for alert in answer.alerts if alert.active]
