"""Words of the permits pages."""

TEXTS: dict[str, dict[str, str]] = {}
