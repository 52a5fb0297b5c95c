"""QR images of credentials, drawn by segno (pure Python, PNG and SVG without Pillow).

A credential's QR carries a verifier URL, `<WEB_PUBLIC_URL>/verifikasi#<credential token>`: any phone
camera opens the residents' web app, whose page checks the token (online, or offline with the cached
JWKS). The token rides in the fragment, which browsers never send, so it reaches no server log. The
web app's verifier still takes a bare token, as older QR codes carry.
"""

from __future__ import annotations

import io
import os

import segno

FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
VERIFIER_PATH = "/verifikasi"


def web_public_url() -> str:
    """The residents' web app's public address (WEB_PUBLIC_URL; by default http://$WEB_BIND)."""
    return os.environ.get("WEB_PUBLIC_URL", "").strip().rstrip("/") or "http://" + (
        os.environ.get("WEB_BIND", "").strip() or "127.0.0.1:8081"
    )


def verifier_url(token: str, base_url: str | None = None) -> str:
    """What a credential's QR encodes: the verifier page with the token in the fragment."""
    base = (base_url if base_url is not None else web_public_url()).rstrip("/")
    return f"{base}{VERIFIER_PATH}#{token}"


def render(payload: str, fmt: str) -> tuple[bytes, str]:
    # Error correction M survives a scratched phone screen; scale 4 fits ~320 px wide screens.
    code = segno.make(payload, error="m", micro=False)
    buffer = io.BytesIO()
    if fmt == "svg":
        code.save(buffer, kind="svg", scale=4, border=4, xmldecl=True, svgns=True)
    else:
        code.save(buffer, kind="png", scale=4, border=4)
    return buffer.getvalue(), FORMATS[fmt]
