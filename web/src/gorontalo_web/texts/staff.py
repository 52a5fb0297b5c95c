"""Words of the officers' console (/petugas)."""

TEXTS: dict[str, dict[str, str]] = {}
