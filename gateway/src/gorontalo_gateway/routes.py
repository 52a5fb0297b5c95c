"""REST routes read from the google.api.http annotations on the RPCs.

Nothing here knows any particular service: adding an annotated RPC to a
contract exposes it through the gateway and its OpenAPI document.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field

from google.api import annotations_pb2, http_pb2
from google.protobuf import descriptor_pb2, message_factory
from google.protobuf.descriptor import MethodDescriptor, ServiceDescriptor
from werkzeug.routing import BaseConverter

from gorontalo.api.v1 import options_pb2
from servicekit.access import Rule, rule_for_descriptor

_VARIABLE = re.compile(r"\{([a-zA-Z0-9_.]+)(?:=[^}]*)?\}")
_HTTP_VERBS = ("get", "put", "post", "delete", "patch")
HTTP_BODY = "google.api.HttpBody"


@dataclass(frozen=True)
class Route:
    service_key: str
    http_method: str
    template: str  # as annotated, e.g. /v1/permits/applications/{id}:review
    body: str  # "", "*" or a field name
    method: MethodDescriptor
    access: Rule
    grpc_path: str  # /package.Service/Method
    request_class: type
    response_class: type
    forward_headers: tuple[str, ...] = ()
    max_body_bytes: int = 0  # 0: the gateway's default
    ignore_unknown_parameters: bool = False
    idempotency_key: bool = False
    response_headers: tuple[str, ...] = ()
    # How the call finds its instance when the service runs several (gorontalo.api.v1.routing).
    routing: options_pb2.Routing | None = None

    @property
    def raw_body(self) -> bool:
        """The body names a google.api.HttpBody field: the service gets the bytes as sent."""
        if self.body in ("", "*"):
            return False
        field = self.method.input_type.fields_by_name.get(self.body)
        return field is not None and field.message_type is not None and field.message_type.full_name == HTTP_BODY

    @property
    def path_variables(self) -> list[str]:
        return _VARIABLE.findall(self.template)

    @property
    def openapi_path(self) -> str:
        return _VARIABLE.sub(lambda m: "{" + m.group(1) + "}", self.template)


class SegmentConverter(BaseConverter):
    """One path segment that is neither a custom verb (`:review`) nor a sibling's fixed name.

    Werkzeug's default variable matched `/v1/complaints/anonymous` as the tracking code
    "anonymous" and `/v1/complaints/X:answer` as "X:answer", so a GET there got 400 from the
    wrong RPC instead of 405, and OPTIONS advertised methods the resource does not have.
    """

    def __init__(self, url_map, *reserved: str):
        super().__init__(url_map)
        excluded = "".join(f"(?!{re.escape(word)}(?:$|[/:.]))" for word in reserved)
        self.regex = excluded + r"[^/:]+"


CONVERTERS = {"segment": SegmentConverter}


def _segments(template: str) -> list[str]:
    return template.strip("/").split("/")


def _reserved_words(route: Route, siblings: list[Route], index: int) -> list[str]:
    """Fixed names other routes use where this route has a variable (same prefix, same depth)."""
    own = _segments(route.template)
    words = set()
    for other in siblings:
        theirs = _segments(other.template)
        if len(theirs) != len(own) or theirs[:index] != own[:index]:
            continue
        word = re.split(r"[:.]", theirs[index], maxsplit=1)[0]
        if word and not _VARIABLE.search(theirs[index]):
            words.add(word)
    return sorted(words)


def flask_rule(route: Route, siblings: list[Route]) -> str:
    """The route's Flask rule, its variables kept from matching custom verbs and siblings' names."""
    parts = []
    for index, segment in enumerate(_segments(route.template)):
        reserved = _reserved_words(route, siblings, index)
        arguments = "(" + ", ".join(repr(word) for word in reserved) + ")" if reserved else ""
        parts.append(_VARIABLE.sub(lambda m, a=arguments: f"<segment{a}:{m.group(1).replace('.', '__')}>", segment))
    return "/" + "/".join(parts)


@dataclass
class ServiceEntry:
    key: str  # identity, permits, ...
    descriptor: ServiceDescriptor
    target: str
    routes: list[Route] = field(default_factory=list)

    @property
    def info(self) -> options_pb2.ServiceInfo:
        return self.descriptor.GetOptions().Extensions[options_pb2.service_info]


def _bindings(rule: http_pb2.HttpRule):
    yield rule
    yield from rule.additional_bindings


def load_service(key: str, target: str) -> ServiceEntry:
    """Import gorontalo.<key>.v1.<key>_pb2 and read its one service's routes."""
    module = importlib.import_module(f"gorontalo.{key}.v1.{key}_pb2")
    file_descriptor = module.DESCRIPTOR
    if len(file_descriptor.services_by_name) != 1:
        raise ValueError(f"gorontalo.{key}.v1 must declare exactly one service")
    service = next(iter(file_descriptor.services_by_name.values()))
    return service_entry(key, service, target)


def service_entry(key: str, service: ServiceDescriptor, target: str) -> ServiceEntry:
    """The routes of one annotated gRPC service."""
    entry = ServiceEntry(key=key, descriptor=service, target=target)
    for method in service.methods:
        options = method.GetOptions()
        if not options.HasExtension(annotations_pb2.http) or method.client_streaming or method.server_streaming:
            continue
        http_options = options.Extensions[options_pb2.http_options]
        for binding in _bindings(options.Extensions[annotations_pb2.http]):
            verb = binding.WhichOneof("pattern")
            if verb not in _HTTP_VERBS:
                continue
            entry.routes.append(
                Route(
                    service_key=key,
                    http_method=verb.upper(),
                    template=getattr(binding, verb),
                    body=binding.body,
                    method=method,
                    access=rule_for_descriptor(method),
                    grpc_path=f"/{service.full_name}/{method.name}",
                    request_class=message_factory.GetMessageClass(method.input_type),
                    response_class=message_factory.GetMessageClass(method.output_type),
                    forward_headers=tuple(http_options.forward_headers),
                    max_body_bytes=http_options.max_body_bytes,
                    ignore_unknown_parameters=http_options.ignore_unknown_parameters,
                    idempotency_key=http_options.idempotency_key,
                    response_headers=tuple(http_options.response_headers),
                    routing=options.Extensions[options_pb2.routing]
                    if options.HasExtension(options_pb2.routing)
                    else None,
                )
            )
    return entry


def leading_comments() -> dict[str, str]:
    """Comments from the .proto sources, by full name of service, method or message."""
    from importlib import resources

    raw = resources.files("gorontalo").joinpath("descriptors.binpb").read_bytes()
    descriptor_set = descriptor_pb2.FileDescriptorSet.FromString(raw)
    comments: dict[str, str] = {}
    for file in descriptor_set.file:
        for location in file.source_code_info.location:
            path = list(location.path)
            text = location.leading_comments.strip()
            if not text:
                continue
            name = _name_for_path(file, path)
            if name:
                comments[name] = " ".join(text.split())
    return comments


def _name_for_path(file, path: list[int]) -> str | None:
    package = file.package
    if len(path) == 2 and path[0] == 6:  # service
        return f"{package}.{file.service[path[1]].name}"
    if len(path) == 4 and path[0] == 6 and path[2] == 2:  # method
        service = file.service[path[1]]
        return f"{package}.{service.name}.{service.method[path[3]].name}"
    if len(path) == 2 and path[0] == 4:  # message
        return f"{package}.{file.message_type[path[1]].name}"
    if len(path) == 4 and path[0] == 4 and path[2] == 2:  # field
        message = file.message_type[path[1]]
        return f"{package}.{message.name}.{message.field[path[3]].name}"
    return None
