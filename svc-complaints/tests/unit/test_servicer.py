"""The one ComplaintsService servicer is composed of feature groups (grpc_*.py): every RPC the proto
declares is implemented by exactly one group, none left to the generated UNIMPLEMENTED stub."""

from gorontalo.complaints.v1 import complaints_pb2, complaints_pb2_grpc
from gorontalo_complaints.entrypoints.grpc_base import RpcBase
from gorontalo_complaints.entrypoints.grpc_servicer import ComplaintsServicer


def test_every_rpc_is_implemented_by_one_feature_group():
    groups = [
        c for c in ComplaintsServicer.__mro__ if issubclass(c, RpcBase) and c not in (RpcBase, ComplaintsServicer)
    ]
    assert len(groups) >= 7
    for method in complaints_pb2.DESCRIPTOR.services_by_name["ComplaintsService"].methods:
        owners = [group.__name__ for group in groups if method.name in vars(group)]
        assert len(owners) == 1, (method.name, owners)
        assert getattr(ComplaintsServicer, method.name) is not getattr(
            complaints_pb2_grpc.ComplaintsServiceServicer, method.name
        )
