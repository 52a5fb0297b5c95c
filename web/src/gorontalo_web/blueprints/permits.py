"""/izin: find a permit, apply with documents, follow it, pay its fee, download the certificate."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("permits", __name__)
