"""The PKB rate table from JSON: the packaged default or an operator's file."""

from __future__ import annotations

import importlib.resources
import json
import pathlib

from ..domain.pkb import RateTable, RateTableError


def _no_floats(text: str):
    raise RateTableError(f"rate table values must be integers (permille / basis points), not {text}")


def parse(text: str) -> RateTable:
    try:
        document = json.loads(text, parse_float=_no_floats)
    except json.JSONDecodeError as e:
        raise RateTableError(f"the rate table is not valid JSON: {e}") from None
    return RateTable.from_dict(document)


def default_text() -> str:
    return importlib.resources.files("gorontalo_tax").joinpath("data/pkb_rates.json").read_text(encoding="utf-8")


def load(path: str | pathlib.Path | None = None) -> RateTable:
    """`path` None means the packaged default table."""
    if path is None:
        return parse(default_text())
    try:
        return parse(pathlib.Path(path).read_text(encoding="utf-8"))
    except RateTableError as e:
        raise RateTableError(f"{path}: {e}") from None
