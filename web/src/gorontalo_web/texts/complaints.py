"""Words of the complaints pages."""

TEXTS: dict[str, dict[str, str]] = {}
