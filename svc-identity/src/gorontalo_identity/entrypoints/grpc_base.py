"""What every identity servicer shares: the caller's address and QR answers."""

from __future__ import annotations

from google.api import httpbody_pb2

from servicekit import peers
from servicekit.errors import FieldViolation, InvalidArgument
from servicekit.interceptors import metadata_dict

from ..adapters import qr


def client_address(context) -> str:
    """The caller's address as the gateway saw it (behind trusted proxies: X-Forwarded-For); "" when
    the caller is not the gateway."""
    return peers.client_address(context)


def header(context, name: str) -> str:
    return metadata_dict(context).get(name.lower(), "")


def qr_format(requested: str) -> str:
    """png (default) or svg; anything else is refused before anything is looked up."""
    fmt = (requested or "png").lower()
    if fmt not in qr.FORMATS:
        raise InvalidArgument(violations=[FieldViolation("format", "qr_format")])
    return fmt


def qr_body(content: str, fmt: str) -> httpbody_pb2.HttpBody:
    data, content_type = qr.render(content, fmt)
    return httpbody_pb2.HttpBody(content_type=content_type, data=data)
