"""svc-permits as tourism sees it: who holds a permit and whether it is valid (GetPermitHolder, an RPC
only the tourism peer certificate may call)."""

from __future__ import annotations

import grpc

from gorontalo.permits.v1 import permits_pb2, permits_pb2_grpc
from servicekit.clients import outgoing_metadata
from servicekit.errors import Unavailable

from ..service_layer.businesses import PermitFacts


class GrpcPermitRegistry:
    def __init__(self, channel: grpc.Channel, timeout: float = 5.0):
        self.stub = permits_pb2_grpc.PermitsServiceStub(channel)
        self.timeout = timeout

    def holder(self, permit_number: str) -> PermitFacts | None:
        try:
            answer = self.stub.GetPermitHolder(
                permits_pb2.GetPermitHolderRequest(permit_number=permit_number),
                timeout=self.timeout,
                metadata=outgoing_metadata(),
            )
        except grpc.RpcError as error:
            if error.code() == grpc.StatusCode.NOT_FOUND:
                return None
            raise Unavailable("permits_unavailable") from None
        return PermitFacts(
            permit_number=answer.permit_number,
            holder_account_id=answer.holder_account_id,
            validity=answer.validity,
            regency_code=answer.regency_code,
        )
