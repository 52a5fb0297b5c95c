"""Who is calling, machine-wise: the peer's certificate identity, and what only the gateway may tell us.

The TLS layer has already refused a certificate that is not from the provincial CA; here the peer
certificate (gRPC's auth context, key `x509_pem_cert`) is parsed for its SPIFFE identity.
"""

from __future__ import annotations

import contextvars
import functools
import logging

from cryptography import x509

from .pki.authority import identity_in
from .pki.identity import PROVINCE, InvalidIdentity, PeerIdentity

log = logging.getLogger(__name__)

GATEWAY = PeerIdentity(PROVINCE, "gateway")

peer_var: contextvars.ContextVar[PeerIdentity | None] = contextvars.ContextVar("peer", default=None)


def peer_identity(context) -> PeerIdentity | None:
    """The identity the caller's certificate names; None without one (or with a name not ours).

    Kept on the call's context: gRPC builds the auth context (the certificate's PEM copied) anew on each
    auth_context(), and a call asks up to twice (the metadata's gateway-only header, the access check)."""
    found = getattr(context, _PEER_ON_CONTEXT, _UNKNOWN)
    if found is not _UNKNOWN:
        return found
    auth = context.auth_context() or {}
    pems = auth.get("x509_pem_cert") or ()
    found = _identity_of(pems[0]) if pems else None
    try:
        setattr(context, _PEER_ON_CONTEXT, found)
    except AttributeError:  # a context that takes no attributes (a test double): asked again next time
        pass
    return found


_PEER_ON_CONTEXT = "_gorontalo_peer"
_UNKNOWN = object()


@functools.lru_cache(maxsize=256)
def _identity_of(pem: bytes) -> PeerIdentity | None:
    """Parsed once per certificate, not once per call: a peer presents the same one until it rotates."""
    try:
        return identity_in(x509.load_pem_x509_certificate(pem))
    except (ValueError, InvalidIdentity, x509.ExtensionNotFound):
        log.warning("peer certificate names no service identity")
        return None


def from_gateway(context) -> bool:
    peer = peer_var.get()
    if peer is None:
        peer = peer_identity(context)
    return peer == GATEWAY


def gateway_header(context, name: str) -> str:
    """Metadata that only the gateway can vouch for (`x-client-address`: the HTTP client's address).
    From any other peer it is treated as absent: a service or script cannot choose whose rate limit
    it spends."""
    if not from_gateway(context):
        return ""
    for key, value in context.invocation_metadata() or ():
        if key == name and isinstance(value, str):
            return value
    return ""


def client_address(context) -> str:
    """The end user's address as the gateway saw it; "" unless the caller is the gateway."""
    return gateway_header(context, "x-client-address")
