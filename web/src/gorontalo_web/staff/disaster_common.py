"""What the BPBD overview and incident pages and the alert pages of /petugas/siaga share."""

from __future__ import annotations

from flask import render_template

from ..gateway import GatewayError
from . import disaster_forms as forms
from . import session as staff_session


def staff_member() -> dict:
    return staff_session.staff() or {}


def bpbd_only():
    """The officer's staff session, or a 403 page for staff who are not BPBD."""
    who = staff_member()
    if not forms.is_bpbd(who):
        return None, (render_template("staff/forbidden.html"), 403)
    return who, None


def unavailable(error: GatewayError) -> bool:
    return error.unavailable or error.status >= 500
