"""The installable app: the web app manifest, the service worker, and the page it shows offline.

The service worker (static/sw.js, served here at /sw.js so its scope is the whole origin) is given the
hashed names of every static file to keep, and a version that changes with them; the browser checks
/sw.js on each visit (`Cache-Control: no-cache`) and installs a new one when a static file changed.
"""

from __future__ import annotations

import hashlib
import json

from flask import Blueprint, Response, current_app, g, render_template

from ..assets import STATIC_DIR, asset_url
from ..texts import text

blueprint = Blueprint("pwa", __name__)

OFFLINE_PATH = "/offline"
# Pages the service worker keeps once visited, to open them without a connection (prefixes). Personal
# ones stay `no-store` for every HTTP cache; only the service worker's own cache holds them, and logout's
# Clear-Site-Data ("cache", "storage") wipes it.
OFFLINE_PAGES = ("/saya", "/izin", "/pajak", "/siaga", "/pengaduan")
ICONS = (("icon-192.png", "192x192"), ("icon-512.png", "512x512"))
# Fetched when the worker installs: what every page and the offline page use. Any other static file (a
# page's own CSS or script, the map or QR libraries) is kept the first time a page asks for it, so a
# phone on 3G never downloads the libraries of pages it does not open.
PRECACHE = ("app.css", "app.js", "icon-192.png")


@blueprint.get("/manifest.webmanifest")
def manifest():
    body = {
        "name": text("app_name", g.lang),
        "short_name": text("app_name", g.lang),
        "description": text("pwa_app_description", g.lang),
        "lang": g.lang,
        "start_url": "/saya",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b3d6b",
        "icons": [
            {"src": asset_url(name), "sizes": sizes, "type": "image/png", "purpose": "any maskable"}
            for name, sizes in ICONS
        ],
    }
    response = Response(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


def worker_config() -> dict:
    assets = current_app.extensions["gorontalo_assets"]
    # The version follows every static file: a changed file installs a new worker, whose cache starts afresh.
    every = sorted(hashed for name, hashed in assets.items() if name != "sw.js")
    version = hashlib.sha256(json.dumps(every).encode()).hexdigest()[:12]
    urls = ["/static/" + assets[name] for name in PRECACHE if name in assets]
    return {"version": version, "assets": urls, "offline": OFFLINE_PATH, "pages": list(OFFLINE_PAGES)}


@blueprint.get("/sw.js")
def service_worker():
    source = (STATIC_DIR / "sw.js").read_text(encoding="utf-8")
    body = f"const CONFIG = {json.dumps(worker_config())};\n{source}"
    response = Response(body, mimetype="text/javascript")
    # Checked on every visit, so a new version is found at once; never kept by a proxy.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@blueprint.get(OFFLINE_PATH)
def offline():
    return render_template("offline.html")
