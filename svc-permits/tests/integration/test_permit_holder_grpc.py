"""GetPermitHolder: svc-tourism (by its certificate) learns who holds a permit; nobody else does."""

import grpc
import pytest

from gorontalo.permits.v1 import permits_pb2, permits_pb2_grpc
from gorontalo_permits import messages
from gorontalo_permits.bootstrap import SERVICE_NAME
from gorontalo_permits.entrypoints.grpc_servicer import PermitsServicer
from servicekit import testing_pki
from servicekit.server import Registration, ServiceRuntime

from .test_grpc import valid_request


@pytest.fixture
def address(app, minter):
    server, _health, port = ServiceRuntime(
        tls=testing_pki.server_source("permits"),
        listen="127.0.0.1:0",
        metrics_port=0,
        verifier=minter.verifier,
        max_workers=4,
        catalog=messages.CATALOG,
        registrations=[
            Registration(permits_pb2_grpc.add_PermitsServiceServicer_to_server, PermitsServicer(app), SERVICE_NAME)
        ],
    ).build()
    server.start()
    yield f"127.0.0.1:{port}"
    server.stop(None)


def stub_as(address, service):
    return permits_pb2_grpc.PermitsServiceStub(testing_pki.test_channel(address, service))


def test_tourism_learns_the_holder_and_validity(address, minter):
    citizen = minter.metadata(role="citizen", subject="citizen-a")
    issued = stub_as(address, "gateway").SubmitApplication(
        valid_request(kbli_code="56101", self_declaration=True, nib="9120001234567"), metadata=citizen
    )
    assert issued.status == "issued"
    holder = stub_as(address, "tourism").GetPermitHolder(
        permits_pb2.GetPermitHolderRequest(permit_number=issued.permit_number.replace("/", "-"))
    )
    assert (holder.permit_number, holder.holder_account_id, holder.validity, holder.regency_code) == (
        issued.permit_number,
        "citizen-a",
        "valid",
        "75.71",
    )
    missing = permits_pb2.GetPermitHolderRequest(permit_number="7571/DPMPTSP/2025/000099")
    with pytest.raises(grpc.RpcError) as error:
        stub_as(address, "tourism").GetPermitHolder(missing)
    assert error.value.code() == grpc.StatusCode.NOT_FOUND


@pytest.mark.parametrize("service", ["gateway", "inbox"])
def test_no_one_else_learns_who_holds_a_permit(address, minter, service):
    request = permits_pb2.GetPermitHolderRequest(permit_number="7571/DPMPTSP/2025/000001")
    officer = minter.metadata(role="officer", subject="o-1", agency="dpmptsp-7571", jurisdiction=["75.71"])
    with pytest.raises(grpc.RpcError) as error:
        stub_as(address, service).GetPermitHolder(request, metadata=officer)
    assert error.value.code() == grpc.StatusCode.PERMISSION_DENIED
