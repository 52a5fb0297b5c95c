"""OpenAPI 3.1 generated from the same descriptors the gateway routes by."""

from __future__ import annotations

from google.api import field_behavior_pb2
from google.protobuf.descriptor import FieldDescriptor

from gorontalo.api.v1 import options_pb2

_INTEGER_32 = {
    FieldDescriptor.TYPE_INT32,
    FieldDescriptor.TYPE_SINT32,
    FieldDescriptor.TYPE_SFIXED32,
    FieldDescriptor.TYPE_UINT32,
    FieldDescriptor.TYPE_FIXED32,
}
_INTEGER_64 = {
    FieldDescriptor.TYPE_INT64,
    FieldDescriptor.TYPE_SINT64,
    FieldDescriptor.TYPE_SFIXED64,
    FieldDescriptor.TYPE_UINT64,
    FieldDescriptor.TYPE_FIXED64,
}

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "request_id": {"type": "string"},
        "service": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "reason": {"type": "string"}, "detail": {"type": "string"}},
            },
        },
    },
    "required": ["type", "title", "status"],
}


OPEN311_ERRORS_SCHEMA = {
    "type": "array",
    "description": "Open311 GeoReport v2 errors.",
    "items": {
        "type": "object",
        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
        "required": ["code", "description"],
    },
}
PAYMENT_CHANNEL_REFUSAL_SCHEMA = {
    "type": "object",
    "description": "A refused payment notification, with a reason the bank can act on.",
    "properties": {
        "status": {"const": "refused"},
        "reason": {"type": "string"},
        "detail": {"type": "string"},
        "request_id": {"type": "string"},
    },
    "required": ["status", "reason"],
}
IDEMPOTENCY_PARAMETER = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Makes a retry safe: the same key with the same request answers the first answer again "
    "(kept 24 hours, per caller); with another request 422; while the first still runs 409.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
}
RETRY_AFTER = {
    "Retry-After": {"description": "Seconds to wait before trying again.", "schema": {"type": "integer", "minimum": 0}}
}


def field_rules(field: FieldDescriptor) -> options_pb2.FieldRules | None:
    options = field.GetOptions()
    return options.Extensions[options_pb2.field] if options.HasExtension(options_pb2.field) else None


def is_required(field: FieldDescriptor) -> bool:
    behaviors = field.GetOptions().Extensions[field_behavior_pb2.field_behavior]
    return field_behavior_pb2.REQUIRED in behaviors


def _constrain(schema: dict, rules: options_pb2.FieldRules) -> dict:
    """The declared rules as JSON Schema keywords, added to a scalar's schema."""
    schema = dict(schema)
    if rules.pattern:
        schema["pattern"] = rules.pattern
    if rules.HasField("min_length"):
        schema["minLength"] = rules.min_length
    if rules.HasField("max_length"):
        schema["maxLength"] = rules.max_length
    number = int if schema.get("type") == "integer" else float
    if rules.HasField("minimum"):
        schema["minimum"] = number(rules.minimum)
    if rules.HasField("maximum"):
        schema["maximum"] = number(rules.maximum)
    if rules.format:
        schema["format"] = rules.format
    if rules.one_of:
        schema["enum"] = list(rules.one_of)
    if rules.example:
        schema["examples"] = [rules.example]
    return schema


