"""/siaga: disaster reports with or without an account, live alerts, incidents near me."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("disaster", __name__)
