"""Kecamatan and desa/kelurahan of Gorontalo by the names people know them by (the SIAGA SMS).

Names come from servicekit's Kemendagri region table. Matching ignores case, accents, spaces and
punctuation ("Kota  Tengah", "KOTATENGAH", "Kota-Tengah"). Many desa share a name across the
province (four are called Tenilo), so a name can be ambiguous; the rules, in order:
- a qualifier word before the name ("desa", "kel", "kelurahan"; "kec", "kecamatan") restricts the
  match to that level;
- otherwise a kecamatan wins over desa of the same name: a kecamatan is what most people name when
  asked where they are, and the BPBD dispatches by kecamatan; the reply names the region matched,
  so someone who meant the desa can send again with "desa <name>" or its code;
- otherwise one desa is taken, and several are "ambiguous" with every choice and its code listed.
The longest name that the first words spell is tried first ("Telaga Biru" before "Telaga").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from servicekit import regions

MAX_NAME_WORDS = 4  # the longest names in the table have three words
DISTRICT, VILLAGE = "district", "village"
QUALIFIERS = {
    "desa": VILLAGE,
    "ds": VILLAGE,
    "kel": VILLAGE,
    "kelurahan": VILLAGE,
    "kec": DISTRICT,
    "kecamatan": DISTRICT,
}
MAX_CHOICES = 6  # an SMS reply has little room


def folded(text: str) -> str:
    """Case, accents, spaces and punctuation removed: 'Kota  Téngah,' -> 'kotatengah'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return re.sub(r"[^0-9a-z]", "", "".join(c for c in decomposed if not unicodedata.combining(c)).casefold())


@functools.cache
def _by_name() -> dict[str, tuple[regions.Region, ...]]:
    table: dict[str, list[regions.Region]] = {}
    for region in regions.all_regions():
        if region.code.startswith(regions.GORONTALO + ".") and region.level in (DISTRICT, VILLAGE):
            table.setdefault(folded(region.name), []).append(region)
    return {name: tuple(sorted(found, key=lambda r: r.code)) for name, found in table.items()}


@dataclass(frozen=True)
class Match:
    words_used: int  # how many words of the message the name (and its qualifier) took
    regions: tuple[regions.Region, ...]  # one: found; several: ambiguous
    name: str  # as the sender wrote it


def find(words: list[str]) -> Match | None:
    """The region the first words name, or None when they name none."""
    level, skip = None, 0
    if len(words) > 1 and folded(words[0]) in QUALIFIERS:
        level, skip = QUALIFIERS[folded(words[0])], 1
    names = _by_name()
    for size in range(min(MAX_NAME_WORDS, len(words) - skip), 0, -1):
        candidates = names.get(folded("".join(words[skip : skip + size])), ())
        if level:
            candidates = tuple(r for r in candidates if r.level == level)
        if not candidates:
            continue
        districts = tuple(r for r in candidates if r.level == DISTRICT)
        chosen = districts if len(districts) == 1 else candidates
        return Match(skip + size, chosen, " ".join(words[skip : skip + size]).strip(".,:;"))
    return None


def _regency_label(code: str) -> str:
    regency = regions.lookup(code[:5])
    return regency.name.replace("Kabupaten ", "Kab. ") if regency else code[:5]


def label(code: str) -> str:
    """'75.03.01' -> 'Kec. Tapa, Kab. Bone Bolango'; a village adds its kecamatan."""
    region = regions.lookup(code)
    if region is None:
        return code
    if region.level == DISTRICT:
        return f"Kec. {region.name}, {_regency_label(code)}"
    if region.level == VILLAGE:
        district = regions.lookup(region.parent_code)
        # Kemendagri numbers kelurahan 1xxx and desa 2xxx.
        kind = "Kel." if code.rsplit(".", 1)[-1].startswith("1") else "Desa"
        return f"{kind} {region.name}, Kec. {district.name if district else region.parent_code}, {_regency_label(code)}"
    return region.name


def choices(found: tuple[regions.Region, ...]) -> str:
    """'7502062004 (Tapadaa, Kec. Botumoito); ...' : codes to send instead of the ambiguous name."""
    listed = []
    for region in found[:MAX_CHOICES]:
        district = regions.lookup(region.parent_code) if region.level == VILLAGE else None
        where = f"Kec. {district.name}" if district else _regency_label(region.code)
        listed.append(f"{region.code.replace('.', '')} ({region.name}, {where})")
    more = len(found) - MAX_CHOICES
    return "; ".join(listed) + (f"; +{more} lagi" if more > 0 else "")
