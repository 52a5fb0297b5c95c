"""The console's pages, one module per agency's work (`staff/pages_<area>.py`, each with its `blueprint`
and `entry_links(who)`, the pages of the area this staff member may open): found here so that adding an
area's pages touches no shared file."""

from __future__ import annotations

import importlib
import pkgutil

from .. import staff


def modules() -> list:
    names = sorted(m.name for m in pkgutil.iter_modules(staff.__path__) if m.name.startswith("pages_"))
    return [importlib.import_module(f"{staff.__name__}.{name}") for name in names]


def entry_links(who: dict) -> list[tuple[str, str]]:
    """(endpoint, words key) of every area's entry page open to `who` (the session's staff record)."""
    links: list[tuple[str, str]] = []
    for module in modules():
        offered = getattr(module, "entry_links", None)
        if offered is not None:
            links.extend(offered(who))
    return links
