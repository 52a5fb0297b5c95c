"""Asks the identity service who the caller is (account id and NIK), with the caller's own token."""

from __future__ import annotations

from collections.abc import Callable

import grpc

from servicekit import clients
from servicekit.errors import Unauthenticated, Unavailable


def resident_lookup(identity_channel: grpc.Channel, timeout: float = 3.0) -> Callable[[str], tuple[str, str]]:
    from gorontalo.identity.v1 import identity_pb2, identity_pb2_grpc

    stub = identity_pb2_grpc.IdentityServiceStub(identity_channel)

    def lookup(authorization: str) -> tuple[str, str]:
        try:
            account = stub.GetMe(
                identity_pb2.GetMeRequest(), timeout=timeout, metadata=clients.outgoing_metadata(authorization)
            )
        except grpc.RpcError as error:
            if error.code() in (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED):
                raise Unauthenticated() from None
            raise Unavailable("identity_unavailable") from None
        return account.id, account.nik

    return lookup
