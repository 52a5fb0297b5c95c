"""/pengaduan and /lacak/<kode>: file, support, follow, answer, rate and reopen complaints."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("complaints", __name__)
