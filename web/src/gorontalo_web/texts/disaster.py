"""Words of the disaster pages."""

TEXTS: dict[str, dict[str, str]] = {}
