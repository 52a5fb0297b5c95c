"""JSON from the outside world, parsed without letting its shape crash the parser.

The standard library recurses once per nesting level: a body of 50,000 `[` raised RecursionError,
which no `except ValueError` caught, and the caller answered 500 with a traceback. No document this
platform accepts nests deeper than a few levels, so anything past MAX_DEPTH is plain bad input.
"""

from __future__ import annotations

import json

MAX_DEPTH = 64


class JSONTooDeep(ValueError):
    """Nested deeper than MAX_DEPTH; a ValueError, so every 'malformed JSON' path catches it."""


def _depth_exceeds(text: str, limit: int) -> bool:
    # Counting brackets outside strings is enough: it only has to be right for valid JSON,
    # since json.loads rejects the rest anyway. Fast path: shallow documents skip the scan.
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def loads(data: str | bytes | bytearray, *, max_depth: int = MAX_DEPTH, **kwargs):
    """json.loads, refusing documents nested deeper than max_depth (JSONTooDeep)."""
    text = data.decode("utf-8") if isinstance(data, (bytes, bytearray)) else data
    if _depth_exceeds(text, max_depth):
        raise JSONTooDeep(f"JSON nested deeper than {max_depth} levels")
    try:
        return json.loads(text, **kwargs)
    except RecursionError:  # belt and braces: a parse_* hook recursing on its own
        raise JSONTooDeep("JSON nested too deeply") from None
