"""A resident's phone number, asked of identity when an SMS leaves (the inbox stores none).

The inbox calls identity's GetContact with its own access token, obtained by the client credentials
grant (IssueServiceToken: client_id "inbox", the secret servicekit.config.service_secret("inbox")) and
kept until shortly before it expires. A token identity refuses (a restart with new keys, a revocation)
is dropped and asked for again once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import grpc

from gorontalo.identity.v1 import identity_pb2, identity_pb2_grpc
from servicekit import clients

CLIENT_ID = "inbox"
# Ask for a new token this long before the current one expires: a call must never carry one that
# dies on its way.
REFRESH_MARGIN_SECONDS = 60.0


@dataclass(frozen=True)
class Contact:
    citizen_id: str
    phone: str  # E.164; "" when the account has no verified phone
    regency_code: str
    acr: int
    active: bool


class IdentityContacts:
    def __init__(
        self,
        channel: grpc.Channel,
        secret: Callable[[], str],
        *,
        client_id: str = CLIENT_ID,
        timeout: float = 3.0,
        monotonic: Callable[[], float] = time.monotonic,
    ):
        self._stub = identity_pb2_grpc.IdentityServiceStub(channel)
        self._secret = secret
        self._client_id = client_id
        self._timeout = timeout
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._token = ""
        self._refresh_at = 0.0

    def _access_token(self) -> str:
        with self._lock:
            if not self._token or self._monotonic() >= self._refresh_at:
                issued = self._stub.IssueServiceToken(
                    identity_pb2.IssueServiceTokenRequest(client_id=self._client_id, client_secret=self._secret()),
                    timeout=self._timeout,
                    metadata=clients.outgoing_metadata(),
                )
                lifetime = max(float(issued.expires_in), 0.0)
                self._token = issued.access_token
                # A token shorter-lived than twice the margin is used for half its life.
                self._refresh_at = self._monotonic() + max(lifetime - REFRESH_MARGIN_SECONDS, lifetime / 2)
            return self._token

    def _forget(self, token: str) -> None:
        with self._lock:
            if self._token == token:
                self._token = ""

    def contact(self, citizen_id: str) -> Contact | None:
        """None for an account identity does not know. Raises grpc.RpcError when identity cannot answer
        (the sender retries the delivery later)."""
        for attempt in (1, 2):
            token = self._access_token()
            try:
                found = self._stub.GetContact(
                    identity_pb2.GetContactRequest(citizen_id=citizen_id),
                    timeout=self._timeout,
                    metadata=clients.outgoing_metadata(f"Bearer {token}"),
                )
            except grpc.RpcError as error:
                if attempt == 1 and error.code() == grpc.StatusCode.UNAUTHENTICATED:
                    self._forget(token)
                    continue
                if error.code() == grpc.StatusCode.NOT_FOUND:
                    return None
                raise
            return Contact(found.citizen_id, found.phone, found.regency_code, found.acr, found.active)
        raise AssertionError("unreachable")

    def phone_of(self, citizen_id: str) -> str | None:
        """The verified phone of an open account; None when there is none to text."""
        contact = self.contact(citizen_id)
        return contact.phone if contact is not None and contact.active and contact.phone else None
