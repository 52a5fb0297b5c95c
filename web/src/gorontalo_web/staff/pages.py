"""The console's pages, one module per agency's work (`staff/pages_<area>.py`, each with its `blueprint`):
found here so that adding an area's pages touches no shared file."""

from __future__ import annotations

import importlib
import pkgutil

from .. import staff


def modules() -> list:
    names = sorted(m.name for m in pkgutil.iter_modules(staff.__path__) if m.name.startswith("pages_"))
    return [importlib.import_module(f"{staff.__name__}.{name}") for name in names]
