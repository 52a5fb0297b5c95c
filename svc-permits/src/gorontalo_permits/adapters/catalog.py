"""The permit catalog from a JSON file (the shipped one, or the province's own)."""

from __future__ import annotations

import importlib.resources
import json
import pathlib

from ..domain.catalog import CatalogError, PermitCatalog


def default_path() -> pathlib.Path:
    return pathlib.Path(str(importlib.resources.files("gorontalo_permits") / "data" / "permit_types.json"))


def load(path: str | pathlib.Path | None = None) -> PermitCatalog:
    """Read and check a catalog file: an object with `permit_types`, or a bare list of them."""
    path = pathlib.Path(path) if path else default_path()
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CatalogError(f"cannot read the permit catalog {path}: {error.strerror or error}") from None
    except ValueError as error:
        raise CatalogError(f"the permit catalog {path} is not valid JSON: {error}") from None
    entries = document.get("permit_types") if isinstance(document, dict) else document
    try:
        return PermitCatalog.from_data(entries)
    except CatalogError as error:
        raise CatalogError(f"{path}: {error}") from None
