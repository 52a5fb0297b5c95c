"""The officers' console under /petugas (issue 16): staff sign-in with a second factor, each agency's queue."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("staff", __name__, url_prefix="/petugas")

# The pages attach themselves to the blueprint (imported after it exists).
from . import audit, signin  # noqa: E402,F401