class SchemaBuilder:
    def __init__(self, comments: dict[str, str]):
        self.comments = comments
        self.schemas: dict[str, dict] = {"Problem": PROBLEM_SCHEMA}

    def ref(self, message_descriptor) -> dict:
        name = message_descriptor.full_name
        if name == "google.protobuf.Timestamp":
            return {"type": "string", "format": "date-time"}
        if name not in self.schemas:
            self.schemas[name] = {}  # placeholder breaks recursion
            self.schemas[name] = self._message(message_descriptor)
        return {"$ref": f"#/components/schemas/{name}"}

    def _message(self, descriptor) -> dict:
        schema = {"type": "object", "additionalProperties": False, "properties": {}}
        if descriptor.full_name in self.comments:
            schema["description"] = self.comments[descriptor.full_name]
        for field in descriptor.fields:
            schema["properties"][field.name] = self.field_schema(field)
        required = [field.name for field in descriptor.fields if is_required(field)]
        if required:
            schema["required"] = required
        return schema

    def field_schema(self, field: FieldDescriptor) -> dict:
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            value_field = field.message_type.fields_by_name["value"]
            return {"type": "object", "additionalProperties": self._single(value_field)}
        single = self._single(field)
        rules = field_rules(field)
        if rules is not None and field.type != FieldDescriptor.TYPE_MESSAGE:
            single = _constrain(single, rules)
        schema = {"type": "array", "items": single} if field.is_repeated else single
        description = self.comments.get(f"{field.containing_type.full_name}.{field.name}")
        if description:
            schema = {**schema, "description": description}
        return schema

    def _single(self, field: FieldDescriptor) -> dict:
        t = field.type
        if t == FieldDescriptor.TYPE_MESSAGE:
            return self.ref(field.message_type)
        if t == FieldDescriptor.TYPE_STRING:
            return {"type": "string"}
        if t == FieldDescriptor.TYPE_BOOL:
            return {"type": "boolean"}
        if t in _INTEGER_32:
            return {"type": "integer", "format": "int32"}
        if t in _INTEGER_64:
            # proto3 JSON writes 64-bit integers as strings; numbers are accepted too.
            return {"type": ["string", "integer"], "format": "int64"}
        if t in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
            return {"type": "number", "format": "double" if t == FieldDescriptor.TYPE_DOUBLE else "float"}
        if t == FieldDescriptor.TYPE_ENUM:
            return {"type": "string", "enum": [v.name for v in field.enum_type.values]}
        return {"type": "string", "contentEncoding": "base64"}


_STATUS_TEXTS = {
    "400": "Invalid input, per field",
    "401": "No valid token",
    "403": "Role or jurisdiction refused",
    "404": "Not found",
    "405": "Method not allowed on this path (see Allow)",
    "409": "Conflict with the current state",
    "413": "Body too large",
    "414": "Request line too long",
    "431": "Header fields too many or too large",
    "415": "Unsupported body media type",
    "422": "Idempotency-Key reused for another request",
    "429": "Too many requests (see Retry-After)",
    "503": "Service unavailable",
    "504": "Service too slow",
}


def _error_content(error_format: str) -> dict:
    if error_format == "open311":
        return {
            "application/json": {"schema": OPEN311_ERRORS_SCHEMA},
            "text/xml": {"schema": {"type": "string", "description": "<errors><error>...</error></errors>"}},
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}},
        }
    content = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    if error_format == "payment_channel":
        content["application/json"] = {"schema": PAYMENT_CHANNEL_REFUSAL_SCHEMA}
    return content


_FORMAT_SUFFIX = {"": "", "open311": "Open311", "payment_channel": "PaymentChannel"}


class ErrorResponses:
    """Error responses written once under components/responses and referenced by each operation."""

    def __init__(self):
        self.components: dict[str, dict] = {}

    def refs(self, codes, error_format: str = "") -> dict:
        return {code: {"$ref": f"#/components/responses/{self._component(code, error_format)}"} for code in codes}

    def _component(self, code: str, error_format: str) -> str:
        # Transport-level refusals (405, 413, 414, 415, 429, 431, 503, 504) come from the gateway: problem+json.
        own_format = error_format if code in ("400", "401", "403", "404", "409", "422") else ""
        name = f"Error{code}{_FORMAT_SUFFIX[own_format]}"
        if name not in self.components:
            response = {"description": _STATUS_TEXTS[code], "content": _error_content(own_format)}
            if code in ("409", "429", "503"):
                response["headers"] = RETRY_AFTER
            self.components[name] = response
        return name


def _http_body_content(media_types) -> dict:
    content = {}
    for media_type in media_types or ["application/octet-stream"]:
        if media_type.endswith("json"):
            content[media_type] = {"schema": {"type": ["object", "array"]}}
        elif media_type.startswith(("text/", "application/xml", "application/atom+xml")) or media_type.endswith("+xml"):
            content[media_type] = {"schema": {"type": "string"}}
        else:
            content[media_type] = {"schema": {"type": "string", "contentMediaType": media_type}}
    return content


