"""Every gRPC hop is mutual TLS, and services decide machine-to-machine calls by the peer certificate.

A real ServiceRuntime (the interceptor chain every service runs) serving tax's contract, reached over
real TLS handshakes with certificates of the session's test CA, of another CA, and with none.
"""

from __future__ import annotations

import grpc
import pytest

from gorontalo.tax.v1 import tax_pb2, tax_pb2_grpc
from servicekit import pki, testing, testing_pki
from servicekit.auth import current_principal
from servicekit.peers import client_address, peer_var
from servicekit.server import Registration, ServiceRuntime

TAX = "gorontalo.tax.v1.TaxService"


class Tax(tax_pb2_grpc.TaxServiceServicer):
    """Answers who it believes called: the peer, the token's role and the client address."""

    def _bill(self, request, context):
        principal = current_principal()
        peer = peer_var.get()
        return tax_pb2.Bill(
            id=peer.uri if peer else "",
            tax_type=principal.role if principal else "",
            description=client_address(context),
            region_code=getattr(request, "region_code", ""),
        )

    def CreateFeeBill(self, request, context):
        return self._bill(request, context)

    def CancelBill(self, request, context):
        return self._bill(request, context)


@pytest.fixture(scope="module")
def minter():
    return testing.TokenMinter()


@pytest.fixture(scope="module")
def address(minter):
    server, _health, port = ServiceRuntime(
        listen="127.0.0.1:0",
        metrics_port=0,
        verifier=minter.verifier,
        registrations=[Registration(tax_pb2_grpc.add_TaxServiceServicer_to_server, Tax(), TAX)],
        max_workers=4,
        tls=testing_pki.server_source("tax"),
    ).build()
    server.start()
    yield f"127.0.0.1:{port}"
    server.stop(None).wait(5)


def tax_as(address, service, agency="75", expect="tax"):
    return tax_pb2_grpc.TaxServiceStub(testing_pki.test_channel(address, service, agency, expect=expect))


def failure(call, *args, **kwargs) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        call(*args, timeout=10, **kwargs)
    return caught.value


def test_a_plaintext_client_is_refused(address):
    with grpc.insecure_channel(address) as plaintext:
        error = failure(tax_pb2_grpc.TaxServiceStub(plaintext).CancelBill, tax_pb2.CancelBillRequest())
    assert error.code() == grpc.StatusCode.UNAVAILABLE


def test_a_certificate_of_another_ca_is_refused(address, tmp_path):
    stranger = testing_pki.TestPki(tmp_path)  # a CA that names itself the same, signs "permits" too
    with stranger.channel(address, "permits", expect="tax") as channel:
        error = failure(tax_pb2_grpc.TaxServiceStub(channel).CancelBill, tax_pb2.CancelBillRequest())
    assert error.code() == grpc.StatusCode.UNAVAILABLE


def test_a_client_without_a_certificate_is_refused(address):
    credentials = grpc.ssl_channel_credentials(root_certificates=testing_pki.test_pki().authority.pem)
    with grpc.secure_channel(address, credentials) as channel:
        error = failure(tax_pb2_grpc.TaxServiceStub(channel).CancelBill, tax_pb2.CancelBillRequest())
    assert error.code() == grpc.StatusCode.UNAVAILABLE


def test_the_client_checks_the_server_is_the_service_it_meant(address):
    error = failure(tax_as(address, "permits", expect="identity").CancelBill, tax_pb2.CancelBillRequest())
    assert error.code() == grpc.StatusCode.UNAVAILABLE
    kota_tax = pki.PeerIdentity.of("tax", "75.71")  # the provincial tax is not Kota's
    error = failure(tax_as(address, "permits", expect=kota_tax).CancelBill, tax_pb2.CancelBillRequest())
    assert error.code() == grpc.StatusCode.UNAVAILABLE


