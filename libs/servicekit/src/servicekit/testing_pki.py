"""A test PKI: one CA per test session in a temporary folder, certificates for any identity, mTLS
channels and the server side's material, so tests talk to real servicekit servers over real TLS."""

from __future__ import annotations

import atexit
import functools
import pathlib
import shutil
import tempfile

from .pki import authority
from .pki.files import TlsFiles
from .pki.identity import PROVINCE, PeerIdentity, identity_of
from .tls import CertificateSource

TEST_HOSTS = ("localhost", "127.0.0.1", "::1")


class TestPki:
    """A CA of its own in `folder`; `files(service, agency)` issues (once) that identity's certificate."""

    __test__ = False  # not a pytest test class

    def __init__(self, folder: str | pathlib.Path):
        self.folder = pathlib.Path(folder)
        self.authority = authority.init_ca(self.folder / "ca")
        self._sources: dict[tuple[str, str], CertificateSource] = {}

    def files(self, service: str, agency: str = PROVINCE, *, also=()) -> TlsFiles:
        """`also`: more identities (PeerIdentity) whose DNS names the certificate carries, for a stand-in
        server playing several services at one address."""
        identity = PeerIdentity.of(service, agency)
        folder = "+".join(f"{i.agency}-{i.service}" for i in (identity, *also))
        out = self.folder / folder
        if not (out / "cert.pem").exists():
            hosts = (*TEST_HOSTS, *(i.dns_name for i in also))
            authority.issue(self.authority, identity, out, hosts=hosts, hours=24)
        return TlsFiles.in_dir(out)

    def source(self, service: str, agency: str = PROVINCE) -> CertificateSource:
        """The material of `service` of `agency`, as a server or client of that identity uses it."""
        key = (service, agency)
        if key not in self._sources:
            self._sources[key] = CertificateSource(self.files(service, agency))
        return self._sources[key]

    def channel(self, target: str, service: str = "gateway", agency: str = PROVINCE, expect=None):
        """An mTLS channel to `target` presenting the certificate of `service` of `agency`."""
        from .clients import channel

        return channel(target, expect, source=self.source(service, agency))


@functools.cache
def test_pki() -> TestPki:
    """The session's test CA (one per process), removed when the process ends."""
    folder = tempfile.mkdtemp(prefix="gorontalo-test-pki-")
    atexit.register(shutil.rmtree, folder, True)
    return TestPki(folder)


def test_channel(target: str, service: str = "gateway", agency: str = PROVINCE, expect=None):
    """An mTLS channel to a test server (material from test_pki()) as `service` of `agency`.
    The default, the gateway, is who calls services on behalf of end users."""
    return test_pki().channel(target, service, agency, expect)


def server_source(service: str, agency: str = PROVINCE) -> CertificateSource:
    """A test server's material (ServiceRuntime(tls=...))."""
    return test_pki().source(service, agency)


def add_secure_port(server, address: str, *identities) -> int:
    """Serve `server` (a plain grpc.server, e.g. a stand-in upstream) over mutual TLS with a certificate
    of the first identity that also names the others (service names, SPIFFE URIs or PeerIdentity)."""
    from .tls import server_credentials

    first, *others = (identity_of(i) for i in identities)
    source = CertificateSource(test_pki().files(first.service, first.agency, also=tuple(others)))
    return server.add_secure_port(address, server_credentials(source))


def process_env(service: str, agency: str = PROVINCE) -> dict[str, str]:
    """TLS_CA_FILE, TLS_CERT_FILE, TLS_KEY_FILE of the test identity, for code under test that takes its
    certificate from the environment (the gateway's app, a service's bootstrap, a subprocess)."""
    files = test_pki().files(service, agency)
    return {"TLS_CA_FILE": str(files.ca), "TLS_CERT_FILE": str(files.cert), "TLS_KEY_FILE": str(files.key)}


def dev_channel(target: str, var_dir, service: str = "gateway", agency: str = PROVINCE, expect=None):
    """An mTLS channel to a real process started with VAR_DIR=`var_dir` (its dev CA), as `service`."""
    from .clients import channel
    from .pki import dev

    return channel(target, expect, source=CertificateSource(dev.ensure_material(var_dir, service, agency)))


test_pki.__test__ = False
test_channel.__test__ = False
