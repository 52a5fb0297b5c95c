"""Headers on every answer: a strict CSP (no inline style or script anywhere), nosniff, same-origin
referrers, and `no-store` on pages (they carry a session's CSRF token or a resident's data).

The policy is built from the settings: the live alert stream (Server-Sent Events) may live on another
origin (`WEB_STREAMS_URL`, by default the gateway's stream server), and `connect-src` then names that one
origin besides the app's own; the operator's map tiles (`MAP_TILES_URL`) are images from their one origin.
Nothing else is loosened: scripts, styles, workers and the manifest come
from this origin only (default-src 'self'), nothing inline.
"""

from __future__ import annotations

import functools
import urllib.parse

from flask import current_app

# The policy when everything, the stream included, is on the app's own origin (behind nginx).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def origin_of(url: str) -> str:
    """scheme://host[:port] of an absolute http(s) URL; "" for a relative or empty one."""
    parts = urllib.parse.urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}".lower()


@functools.lru_cache(maxsize=8)
def content_security_policy(streams_url: str = "", public_url: str = "", map_tiles_url: str = "") -> str:
    """The policy for these settings: the base, plus `connect-src 'self' <stream origin>` when the
    stream is served from an origin other than the app's, and the operator's tile server in `img-src`."""
    own = origin_of(public_url)
    policy = CONTENT_SECURITY_POLICY
    tiles = origin_of(map_tiles_url.replace("{s}", "a"))
    if tiles and tiles != own:
        policy = policy.replace("img-src 'self' data:", f"img-src 'self' data: {tiles}")
    streams = origin_of(streams_url)
    if streams and streams != own:
        policy = f"{policy}; connect-src 'self' {streams}"
    return policy


def policy_for_app() -> str:
    settings = current_app.extensions.get("gorontalo_settings")
    if settings is None:
        return CONTENT_SECURITY_POLICY
    return content_security_policy(settings.streams_url, settings.public_url, settings.map_tiles_url)


def add_security_headers(response):
    response.headers["Content-Security-Policy"] = policy_for_app()
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    if "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response
