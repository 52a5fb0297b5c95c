"""Access rules declared on RPCs with the (gorontalo.api.v1.access) option."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from google.protobuf import descriptor_pool

from gorontalo.api.v1 import options_pb2

# Standard infrastructure services answer without a token (probes, grpcurl).
_INFRASTRUCTURE_PREFIXES = ("grpc.health.", "grpc.reflection.")


@dataclass(frozen=True)
class Rule:
    public: bool
    roles: tuple[str, ...]
    # Lowest level of assurance (the token's acr) a caller must hold; 0 asks for none.
    min_acr: int = 0

    def check(self, principal) -> None:
        """Refuse a caller this rule does not admit: no token (unless public), another role, or a
        level of assurance below the rule's. The one check the gateway and every service make."""
        from .errors import PermissionDenied, Unauthenticated

        if principal is None:
            if not self.public:
                raise Unauthenticated()
            if self.roles:
                raise Unauthenticated()
            return
        if self.roles and principal.role not in self.roles:
            raise PermissionDenied()
        if principal.acr < self.min_acr:
            raise PermissionDenied("assurance_insufficient", required_acr=self.min_acr, acr=principal.acr)


def rule_for_descriptor(method_descriptor) -> Rule:
    options = method_descriptor.GetOptions()
    if options.HasExtension(options_pb2.access):
        access = options.Extensions[options_pb2.access]
        return Rule(public=access.public, roles=tuple(access.roles), min_acr=access.min_acr)
    return Rule(public=False, roles=())  # default deny: a token is needed


@functools.lru_cache(maxsize=512)
def rule_for_method(full_method: str) -> Rule:
    """`full_method` as gRPC names it: '/package.Service/Method'."""
    service, _, method = full_method.lstrip("/").partition("/")
    if service.startswith(_INFRASTRUCTURE_PREFIXES):
        return Rule(public=True, roles=())
    try:
        descriptor = descriptor_pool.Default().FindMethodByName(f"{service}.{method}")
    except KeyError:
        return Rule(public=False, roles=())
    return rule_for_descriptor(descriptor)
