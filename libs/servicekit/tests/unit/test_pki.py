"""gorontalo-pki: identities, the CA, issued certificates and their renewal, dev material."""

from __future__ import annotations

import stat
import subprocess
import sys

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID

from servicekit import pki
from servicekit.pki import authority, cli, dev


def test_identity_formats_and_parses_the_spiffe_uri():
    kota = pki.PeerIdentity.of("permits", "75.71")
    assert kota.uri == "spiffe://gorontaloprov.go.id/agency/7571/permits"
    assert kota.dns_name == "permits.7571.svc.gorontaloprov.go.id"
    assert kota.region_prefix == "75.71"
    assert pki.PeerIdentity.parse(kota.uri) == kota
    assert pki.identity_of("tax") == pki.PeerIdentity("75", "tax")
    assert pki.identity_of(kota.uri) == kota


@pytest.mark.parametrize(
    "uri",
    [
        "spiffe://example.org/agency/75/tax",
        "spiffe://gorontaloprov.go.id/agency/75.71/tax",
        "spiffe://gorontaloprov.go.id/agency/75/Tax",
        "spiffe://gorontaloprov.go.id/agency/75/tax/extra",
        "https://gorontaloprov.go.id/agency/75/tax",
    ],
)
def test_identity_refuses_other_names(uri):
    with pytest.raises(pki.InvalidIdentity):
        pki.PeerIdentity.parse(uri)


def test_cli_creates_the_ca_issues_shows_and_renews(tmp_path, capsys):
    ca, out = tmp_path / "ca", tmp_path / "permits"
    assert cli.main(["init", "--dir", str(ca)]) == 0
    assert stat.S_IMODE((ca / "ca-key.pem").stat().st_mode) == 0o600
    authority_ = pki.load_ca(ca)
    assert "CN=Gorontalo Provincial Service CA" in authority_.certificate.subject.rfc4514_string()
    assert isinstance(authority_.key, ec.EllipticCurvePrivateKey) and authority_.key.curve.name == "secp256r1"
    assert cli.main(["init", "--dir", str(ca)]) == 2  # never overwritten

    argv = [
        "issue",
        "--ca",
        str(ca),
        "--service",
        "permits",
        "--agency",
        "7571",
        "--host",
        "10.0.0.5",
        "--out",
        str(out),
    ]
    assert cli.main(argv) == 0
    assert stat.S_IMODE((out / "key.pem").stat().st_mode) == 0o600
    certificate = x509.load_pem_x509_certificate((out / "cert.pem").read_bytes())
    certificate.verify_directly_issued_by(authority_.certificate)
    usages = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert set(usages) == {ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.SERVER_AUTH}
    issued = pki.read_issued(out)
    assert issued.identity == pki.PeerIdentity("7571", "permits")
    assert issued.ip_addresses == ("10.0.0.5",)
    assert 71.9 < issued.lifetime.total_seconds() / 3600 <= 72.01
    capsys.readouterr()

    assert cli.main(["show", str(out)]) == 0
    assert "spiffe://gorontaloprov.go.id/agency/7571/permits" in capsys.readouterr().out

    assert cli.main(["renew", "--ca", str(ca), "--out", str(out)]) == 0  # 72 h left: not due within 24 h
    assert "not renewed" in capsys.readouterr().out
    assert pki.read_issued(out).serial == issued.serial

    assert cli.main(["renew", "--ca", str(ca), "--out", str(out), "--within", "100"]) == 0
    assert "renewed" in capsys.readouterr().out
    renewed = pki.read_issued(out)
    assert renewed.serial != issued.serial
    assert (renewed.identity, renewed.hosts) == (issued.identity, issued.hosts)
    assert renewed.not_after >= issued.not_after  # certificates count whole seconds


def test_the_console_script_is_installed(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "servicekit.pki.cli", "init", "--dir", str(tmp_path / "ca")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Gorontalo Provincial Service CA" in done.stdout


_RACE = """
import sys
from servicekit.pki import dev
files = dev.ensure_material(sys.argv[1], sys.argv[2])
print(files.ca.read_text())
"""


def test_dev_material_is_created_once_when_processes_start_together(tmp_path):
    services = ["identity", "tax", "permits", "complaints", "tax", "permits"]
    processes = [
        subprocess.Popen([sys.executable, "-c", _RACE, str(tmp_path), name], stdout=subprocess.PIPE, text=True)
        for name in services
    ]
    outputs = [p.communicate(timeout=60)[0] for p in processes]
    assert all(p.returncode == 0 for p in processes)
    assert len(set(outputs)) == 1  # one CA, the same for every process
    ca = pki.load_ca(tmp_path / "pki" / "ca")
    for name in set(services):
        files = dev.ensure_material(tmp_path, name)
        certificate = x509.load_pem_x509_certificate(files.cert.read_bytes())
        certificate.verify_directly_issued_by(ca.certificate)
        assert pki.identity_in(certificate) == pki.PeerIdentity("75", name)
        key = authority.serialization.load_pem_private_key(files.key.read_bytes(), None)
        assert key.public_key() == certificate.public_key()  # a pair, not two processes' halves


def test_dev_material_is_reissued_near_expiry(tmp_path):
    files = dev.ensure_material(tmp_path, "gateway")
    ca = pki.load_ca(tmp_path / "pki" / "ca")
    pki.issue(ca, pki.PeerIdentity("75", "gateway"), files.cert.parent, hours=1)  # as if two days had gone by
    short = pki.read_issued(files.cert.parent)
    dev.ensure_material(tmp_path, "gateway")
    assert pki.read_issued(files.cert.parent).not_after > short.not_after
