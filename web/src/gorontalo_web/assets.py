"""Static files under content-hashed names (`app.3f2a9c1b.css`), so they can be cached for a year:
a changed file gets a new name, and the pages (never cached) point to it.

Text files are gzipped once at start-up and sent compressed to every browser that accepts gzip: on a
3G link the bytes are what a resident waits for, and compressing per request would cost CPU each time.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import mimetypes
import pathlib

from flask import Blueprint, Response, abort, current_app, request

STATIC_DIR = pathlib.Path(__file__).parent / "static"
LONG_CACHE = "public, max-age=31536000, immutable"
COMPRESSIBLE_SUFFIXES = (".css", ".js", ".json", ".svg", ".txt", ".webmanifest", ".geojson")

blueprint = Blueprint("assets", __name__)


@dataclasses.dataclass(frozen=True)
class Asset:
    logical: str
    hashed: str
    media_type: str
    body: bytes
    gzipped: bytes | None


def load_files(directory: pathlib.Path = STATIC_DIR) -> dict[str, Asset]:
    """logical name -> the file's bytes (and their gzip) under its hashed name."""
    manifest = {}
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        logical = path.relative_to(directory).as_posix()
        body = path.read_bytes()
        digest = hashlib.sha256(body).hexdigest()[:10]
        hashed = f"{path.stem}.{digest}{path.suffix}"
        if "/" in logical:
            hashed = logical.rsplit("/", 1)[0] + "/" + hashed
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".webmanifest":
            media_type = "application/manifest+json"
        gzipped = gzip.compress(body, compresslevel=9, mtime=0) if path.suffix in COMPRESSIBLE_SUFFIXES else None
        manifest[logical] = Asset(logical, hashed, media_type, body, gzipped)
    return manifest


def install(app) -> None:
    """Read static/ once: the hashed names for the pages, the bytes for the answers."""
    files = load_files()
    app.extensions["gorontalo_assets"] = {logical: asset.hashed for logical, asset in files.items()}
    app.extensions["gorontalo_asset_files"] = {asset.hashed: asset for asset in files.values()}


def asset_url(name: str) -> str:
    return "/static/" + current_app.extensions["gorontalo_assets"][name]


def accepts_gzip() -> bool:
    return "gzip" in request.accept_encodings


@blueprint.get("/static/<path:hashed>")
def static_file(hashed: str):
    asset = current_app.extensions["gorontalo_asset_files"].get(hashed)
    if asset is None:
        abort(404)
    use_gzip = asset.gzipped is not None and accepts_gzip()
    response = Response(asset.gzipped if use_gzip else asset.body, mimetype=asset.media_type)
    if use_gzip:
        response.headers["Content-Encoding"] = "gzip"
    if asset.gzipped is not None:
        response.vary.add("Accept-Encoding")
    response.set_etag(asset.hashed)
    response.headers["Cache-Control"] = LONG_CACHE
    return response.make_conditional(request)
