"""Development TLS material: a CA and each process's certificate, generated into VAR_DIR on first run.

`make run`, the e2e stack and every test that sets VAR_DIR get mutual TLS without any setup: the
first process to start creates VAR_DIR/pki/ca (the dev CA; its key never leaves VAR_DIR and is never
committed), and each process issues its own certificate into VAR_DIR/pki/<agency>-<service>/,
re-issued when it comes within a day of expiry. Several processes start at once, so each step runs
under a lock file.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib

from . import authority
from .files import TlsFiles, locked
from .identity import PeerIdentity

# Every name a dev process may be reached by on one machine; clients normally check the identity's
# DNS name instead (grpc.ssl_target_name_override).
DEV_HOSTS = ("localhost", "127.0.0.1", "::1")
DEV_HOURS = 72
DEV_RENEW_WITHIN = dt.timedelta(hours=24)


def pki_dir(var_dir: str | os.PathLike) -> pathlib.Path:
    return pathlib.Path(var_dir) / "pki"


def ensure_ca(var_dir: str | os.PathLike) -> pathlib.Path:
    folder = pki_dir(var_dir) / "ca"
    with locked(pki_dir(var_dir) / ".ca.lock"):
        if not (folder / authority.CA_KEY).exists():
            authority.init_ca(folder)
    return folder


def ensure_material(var_dir: str | os.PathLike, service: str, agency: str = "75") -> TlsFiles:
    """The process's own dev certificate for `service` of `agency`, issued or renewed when needed."""
    identity = PeerIdentity.of(service, agency)
    ca_folder = ensure_ca(var_dir)
    out = pki_dir(var_dir) / f"{identity.agency}-{identity.service}"
    with locked(pki_dir(var_dir) / f".{identity.agency}-{identity.service}.lock"):
        if authority.due(out, DEV_RENEW_WITHIN):
            authority.issue(authority.load_ca(ca_folder), identity, out, hosts=DEV_HOSTS, hours=DEV_HOURS)
    return TlsFiles.in_dir(out)
