"""The authenticator enrolment QR (an otpauth:// URI) as PNG and SVG, drawn by segno (pure Python)."""

from __future__ import annotations

import io

import segno


def render(uri: str) -> tuple[bytes, str]:
    """(PNG bytes, SVG text). Error correction M; scale 5 reads well from a laptop screen."""
    code = segno.make(uri, error="m", micro=False)
    png = io.BytesIO()
    code.save(png, kind="png", scale=5, border=4)
    svg = io.BytesIO()
    code.save(svg, kind="svg", scale=5, border=4, xmldecl=False, svgns=True, title="otpauth")
    return png.getvalue(), svg.getvalue().decode()
