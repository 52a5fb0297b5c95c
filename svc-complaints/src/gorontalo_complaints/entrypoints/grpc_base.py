"""What every group of RPCs of the complaints servicer shares: the app, the caller, Idempotency-Key."""

from __future__ import annotations

from servicekit import idempotency
from servicekit.auth import Principal, current_principal
from servicekit.errors import Unauthenticated
from servicekit.interceptors import metadata_dict
from servicekit.peers import client_address

from ..adapters.tables import idempotency_records
from ..service_layer import anonymous


class RpcBase:
    """`self.app` is the ComplaintsApp; the RPC groups (grpc_*.py) are mixed into one servicer."""

    def __init__(self, app):
        self.app = app

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
        return idempotency.answer_once(
            self.app.uow(),
            idempotency_records,
            context,
            request,
            response_class,
            call,
            clock=self.app.clock,
            operation=operation,
            scope=scope,
        )

    def _client_address(self, context) -> str:
        return client_address(context)
