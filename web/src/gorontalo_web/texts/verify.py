"""Words of the verify pages."""

TEXTS: dict[str, dict[str, str]] = {}
