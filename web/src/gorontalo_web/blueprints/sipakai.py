"""/sipakai: public monitoring of complaints, no personal data."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("sipakai", __name__)
