"""An instance refuses a create for a region another instance of its service owns (real gRPC server)."""

from __future__ import annotations

import pathlib
from concurrent import futures

import grpc
import pytest
from grpc_status import rpc_status

from gorontalo.permits.v1 import permits_pb2, permits_pb2_grpc
from servicekit import federation
from servicekit.instance_scope import InstanceScopeInterceptor
from servicekit.interceptors import ErrorInterceptor, RequestContextInterceptor

EXAMPLE = pathlib.Path(__file__).resolve().parents[4] / "deploy" / "federation.example.toml"
REGISTRY = federation.load(str(EXAMPLE))


class Permits(permits_pb2_grpc.PermitsServiceServicer):
    def SubmitApplication(self, request, context):
        return permits_pb2.Application(id="a1", region_code=request.region_code)

    def GetApplication(self, request, context):
        return permits_pb2.Application(id=request.id)


def _serve(instance_name: str):
    instance = REGISTRY.instance("permits", instance_name)
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=2),
        interceptors=[
            RequestContextInterceptor(),
            ErrorInterceptor(),
            InstanceScopeInterceptor("permits", REGISTRY, instance),
        ],
    )
    permits_pb2_grpc.add_PermitsServiceServicer_to_server(Permits(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    return server, grpc.insecure_channel(f"127.0.0.1:{port}")


@pytest.fixture(scope="module")
def stubs():
    province, province_channel = _serve("provinsi")
    kota, kota_channel = _serve("kota-gorontalo")
    yield permits_pb2_grpc.PermitsServiceStub(province_channel), permits_pb2_grpc.PermitsServiceStub(kota_channel)
    province.stop(0)
    kota.stop(0)


def _reason(error: grpc.RpcError) -> str:
    status = rpc_status.from_call(error)
    from google.rpc import error_details_pb2

    for detail in status.details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            return info.reason
    return ""


def test_each_instance_takes_creates_only_for_the_regions_it_owns(stubs):
    province, kota = stubs
    assert kota.SubmitApplication(permits_pb2.SubmitApplicationRequest(region_code="75.71.01.1001")).id == "a1"
    assert province.SubmitApplication(permits_pb2.SubmitApplicationRequest(region_code="75.04.01")).id == "a1"
    for stub, region in ((province, "75.71.01.1001"), (province, "7571"), (kota, "75.04.01")):
        with pytest.raises(grpc.RpcError) as refused:
            stub.SubmitApplication(permits_pb2.SubmitApplicationRequest(region_code=region))
        assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
        assert _reason(refused.value) == "REGION_NOT_SERVED_HERE"


def test_an_empty_or_foreign_region_and_methods_without_a_region_pass_to_the_service(stubs):
    province, kota = stubs
    # The service's own validation answers these, in its own words.
    assert province.SubmitApplication(permits_pb2.SubmitApplicationRequest(region_code="")).id == "a1"
    assert kota.SubmitApplication(permits_pb2.SubmitApplicationRequest(region_code="31.71")).id == "a1"
    assert kota.GetApplication(permits_pb2.GetApplicationRequest(id="x")).id == "x"


def test_the_refusal_names_the_owner_in_the_callers_language(stubs):
    province, _ = stubs
    with pytest.raises(grpc.RpcError) as refused:
        province.SubmitApplication(
            permits_pb2.SubmitApplicationRequest(region_code="75.71"), metadata=[("accept-language", "en")]
        )
    from google.rpc import error_details_pb2

    texts = []
    for detail in rpc_status.from_call(refused.value).details:
        if detail.Is(error_details_pb2.LocalizedMessage.DESCRIPTOR):
            message = error_details_pb2.LocalizedMessage()
            detail.Unpack(message)
            texts.append(message.message)
    assert texts == [
        "Region 75.71 is served by another instance of this service (permits/kota-gorontalo); "
        "send the request through the gateway."
    ]
