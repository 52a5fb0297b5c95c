"""PBB-P2 rates per regency from JSON: the packaged default or an operator's file."""

from __future__ import annotations

import importlib.resources
import json
import pathlib

from ..domain.property import BPS_TO_KEMENDAGRI_REGENCY, PbbRate, PbbRateError


def parse(text: str) -> dict[str, PbbRate]:
    try:
        document = json.loads(text, parse_float=lambda t: (_ for _ in ()).throw(PbbRateError(f"not an integer: {t}")))
    except json.JSONDecodeError as e:
        raise PbbRateError(f"the PBB rate table is not valid JSON: {e}") from None
    if not isinstance(document, dict):
        raise PbbRateError("the PBB rate table must be a JSON object")
    table = {}
    for code, entry in document.items():
        if code.startswith("_"):
            continue
        if code not in BPS_TO_KEMENDAGRI_REGENCY.values() or not isinstance(entry, dict):
            raise PbbRateError(f"{code}: not a regency/city of Gorontalo")
        try:
            table[code] = PbbRate(entry.get("rate_bp"), entry.get("njoptkp"))
        except PbbRateError as e:
            raise PbbRateError(f"{code}: {e}") from None
    missing = sorted(set(BPS_TO_KEMENDAGRI_REGENCY.values()) - table.keys())
    if missing:
        raise PbbRateError(f"the PBB rate table lacks {', '.join(missing)}")
    return table


def load(path: str | pathlib.Path | None = None) -> dict[str, PbbRate]:
    if path is None:
        return parse(importlib.resources.files("gorontalo_tax").joinpath("data/pbb_rates.json").read_text("utf-8"))
    return parse(pathlib.Path(path).read_text(encoding="utf-8"))
