"""Verify-by-number is public and permit numbers are sequential: each client address gets a limited
number of look-ups (servicekit.ratelimit on Redis), or anyone could list every permit (issue 12)."""

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from gorontalo.permits.v1 import permits_pb2

from .test_grpc import as_, failure, stub, valid_request  # noqa: F401 - fixtures


def retry_info(error) -> error_details_pb2.RetryInfo:
    [packed] = [d for d in rpc_status.from_call(error).details if d.Is(error_details_pb2.RetryInfo.DESCRIPTOR)]
    info = error_details_pb2.RetryInfo()
    packed.Unpack(info)
    return info


def test_verify_by_number_is_limited_per_client_address(stub, as_, app):
    issued = stub.SubmitApplication(
        valid_request(kbli_code="56103", nib="9120001234567"), metadata=as_("citizen", "citizen-a")
    )
    allowed = int(app.verify_limits[0].split("/")[0])
    from_one = [("x-client-address", "10.7.7.7"), ("accept-language", "en")]
    request = permits_pb2.VerifyPermitRequest(permit_number=issued.permit_number)
    missing = permits_pb2.VerifyPermitRequest(permit_number="7571/DPMPTSP/2025/999999")
    assert stub.VerifyPermit(request, metadata=from_one).validity == "valid"
    for _ in range(allowed - 1):  # misses count too: they are what enumeration is made of
        assert failure(stub.VerifyPermit, missing, metadata=from_one).code() == grpc.StatusCode.NOT_FOUND
    refused = failure(stub.VerifyPermit, request, metadata=from_one)
    assert refused.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert 1 <= retry_info(refused).retry_delay.seconds <= 60 and "seconds" in refused.details()
    other = stub.VerifyPermit(request, metadata=[("x-client-address", "10.7.7.8")])
    assert other.validity == "valid"  # another address has its own allowance