def test_a_citizen_token_alone_cannot_cancel_a_fee_bill(address, minter):
    through_gateway = tax_as(address, "gateway")
    error = failure(through_gateway.CancelBill, tax_pb2.CancelBillRequest(), metadata=minter.metadata())
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    assert testing.error_reason(error) == "PERMISSION_DENIED"
    # Without a token at all, a non-peer is still asked for one.
    error = failure(through_gateway.CancelBill, tax_pb2.CancelBillRequest())
    assert error.code() == grpc.StatusCode.UNAUTHENTICATED


def test_permits_passing_the_applicants_token_is_admitted_by_its_certificate(address, minter):
    bill = tax_as(address, "permits").CancelBill(tax_pb2.CancelBillRequest(), metadata=minter.metadata(), timeout=10)
    assert bill.id == "spiffe://gorontaloprov.go.id/agency/75/permits"
    assert bill.tax_type == "citizen"  # the forwarded token is verified and seen by the service


def test_a_forged_token_is_refused_even_from_a_peer(address):
    error = failure(
        tax_as(address, "permits").CancelBill,
        tax_pb2.CancelBillRequest(),
        metadata=testing.TokenMinter().metadata(),  # signed by a key this service does not trust
    )
    assert error.code() == grpc.StatusCode.UNAUTHENTICATED


def test_another_service_is_held_to_the_token_rules(address, minter):
    inbox = tax_as(address, "inbox")
    error = failure(inbox.CancelBill, tax_pb2.CancelBillRequest(), metadata=minter.metadata())
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    officer = minter.metadata(role="officer", agency="bapenda", jurisdiction=["75"])
    assert inbox.CancelBill(tax_pb2.CancelBillRequest(), metadata=officer, timeout=10).tax_type == "officer"


def test_a_kabupaten_peer_acts_for_its_own_region_only(address, minter):
    request = tax_pb2.CreateFeeBillRequest(caller="permits", caller_reference="a-1", region_code="75.71.01")
    pohuwato = tax_as(address, "permits", "7504")
    error = failure(pohuwato.CreateFeeBill, request, metadata=minter.metadata(role="officer"))
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    assert testing.error_reason(error) == "PEER_OUTSIDE_REGION"

    kota = tax_as(address, "permits", "7571")
    assert kota.CreateFeeBill(request, timeout=10).id == "spiffe://gorontaloprov.go.id/agency/7571/permits"
    # A code that merely starts with the same digits is another region.
    other = tax_pb2.CreateFeeBillRequest(caller="permits", caller_reference="a-2", region_code="75.7")
    assert testing.error_reason(failure(kota.CreateFeeBill, other)) == "PEER_OUTSIDE_REGION"
    # The province's permits acts for every region.
    assert tax_as(address, "permits").CreateFeeBill(request, timeout=10).region_code == "75.71.01"


def test_refusals_are_explained_in_indonesian_first(address, minter):
    request = tax_pb2.CreateFeeBillRequest(region_code="75.71.01")
    error = failure(tax_as(address, "permits", "7504").CreateFeeBill, request)
    assert "hanya bertindak untuk wilayah 75.04" in error.details()
    error = failure(tax_as(address, "permits", "7504").CreateFeeBill, request, metadata=[("accept-language", "en")])
    assert "acts for region 75.04 only" in error.details()


def test_the_client_address_is_believed_from_the_gateway_only(address, minter):
    officer = [*minter.metadata(role="officer"), ("x-client-address", "203.0.113.7")]
    request = tax_pb2.CreateFeeBillRequest(region_code="75.71")
    assert tax_as(address, "gateway").CreateFeeBill(request, metadata=officer, timeout=10).description == "203.0.113.7"
    for service in ("permits", "inbox"):
        answer = tax_as(address, service).CreateFeeBill(request, metadata=officer, timeout=10)
        assert answer.description == ""
    kota_gateway = tax_as(address, "gateway", "7571")  # not the provincial gateway
    assert kota_gateway.CreateFeeBill(request, metadata=officer, timeout=10).description == ""
