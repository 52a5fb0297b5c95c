"""/pajak: vehicles and properties, bills with penalty lines, checkout to a kode bayar, receipts."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("tax", __name__)
