"""OpenAPI 3.1 generated from the same descriptors the gateway routes by."""
from __future__ import annotations

from google.protobuf.descriptor import FieldDescriptor

_INTEGER_32 = {FieldDescriptor.TYPE_INT32, FieldDescriptor.TYPE_SINT32, FieldDescriptor.TYPE_SFIXED32,
               FieldDescriptor.TYPE_UINT32, FieldDescriptor.TYPE_FIXED32}
_INTEGER_64 = {FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_SINT64, FieldDescriptor.TYPE_SFIXED64,
               FieldDescriptor.TYPE_UINT64, FieldDescriptor.TYPE_FIXED64}

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
        "errors": {"type": "array", "items": {
            "type": "object",
            "properties": {"field": {"type": "string"}, "reason": {"type": "string"}, "detail": {"type": "string"}},
        }},
    },
    "required": ["type", "title", "status"],
}


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
        return schema

    def field_schema(self, field: FieldDescriptor) -> dict:
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            value_field = field.message_type.fields_by_name["value"]
            return {"type": "object", "additionalProperties": self._single(value_field)}
        single = self._single(field)
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


def _problem_responses(codes) -> dict:
    ref = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    texts = {"400": "Invalid input, per field", "401": "No valid token", "403": "Role or jurisdiction refused",
             "404": "Not found", "409": "Conflict with the current state", "503": "Service unavailable",
             "504": "Service too slow"}
    return {code: {"description": texts[code], "content": ref} for code in codes}


def _success_content(builder, output_type) -> dict:
    if output_type.full_name == "google.api.HttpBody":
        return {"*/*": {"schema": {"type": "string", "contentMediaType": "application/octet-stream"}}}
    return {"application/json": {"schema": builder.ref(output_type)}}


def build_document(services, comments: dict[str, str], version: str = "0.1.0") -> dict:
    builder = SchemaBuilder(comments)
    paths: dict[str, dict] = {}
    tags = []
    for service in services:
        info = service.info
        tags.append({"name": service.key, "description": info.summary_en or info.summary_id})
        for route in service.routes:
            request_descriptor = route.method.input_type
            operation = {
                "operationId": f"{service.descriptor.name}_{route.method.name}",
                "tags": [service.key],
                "summary": comments.get(route.method.full_name, route.method.name),
                "x-grpc-method": route.grpc_path,
                "responses": {
                    "200": {"description": "OK", "content": _success_content(builder, route.method.output_type)},
                    **_problem_responses(["400", "401", "403", "404", "409", "503", "504"]),
                },
            }
            parameters = [{"name": name, "in": "path", "required": True,
                           "schema": builder.field_schema(request_descriptor.fields_by_name[name])}
                          for name in route.path_variables]
            if route.raw_body:
                operation["requestBody"] = {"required": True, "content": {
                    "*/*": {"schema": {"type": "string", "contentMediaType": "application/octet-stream"}}}}
                if route.max_body_bytes:
                    operation["x-max-body-bytes"] = route.max_body_bytes
            elif route.body == "*":
                operation["requestBody"] = {"required": True, "content": {
                    "application/json": {"schema": builder.ref(request_descriptor)}}}
            if not route.body or route.raw_body:
                for field in request_descriptor.fields:
                    if field.name in route.path_variables or field.type == FieldDescriptor.TYPE_MESSAGE:
                        continue
                    parameters.append({"name": field.name, "in": "query", "required": False,
                                       "schema": builder.field_schema(field)})
            if parameters:
                operation["parameters"] = parameters
            if route.access.public:
                operation["security"] = [{}, {"bearerAuth": []}]
            else:
                operation["security"] = [{"bearerAuth": []}]
                if route.access.roles:
                    operation["x-roles"] = list(route.access.roles)
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
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
    }