def _success_content(builder, output_type, media_types) -> dict:
    if output_type.full_name == "google.api.HttpBody":
        return _http_body_content(media_types)
    return {"application/json": {"schema": builder.ref(output_type)}}


def build_document(services, comments: dict[str, str], version: str = "0.1.0") -> dict:
    builder = SchemaBuilder(comments)
    errors = ErrorResponses()
    paths: dict[str, dict] = {}
    tags = []
    for service in services:
        info = service.info
        tags.append({"name": service.key, "description": info.summary_en or info.summary_id})
        for route in service.routes:
            request_descriptor = route.method.input_type
            http_options = route.method.GetOptions().Extensions[options_pb2.http_options]
            error_codes = ["400", "401", "403", "404", "405", "409", "414", "429", "431", "503", "504"]
            if http_options.idempotency_key:
                error_codes.append("422")
            if route.body:
                error_codes += ["413"] if route.raw_body else ["413", "415"]
            operation = {
                "operationId": f"{service.descriptor.name}_{route.method.name}",
                "tags": [service.key],
                "summary": comments.get(route.method.full_name, route.method.name),
                "x-grpc-method": route.grpc_path,
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": _success_content(
                            builder, route.method.output_type, list(http_options.response_media_types)
                        ),
                        **(
                            {
                                "headers": {
                                    name: {"schema": {"type": "string"}} for name in http_options.response_headers
                                }
                            }
                            if http_options.response_headers
                            else {}
                        ),
                    },
                    **errors.refs(sorted(error_codes), http_options.error_format),
                },
            }
            parameters = [
                {
                    "name": name,
                    "in": "path",
                    "required": True,
                    "schema": builder.field_schema(request_descriptor.fields_by_name[name]),
                }
                for name in route.path_variables
            ]
            if route.raw_body:
                operation["requestBody"] = {
                    "required": True,
                    "content": {"*/*": {"schema": {"type": "string", "contentMediaType": "application/octet-stream"}}},
                }
                if route.max_body_bytes:
                    operation["x-max-body-bytes"] = route.max_body_bytes
            elif route.body == "*":
                # An empty body reads as {}: the body is optional unless a field of it is required.
                body_required = any(
                    is_required(f) for f in request_descriptor.fields if f.name not in route.path_variables
                )
                operation["requestBody"] = {
                    "required": body_required,
                    "content": {"application/json": {"schema": builder.ref(request_descriptor)}},
                }
            if not route.body or route.raw_body:
                for field in request_descriptor.fields:
                    if field.name in route.path_variables or field.type == FieldDescriptor.TYPE_MESSAGE:
                        continue
                    parameters.append(
                        {
                            "name": field.name,
                            "in": "query",
                            "required": is_required(field),
                            "schema": builder.field_schema(field),
                        }
                    )
            if http_options.idempotency_key:
                parameters.append(IDEMPOTENCY_PARAMETER)
            if parameters:
                operation["parameters"] = parameters
            if route.method.GetOptions().deprecated:
                # `option deprecated = true` in proto: the RPC still answers, and says which one replaces it
                # in its Deprecation and Link headers.
                operation["deprecated"] = True
            if route.access.public:
                operation["security"] = [{}, {"bearerAuth": []}]
            else:
                operation["security"] = [{"bearerAuth": []}]
                if route.access.roles:
                    operation["x-roles"] = list(route.access.roles)
                if route.access.min_acr:
                    # Level of assurance the token's acr must reach (1 verified phone, 2 checked in person).
                    operation["x-min-acr"] = route.access.min_acr
            paths.setdefault(route.openapi_path, {})[route.http_method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Gorontalo Smart Province API (satu pintu)",
            "version": version,
            "description": "One door to the public services of Provinsi Gorontalo. Errors are RFC 9457 "
            "problem details; send Accept-Language: en for English (Bahasa Indonesia by default).",
        },
        "servers": [{"url": "/"}],
        "tags": tags,
        "paths": paths,
        "components": {
            "schemas": builder.schemas,
            "responses": errors.components,
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
    }
