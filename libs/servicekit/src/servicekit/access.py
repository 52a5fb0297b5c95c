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
    # Services admitted machine to machine by their certificate's identity (AccessRule.peers).
    peers: tuple[str, ...] = ()
    # Request field holding the region a call is about ((routing).region_field); "" for none.
    region_field: str = ""

    @property
    def service_to_service_only(self) -> bool:
        """No end-user token alone reaches it: only the named peers."""
        return bool(self.peers) and not self.roles and not self.public

    def check(self, principal, peer=None, request=None) -> None:
        """Refuse a caller this rule does not admit. A peer (servicekit.pki.PeerIdentity of the calling
        machine) named in `peers` is admitted by that identity, within its agency's region; everyone
        else is held to the token: none (unless public), another role, or a level of assurance below
        the rule's. The one check the gateway (peer None: it checks end users) and every service make."""
        from .errors import PermissionDenied, Unauthenticated

        if peer is not None and peer.service in self.peers:
            self._check_region(peer, request)
            return
        if self.service_to_service_only:
            raise PermissionDenied("peer_not_allowed", peer=peer.uri if peer is not None else "")
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

    def _check_region(self, peer, request) -> None:
        """A peer of a kabupaten/kota agency acts only for its own region (when the method names one)."""
        from .errors import PermissionDenied

        if peer.is_provincial or not self.region_field or request is None:
            return
        region = request_field(request, self.region_field)
        prefix = peer.region_prefix
        if region != prefix and not region.startswith(prefix + "."):
            raise PermissionDenied("peer_outside_region", peer=peer.uri, region=region, agency_region=prefix)


def request_field(message, dotted: str) -> str:
    """The string at a dotted field path of a request message ("" when a step is missing or not a string):
    the one reader of routing fields, for the peer-region check here, the instance scope and the gateway."""
    value = message
    for name in dotted.split("."):
        if value is None or name not in value.DESCRIPTOR.fields_by_name:
            return ""
        value = getattr(value, name)
    return value if isinstance(value, str) else ""


def rule_for_descriptor(method_descriptor) -> Rule:
    options = method_descriptor.GetOptions()
    if options.HasExtension(options_pb2.access):
        access = options.Extensions[options_pb2.access]
        region_field = ""
        if options.HasExtension(options_pb2.routing):
            region_field = options.Extensions[options_pb2.routing].region_field
        return Rule(
            public=access.public,
            roles=tuple(access.roles),
            min_acr=access.min_acr,
            peers=tuple(access.peers),
            region_field=region_field,
        )
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
