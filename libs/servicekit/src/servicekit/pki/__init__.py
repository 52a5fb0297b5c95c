"""The provincial PKI: service identities, the CA, certificates and their renewal (`gorontalo-pki`)."""

from .authority import Authority, CaError, describe, identity_in, init_ca, issue, load_ca, read_issued, renew
from .files import TlsFiles
from .identity import PROVINCE, TRUST_DOMAIN, InvalidIdentity, PeerIdentity, identity_of

__all__ = [
    "PROVINCE",
    "TRUST_DOMAIN",
    "Authority",
    "CaError",
    "InvalidIdentity",
    "PeerIdentity",
    "TlsFiles",
    "describe",
    "identity_in",
    "identity_of",
    "init_ca",
    "issue",
    "load_ca",
    "read_issued",
    "renew",
]
