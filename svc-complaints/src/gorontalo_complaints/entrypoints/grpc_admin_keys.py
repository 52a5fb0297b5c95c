"""gRPC of the admins' Open311 client keys (the console's /petugas/admin; the CLI's `open311-key create`)."""

from __future__ import annotations

from gorontalo.complaints.v1 import complaints_pb2
from servicekit.auth import require_principal

from ..service_layer import open311
from .grpc_base import RpcBase


class AdminKeyRpcs(RpcBase):
    def CreateOpen311Key(self, request, context):
        principal = require_principal()
        principal.require_role("admin")

        # The answer kept for a retry (Idempotency-Key) holds the key encrypted, never as it is.
        def create(uow):
            key_id, api_key = open311.create_key(uow, self.app.clock, name=request.name)
            return complaints_pb2.Open311Key(
                id=key_id, name=" ".join(request.name.split()), api_key=self._seal(api_key, key_id)
            )

        answer = self._once(
            context, "complaints.CreateOpen311Key", request, complaints_pb2.Open311Key, principal.subject, create
        )
        answer.api_key = self._unseal(answer.api_key, answer.id)
        return answer

    def _seal(self, api_key: str, key_id: str) -> str:
        cipher = self.app.cipher
        return cipher.encrypt(api_key, f"open311-key:{key_id}") if cipher is not None else api_key

    def _unseal(self, sealed: str, key_id: str) -> str:
        cipher = self.app.cipher
        return cipher.decrypt(sealed, f"open311-key:{key_id}") if cipher is not None else sealed
