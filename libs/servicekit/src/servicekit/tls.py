"""The process's own TLS material, watched for renewal, and the mutual-TLS credentials built from it.

Production: TLS_CA_FILE, TLS_CERT_FILE and TLS_KEY_FILE (issued by `gorontalo-pki issue`, or mounted
by cert-manager from the provincial CA issuer). Development, `make run` and tests: generated into
VAR_DIR/pki on first run (servicekit.pki.dev). AGENCY_CODE (default "75") names the process's agency
in its dev certificate.

Renewal replaces the files; servers (dynamic credentials) and clients (servicekit.clients) pick up
the new pair for new handshakes without a restart. A pair caught mid-renewal (the new key beside the
old certificate) is not used: the previous pair stays until the files agree again.
"""

from __future__ import annotations

import logging
import os
import pathlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import grpc
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from prometheus_client import Gauge

from .config import env, var_dir
from .pki import dev
from .pki.authority import identity_in
from .pki.files import TlsFiles
from .pki.identity import PROVINCE, PeerIdentity

log = logging.getLogger(__name__)

# How often the files are looked at again (a stat of three files; renewal is rare).
CHECK_SECONDS = 0.25
# How often a dev certificate is checked for coming expiry (it is then re-issued in place).
DEV_RENEW_CHECK_SECONDS = 60.0


# What the certificate-expiry alerts read (deploy/prometheus/alerts.yml): renewal that stopped shows here.
CERTIFICATE_NOT_AFTER = Gauge(
    "gorontalo_certificate_not_after_timestamp_seconds",
    "Expiry (Unix seconds) of the certificate this process serves and calls with.",
    ["service", "agency"],
)


def agency_code() -> str:
    """The Kemendagri code (no dots) of the agency this process belongs to: AGENCY_CODE, default 75."""
    return (env("AGENCY_CODE", PROVINCE) or PROVINCE).replace(".", "")


def configured_files() -> TlsFiles | None:
    """TLS_CA_FILE, TLS_CERT_FILE and TLS_KEY_FILE when set (all three, or a clear error)."""
    names = ("TLS_CA_FILE", "TLS_CERT_FILE", "TLS_KEY_FILE")
    values = [env(name) for name in names]
    if not any(values):
        return None
    if not all(values):
        missing = ", ".join(n for n, v in zip(names, values, strict=True) if not v)
        raise RuntimeError(f"TLS files are set only in part: {missing} missing")
    return TlsFiles(*(pathlib.Path(v) for v in values))


def process_source(service: str, var_dir_path: str | os.PathLike | None = None) -> CertificateSource:
    """The TLS material of a process that is `service`: configured files, else dev material."""
    files = configured_files()
    if files is not None:
        return CertificateSource(files)
    folder = var_dir_path if var_dir_path is not None else var_dir()
    agency = agency_code()
    return CertificateSource(
        dev.ensure_material(folder, service, agency), refresh=lambda: dev.ensure_material(folder, service, agency)
    )


_own: dict[tuple[str, str], CertificateSource] = {}
_own_lock = threading.Lock()


def own_source(service: str, var_dir_path: str | os.PathLike | None = None) -> CertificateSource:
    """This process's certificate as `service`: one watcher per name, shared by its server and clients."""
    files = configured_files()
    key = (service, str(var_dir_path or env("VAR_DIR", "")), files)
    with _own_lock:
        if key not in _own:
            _own[key] = process_source(service, var_dir_path)
        return _own[key]


@dataclass(frozen=True)
class Material:
    ca: bytes
    cert: bytes
    key: bytes
    identity: PeerIdentity
    serial: int
    generation: int


class CertificateSource:
    """The current (ca, cert, key) of a TlsFiles, re-read when the files change."""

    def __init__(self, files: TlsFiles, refresh: Callable[[], object] | None = None):
        self.files = files
        self._refresh = refresh
        self._lock = threading.Lock()
        self._stamp = None
        self._checked = 0.0
        self._refreshed = time.monotonic()
        self._material = self._load(0)
        if self._material is None:
            raise RuntimeError(f"{files.key} does not belong to {files.cert}")

    @property
    def identity(self) -> PeerIdentity:
        return self._material.identity

    def _load(self, generation: int) -> Material | None:
        stamp = self.files.stamp()
        ca, cert, key = self.files.read()
        certificate = x509.load_pem_x509_certificate(cert)
        private = serialization.load_pem_private_key(key, password=None)
        if private.public_key() != certificate.public_key():
            return None  # caught mid-renewal: keep the previous pair
        self._stamp = stamp
        identity = identity_in(certificate)
        expiry = certificate.not_valid_after_utc.timestamp()
        CERTIFICATE_NOT_AFTER.labels(identity.service, identity.agency).set(expiry)
        return Material(ca, cert, key, identity, certificate.serial_number, generation)

    def current(self) -> Material:
        """The newest consistent material (checked at most every CHECK_SECONDS)."""
        now = time.monotonic()
        if now - self._checked < CHECK_SECONDS:
            return self._material
        with self._lock:
            if now - self._checked < CHECK_SECONDS:
                return self._material
            self._checked = now
            if self._refresh is not None and now - self._refreshed >= DEV_RENEW_CHECK_SECONDS:
                self._refreshed = now
                self._refresh()
            try:
                if self.files.stamp() != self._stamp:
                    loaded = self._load(self._material.generation + 1)
                    if loaded is not None:
                        log.info("TLS certificate %s (serial %x) loaded", loaded.identity.uri, loaded.serial)
                        self._material = loaded
            except (OSError, ValueError):
                log.warning("TLS files %s unreadable; keeping the current certificate", self.files.cert.parent)
            return self._material


def server_credentials(source: CertificateSource) -> grpc.ServerCredentials:
    """Mutual TLS: every client presents a certificate from the CA; a renewed pair is served to new
    handshakes without a restart (gRPC asks the fetcher at each handshake)."""
    served = {"generation": source.current().generation}

    def configuration(material: Material):
        return grpc.ssl_server_certificate_configuration([(material.key, material.cert)], root_certificates=material.ca)

    def fetch():
        material = source.current()
        if material.generation == served["generation"]:
            return None  # unchanged
        served["generation"] = material.generation
        return configuration(material)

    return grpc.dynamic_ssl_server_credentials(
        configuration(source.current()), fetch, require_client_authentication=True
    )


def channel_credentials(material: Material) -> grpc.ChannelCredentials:
    return grpc.ssl_channel_credentials(
        root_certificates=material.ca, private_key=material.key, certificate_chain=material.cert
    )
