"""The provincial CA as the province's PKI officers run it, and each host's certificates as agencies install them.

The CA lives in the officers' own directory (offline in production: on none of the three hosts). For every
process the officers run `gorontalo-pki issue`, naming the service, the agency and the address it is
reached at, and hand the directory over; each host keeps its copy under its own VAR_DIR/tls/<service>
and names the files with TLS_CA_FILE / TLS_CERT_FILE / TLS_KEY_FILE. A host's own dev CA (what a
process would generate into VAR_DIR without these) would be trusted by nobody else."""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.federation.netns import Host
    from tests.federation.three_hosts import Federation

PKI = pathlib.Path(sys.executable).parent / "gorontalo-pki"
PROVINCE = "75"


class ProvincialPki:
    def __init__(self, officer_dir: pathlib.Path, federation: Federation):
        self.officer_dir = officer_dir
        self.ca = officer_dir / "provinsi-ca"
        self.federation = federation

    def run(self, *args: str) -> str:
        done = subprocess.run([str(PKI), *args], capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise RuntimeError(f"gorontalo-pki {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def processes(self) -> list[tuple[Host, str, str]]:
        """(host, service, agency) of every process that speaks TLS."""
        from tests.federation.three_hosts import AGENCY_INSTANCES, PROVINCE_SERVICES

        province = self.federation.province
        # The gateway calls as a client; nats-server serves NATS over TLS (identity agency/75/nats).
        listed = [(province, service, PROVINCE) for service in (*PROVINCE_SERVICES, "gateway", "nats")]
        listed += [(self.federation.network[i.host], i.service, i.agency) for i in AGENCY_INSTANCES]
        return listed

    def issue(self, out: pathlib.Path, service: str, agency: str, hosts: list[str], ca: pathlib.Path | None = None):
        args = ["issue", "--ca", str(ca or self.ca), "--service", service, "--agency", agency, "--out", str(out)]
        for host in hosts:
            args += ["--host", host]
        return self.run(*args)

    def issue_all(self) -> None:
        self.run("init", "--dir", str(self.ca))
        for host, service, agency in self.processes():
            issued = self.officer_dir / "issued" / f"{agency}-{service}"
            self.issue(issued, service, agency, [host.address])
            shutil.copytree(issued, self.host_dir(host, service))

    def host_dir(self, host: Host, service: str) -> pathlib.Path:
        return host.workdir / "var" / "tls" / service

    def tls_env(self, host: Host, service: str) -> dict[str, str]:
        folder = self.host_dir(host, service)
        return {
            "TLS_CA_FILE": str(folder / "ca.pem"),
            "TLS_CERT_FILE": str(folder / "cert.pem"),
            "TLS_KEY_FILE": str(folder / "key.pem"),
        }
