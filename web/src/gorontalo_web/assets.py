"""Static files under content-hashed names (`app.3f2a9c1b.css`), so they can be cached for a year:
a changed file gets a new name, and the pages (never cached) point to it."""

from __future__ import annotations

import hashlib
import mimetypes
import pathlib

from flask import Blueprint, abort, current_app, send_file

STATIC_DIR = pathlib.Path(__file__).parent / "static"
LONG_CACHE = "public, max-age=31536000, immutable"

blueprint = Blueprint("assets", __name__)


def build_manifest(directory: pathlib.Path = STATIC_DIR) -> dict[str, str]:
    """logical name -> hashed name, for every file in static/."""
    manifest = {}
    for path in sorted(directory.iterdir()):
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            manifest[path.name] = f"{path.stem}.{digest}{path.suffix}"
    return manifest


def asset_url(name: str) -> str:
    return "/static/" + current_app.extensions["gorontalo_assets"][name]


@blueprint.get("/static/<hashed>")
def static_file(hashed: str):
    reverse = {v: k for k, v in current_app.extensions["gorontalo_assets"].items()}
    logical = reverse.get(hashed)
    if logical is None:
        abort(404)
    response = send_file(STATIC_DIR / logical, mimetype=mimetypes.guess_type(logical)[0], conditional=True)
    response.headers["Cache-Control"] = LONG_CACHE
    return response
