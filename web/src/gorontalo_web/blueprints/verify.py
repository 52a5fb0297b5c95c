"""/verifikasi: check a permit number, a receipt number or a digital ID QR."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("verify", __name__)
