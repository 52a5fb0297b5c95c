"""QR images of credentials, drawn by segno (pure Python, PNG and SVG without Pillow)."""

from __future__ import annotations

import io

import segno

FORMATS = {"png": "image/png", "svg": "image/svg+xml"}


def render(payload: str, fmt: str) -> tuple[bytes, str]:
    # Error correction M survives a scratched phone screen; scale 4 fits ~320 px wide screens.
    code = segno.make(payload, error="m", micro=False)
    buffer = io.BytesIO()
    if fmt == "svg":
        code.save(buffer, kind="svg", scale=4, border=4, xmldecl=True, svgns=True)
    else:
        code.save(buffer, kind="png", scale=4, border=4)
    return buffer.getvalue(), FORMATS[fmt]
