"""/saya/identitas: the digital ID with its QR, the access log, the data export."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("identity", __name__)
