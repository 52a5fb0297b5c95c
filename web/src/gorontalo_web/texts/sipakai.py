"""Words of the sipakai pages."""

TEXTS: dict[str, dict[str, str]] = {}
