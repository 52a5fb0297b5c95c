"""Certificates are renewed under load with no failed call, and the renewed ones are what is served.

A real server and client over mutual TLS, several threads calling without pause, while both the
server's and the client's certificates are re-issued in place, several times, by the code
`gorontalo-pki renew` runs (servicekit.pki.renew).
"""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import threading
import time

import grpc
from cryptography import x509

from gorontalo.tax.v1 import tax_pb2, tax_pb2_grpc
from servicekit import clients, pki, testing
from servicekit.pki.files import TlsFiles
from servicekit.server import Registration, ServiceRuntime
from servicekit.tls import CertificateSource

ALWAYS = dt.timedelta(days=3650)  # renew whatever the certificate's remaining life
ROUNDS = 4
THREADS = 6


class Tax(tax_pb2_grpc.TaxServiceServicer):
    """Remembers the serial of every client certificate it was called with."""

    def __init__(self):
        self.client_serials: set[int] = set()

    def CreateFeeBill(self, request, context):
        pem = context.auth_context()["x509_pem_cert"][0]
        self.client_serials.add(x509.load_pem_x509_certificate(pem).serial_number)
        return tax_pb2.Bill(id=request.caller_reference)


def served_serial(port: int, client: TlsFiles) -> int:
    """The serial of the certificate the server presents to a new TLS handshake."""
    context = ssl.create_default_context(cafile=str(client.ca))
    context.check_hostname = False
    context.load_cert_chain(str(client.cert), str(client.key))
    context.set_alpn_protocols(["h2"])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw, context.wrap_socket(raw) as tls:
        return x509.load_der_x509_certificate(tls.getpeercert(binary_form=True)).serial_number


def wait_for(predicate, what: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"never saw {what}")
        time.sleep(0.05)


def test_renewing_both_certificates_under_load_fails_no_call(tmp_path):
    authority = pki.init_ca(tmp_path / "ca")
    server_dir, client_dir = tmp_path / "tax", tmp_path / "permits"
    pki.issue(authority, pki.PeerIdentity.of("tax"), server_dir, hosts=["127.0.0.1"], hours=1)
    pki.issue(authority, pki.PeerIdentity.of("permits"), client_dir, hours=1)
    client_files = TlsFiles.in_dir(client_dir)

    minter = testing.TokenMinter()
    servicer = Tax()
    server, _health, port = ServiceRuntime(
        listen="127.0.0.1:0",
        metrics_port=0,
        verifier=minter.verifier,
        registrations=[
            Registration(tax_pb2_grpc.add_TaxServiceServicer_to_server, servicer, "gorontalo.tax.v1.TaxService")
        ],
        max_workers=THREADS * 2,
        tls=CertificateSource(TlsFiles.in_dir(server_dir)),
    ).build()
    server.start()
    channel = clients.channel(f"127.0.0.1:{port}", "tax", source=CertificateSource(client_files))
    stub = tax_pb2_grpc.TaxServiceStub(channel)

    stop = threading.Event()
    calls, failures = [0] * THREADS, []

    def call_without_pause(worker: int):
        while not stop.is_set():
            try:
                stub.CreateFeeBill(tax_pb2.CreateFeeBillRequest(caller_reference=str(worker)), timeout=10)
                calls[worker] += 1
            except grpc.RpcError as error:
                failures.append(f"{error.code()}: {error.details()}")

    workers = [threading.Thread(target=call_without_pause, args=(n,)) for n in range(THREADS)]
    try:
        for worker in workers:
            worker.start()
        wait_for(lambda: all(calls), "every thread's first call")
        for _round in range(ROUNDS):
            before = sum(calls)
            server_cert = pki.renew(authority, server_dir, within=ALWAYS)
            client_cert = pki.renew(authority, client_dir, within=ALWAYS)
            wait_for(lambda c=server_cert: served_serial(port, client_files) == c.serial_number, "the new server cert")
            wait_for(lambda c=client_cert: c.serial_number in servicer.client_serials, "the new client cert")
            wait_for(lambda b=before: sum(calls) > b + 50, "calls after the renewal")
    finally:
        stop.set()
        for worker in workers:
            worker.join(30)
        channel.close()
        server.stop(None).wait(5)

    assert failures == []
    assert len(servicer.client_serials) == ROUNDS + 1  # the first certificate and each renewal's
    assert sum(calls) > 0


def test_the_certificate_expiry_is_a_metric_and_follows_renewal(tmp_path):
    from prometheus_client import REGISTRY

    authority = pki.init_ca(tmp_path / "ca")
    identity = pki.PeerIdentity.of("permits", "7504")
    first = pki.issue(authority, identity, tmp_path / "out", hours=1)
    source = CertificateSource(TlsFiles.in_dir(tmp_path / "out"))

    def exported():
        labels = {"service": "permits", "agency": "7504"}
        return REGISTRY.get_sample_value("gorontalo_certificate_not_after_timestamp_seconds", labels)

    assert exported() == first.not_valid_after_utc.timestamp()
    renewed = pki.issue(authority, identity, tmp_path / "out", hours=48)
    wait_for(lambda: source.current().serial == renewed.serial_number, "the renewed certificate loaded")
    assert exported() == renewed.not_valid_after_utc.timestamp()
