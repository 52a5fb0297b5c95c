"""The installable app: manifest and service worker (offline pages and drafts)."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("pwa", __name__)
