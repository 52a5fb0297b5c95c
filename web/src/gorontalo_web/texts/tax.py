"""Words of the tax pages."""

TEXTS: dict[str, dict[str, str]] = {}
