"""AsyncAPI 3.0 of every event the platform publishes, generated from proto as the OpenAPI document is.

Each event type is a channel (its NATS subject on JetStream stream GORONTALO), its message the
CloudEvents 1.0 envelope around the proto payload, with a send operation for the owning service and
a receive operation for each service that declares it consumes the type.
"""

from __future__ import annotations

from gorontalo.disaster.v1.events_pb2 import AlertPublished
from servicekit import event_messages

from .openapi import SchemaBuilder

STREAM_SERVER_CONSUMES = event_messages.event_types(AlertPublished)

ENVELOPE_FIELDS = {
    "specversion": {"const": "1.0"},
    "id": {"type": "string", "description": "Unique per event; also the Nats-Msg-Id (JetStream dedupe)."},
    "source": {"type": "string", "description": "The producing service, e.g. /gorontalo/complaints."},
    "type": {"type": "string"},
    "time": {"type": "string", "format": "date-time"},
    "subject": {"type": "string", "description": "The aggregate the event is about (its id)."},
    "datacontenttype": {"const": "application/json"},
    "requestid": {"type": "string", "description": "Extension: the request that caused the event."},
}


def _channel_key(type_: str) -> str:
    return type_.removeprefix("gorontalo.").replace(".", "_")


def build_asyncapi(services, comments: dict[str, str], version: str = "0.1.0") -> dict:
    builder = SchemaBuilder(comments)
    declared = event_messages.declared_events()
    consumers: dict[str, list[str]] = {}
    for service in services:
        for type_ in service.info.consumes:
            consumers.setdefault(type_, []).append(service.key)
    # The gateway's own stream server follows the alert family for its SSE clients.
    for type_ in STREAM_SERVER_CONSUMES:
        consumers.setdefault(type_, []).append("gateway_streams")
    envelope = {
        **ENVELOPE_FIELDS,
        # Reserved once, so the envelope changes one time (see servicekit.messaging.RESERVED_EXTENSIONS).
        **{name: {"type": "string", "description": text} for name, text in event_messages.RESERVED_EXTENSIONS.items()},
    }
    channels, operations, messages = {}, {}, {}
    for type_, event in sorted(declared.items()):
        key = _channel_key(type_)
        payload_ref = builder.ref(event.message_class().DESCRIPTOR)
        messages[key] = {
            "name": type_,
            "title": type_,
            "summary": comments.get(event.message, event.message),
            "contentType": "application/cloudevents+json",
            "payload": {
                "type": "object",
                "required": ["specversion", "id", "source", "type", "time", "data"],
                "properties": {**envelope, "type": {"const": type_}, "data": payload_ref},
            },
        }
        channels[key] = {
            "address": type_,
            "messages": {key: {"$ref": f"#/components/messages/{key}"}},
            "description": f"JetStream stream GORONTALO, subject {type_}",
        }
        operations[f"{event.producer}_sends_{key}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{key}"},
            "title": f"{event.producer} publishes",
            "messages": [{"$ref": f"#/channels/{key}/messages/{key}"}],
        }
        for consumer in sorted(consumers.get(type_, [])):
            operations[f"{consumer}_receives_{key}"] = {
                "action": "receive",
                "channel": {"$ref": f"#/channels/{key}"},
                "title": f"{consumer} consumes",
                "messages": [{"$ref": f"#/channels/{key}/messages/{key}"}],
            }
    unknown = sorted(set(consumers) - set(declared))
    if unknown:
        raise ValueError(f"services consume undeclared event types: {unknown}")
    schemas = {name: schema for name, schema in builder.schemas.items() if name != "Problem"}
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Gorontalo Smart Province events",
            "version": version,
            "description": "CloudEvents 1.0 (structured JSON) on NATS JetStream; payloads are proto3 JSON "
            "of the messages declared with (gorontalo.api.v1.event) in proto/.",
        },
        "defaultContentType": "application/cloudevents+json",
        "servers": {
            "jetstream": {
                "host": "127.0.0.1:4222",
                "protocol": "nats",
                "description": "NATS_URL; stream GORONTALO (gorontalo.>)",
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }
