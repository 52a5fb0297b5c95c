"""identity's yes/no answer to "does this NIK belong to this person?" (MatchResident, an RPC only the
permits certificate may call). Nothing of the register comes back but the answer."""

from __future__ import annotations

import logging

import grpc

from gorontalo.identity.v1 import identity_pb2, identity_pb2_grpc
from servicekit.clients import outgoing_metadata

from ..domain.precheck import DeclaredPerson

log = logging.getLogger(__name__)


class IdentityRegister:
    def __init__(self, channel: grpc.Channel, timeout: float = 5.0):
        self.stub = identity_pb2_grpc.IdentityServiceStub(channel)
        self.timeout = timeout

    def match(self, nik: str, declared: DeclaredPerson | None, *, applicant_id: str, purpose: str) -> bool | None:
        """True/False from the register; None when identity could not answer (the report says so)."""
        request = identity_pb2.MatchResidentRequest(nik=nik, purpose=purpose)
        if declared is not None and declared.name:
            request.full_name = declared.name
        else:  # no one declared: the account holder is the responsible person
            request.account_id = applicant_id
        try:
            return self.stub.MatchResident(request, timeout=self.timeout, metadata=outgoing_metadata()).match
        except grpc.RpcError as error:
            log.warning("identity could not answer a pre-check match: %s", error.code())
            return None
