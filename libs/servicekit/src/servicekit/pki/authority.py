"""The provincial service CA: creating it, issuing short-lived service certificates, renewing them.

Where the CA key lives and who holds it: in production the CA directory (ca.pem, ca-key.pem) is
kept by Diskominfo's PKI officers on an offline machine; they issue each agency's certificates
with `gorontalo-pki issue` (or load the same CA into a cert-manager `CA` issuer, whose secret only
they can read). In development the CA is generated once into VAR_DIR/pki/ca (servicekit.pki.dev),
never committed. The CA key file is written with mode 0600.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import pathlib
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from .files import CA, TlsFiles, write_atomically
from .identity import PeerIdentity

CA_NAME = "Gorontalo Provincial Service CA"
ORGANISATION = "Pemerintah Provinsi Gorontalo"
CA_KEY = "ca-key.pem"
CA_LIFETIME = dt.timedelta(days=5 * 365)
DEFAULT_HOURS = 72
DEFAULT_RENEW_WITHIN_HOURS = 24
# Clocks of machines differ a little; a certificate valid from a few minutes ago is not refused.
_BACKDATE = dt.timedelta(minutes=5)


class CaError(RuntimeError):
    pass


@dataclass(frozen=True)
class Authority:
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def init_ca(folder: str | os.PathLike, *, lifetime: dt.timedelta = CA_LIFETIME) -> Authority:
    """Create the CA in `folder` (ca.pem, ca-key.pem mode 0600). Refuses to overwrite an existing CA."""
    folder = pathlib.Path(folder)
    if (folder / CA_KEY).exists():
        raise CaError(f"{folder / CA_KEY} exists: a CA is never overwritten")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANISATION), x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME)]
    )
    now = _now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _BACKDATE)
        .not_valid_after(now + lifetime)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_atomically(folder / CA_KEY, _key_pem(key), mode=0o600)
    write_atomically(folder / CA, certificate.public_bytes(serialization.Encoding.PEM))
    return Authority(certificate, key)


def load_ca(folder: str | os.PathLike) -> Authority:
    folder = pathlib.Path(folder)
    try:
        certificate = x509.load_pem_x509_certificate((folder / CA).read_bytes())
        key = serialization.load_pem_private_key((folder / CA_KEY).read_bytes(), password=None)
    except FileNotFoundError as missing:
        raise CaError(f"no CA in {folder} ({missing.filename}); create one with gorontalo-pki init") from None
    return Authority(certificate, key)


def _host_names(hosts) -> list[x509.GeneralName]:
    names: list[x509.GeneralName] = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return names


def issue(
    authority: Authority,
    identity: PeerIdentity,
    out: str | os.PathLike,
    *,
    hosts=(),
    hours: float = DEFAULT_HOURS,
) -> x509.Certificate:
    """Issue `identity` a certificate valid `hours` and write out/{cert,key,ca}.pem, each atomically.

    SANs: the SPIFFE URI, the identity's DNS name (what clients check) and `hosts` (DNS names or IPs).
    """
    key = ec.generate_private_key(ec.SECP256R1())
    now = _now()
    not_after = min(now + dt.timedelta(hours=hours), authority.certificate.not_valid_after_utc)
    names = [x509.UniformResourceIdentifier(identity.uri), x509.DNSName(identity.dns_name), *_host_names(hosts)]
    ca_public = authority.certificate.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANISATION),
                    x509.NameAttribute(NameOID.COMMON_NAME, identity.dns_name),
                ]
            )
        )
        .issuer_name(authority.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _BACKDATE)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_public), critical=False)
        .sign(authority.key, hashes.SHA256())
    )
    files = TlsFiles.in_dir(out)
    files.cert.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Key before certificate: a reader that catches the pair mid-renewal sees a mismatch and keeps its
    # previous pair (servicekit.tls checks that key and certificate belong together).
    write_atomically(files.ca, authority.pem)
    write_atomically(files.key, _key_pem(key), mode=0o600)
    write_atomically(files.cert, certificate.public_bytes(serialization.Encoding.PEM))
    return certificate


@dataclass(frozen=True)
class Issued:
    """What a certificate says: read by `gorontalo-pki show` and `renew`."""

    identity: PeerIdentity
    dns_names: tuple[str, ...]
    ip_addresses: tuple[str, ...]
    not_before: dt.datetime
    not_after: dt.datetime
    serial: int

    @property
    def hosts(self) -> tuple[str, ...]:
        """The names beyond the identity's own DNS name (what `issue --host` added)."""
        return tuple(n for n in self.dns_names if n != self.identity.dns_name) + self.ip_addresses

    @property
    def lifetime(self) -> dt.timedelta:
        return self.not_after - self.not_before - _BACKDATE


def identity_in(certificate: x509.Certificate) -> PeerIdentity:
    """The SPIFFE identity a certificate names (InvalidIdentity or ValueError when it names none)."""
    san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    uris = san.get_values_for_type(x509.UniformResourceIdentifier)
    if len(uris) != 1:
        raise ValueError(f"a service certificate names exactly one URI, this one {len(uris)}")
    return PeerIdentity.parse(uris[0])


def describe(certificate: x509.Certificate) -> Issued:
    san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return Issued(
        identity=identity_in(certificate),
        dns_names=tuple(san.get_values_for_type(x509.DNSName)),
        ip_addresses=tuple(str(ip) for ip in san.get_values_for_type(x509.IPAddress)),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        serial=certificate.serial_number,
    )


def read_issued(out: str | os.PathLike) -> Issued:
    return describe(x509.load_pem_x509_certificate(TlsFiles.in_dir(out).cert.read_bytes()))


def due(out: str | os.PathLike, within: dt.timedelta) -> bool:
    """Whether the certificate in `out` is missing or expires within `within`."""
    try:
        issued = read_issued(out)
    except FileNotFoundError:
        return True
    return issued.not_after - _now() <= within


def renew(
    authority: Authority,
    out: str | os.PathLike,
    *,
    within: dt.timedelta = dt.timedelta(hours=DEFAULT_RENEW_WITHIN_HOURS),
) -> x509.Certificate | None:
    """Re-issue the certificate in `out` (same identity, hosts and lifetime) when it expires within
    `within`; None when it is not yet due. What `gorontalo-pki renew` and the dev material run."""
    current = read_issued(out)
    if current.not_after - _now() > within:
        return None
    return issue(
        authority,
        current.identity,
        out,
        hosts=current.hosts,
        hours=max(current.lifetime.total_seconds() / 3600, 1 / 60),
    )
