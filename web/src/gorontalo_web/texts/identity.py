"""Words of the identity pages."""

TEXTS: dict[str, dict[str, str]] = {}
