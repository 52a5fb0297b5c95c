"""Headers every gateway response gets: compression, caching and the browser's security policy."""

from __future__ import annotations

import base64
import hashlib
import re

from flask import Flask, Response, request
from flask_compress import Compress

# Text worth compressing for phones on slow links. Images, PDFs and other compressed media are
# left out on purpose: gzip would cost CPU and gain nothing.
COMPRESSIBLE = [
    "application/json",
    "application/problem+json",
    "application/geo+json",
    "application/jwk-set+json",
    "application/xml",
    "text/xml",
    "application/atom+xml",
    "application/cap+xml",
    "text/html",
    "text/plain",
    "text/csv",
    "image/svg+xml",
]
# Below this, gzip's framing and CPU outweigh the saving. Not 1 KiB: a complaint's status answer
# (~870 B of JSON with ~400 B of headers) went out whole at 1,270 B; gzipped it is ~850 B on the
# wire, under issue 20's 1 KB for a status answer (tests/e2e/test_complaints_flow.py).
COMPRESS_MIN_BYTES = 512

# A request that carried any of these was answered for one caller only.
CREDENTIAL_HEADERS = ("Authorization", "X-Reporter-Key", "Cookie")
SAFE_METHODS = ("GET", "HEAD")

# JSON, XML and files are data, never a page: a browser that opens one runs, loads and frames nothing.
BASELINE_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def install(app: Flask) -> None:
    app.config.update(
        COMPRESS_MIMETYPES=COMPRESSIBLE,
        COMPRESS_ALGORITHM=["gzip"],  # what every phone HTTP stack accepts
        COMPRESS_LEVEL=6,
        COMPRESS_MIN_SIZE=COMPRESS_MIN_BYTES,
        # A streamed response (Server-Sent Events, a large file) goes out as it is written:
        # compression would hold events back in its buffer.
        COMPRESS_STREAMS=False,
        # The gateway sets no ETags; answering 304 is not compression's business.
        COMPRESS_EVALUATE_CONDITIONAL_REQUEST=False,
    )
    Compress(app)

    @app.after_request
    def _policy_headers(response: Response) -> Response:
        apply(response)
        return response


def apply(response: Response) -> None:
    if request.method not in SAFE_METHODS or any(name in request.headers for name in CREDENTIAL_HEADERS):
        # Personal data and tokens (a log-in's answer carries them although its request carried
        # none) must not be kept by a proxy or a shared device's cache. Public reads keep theirs.
        response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers.setdefault("Content-Security-Policy", BASELINE_POLICY)


def page_policy(html: str) -> str:
    """The policy of a page of ours: no script at all, only its own inline styles (by hash)."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(style.encode()).digest()).decode() + "'"
        for style in _STYLE.findall(html)
    )
    style = f"; style-src {hashes}" if hashes else ""
    return BASELINE_POLICY + style
