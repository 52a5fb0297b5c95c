"""The structured SMS form: SIAGA <BAHAYA> <KODE atau NAMA WILAYAH> <keterangan>.

Lenient on purpose (feature phones, T9, weak signal): any case, extra spaces, common
synonyms, region codes with or without dots, or the name of a kecamatan or desa
(domain/places.py). Whatever is wrong is answered with the right format, in Indonesian,
and nothing is filed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from servicekit import regions

from . import places
from .model import HAZARDS, MAX_DESCRIPTION

KEYWORD = "SIAGA"
FORMAT = "SIAGA <BENCANA> <KECAMATAN/DESA atau KODE WILAYAH> <keterangan>"
EXAMPLE = "SIAGA BANJIR Tapa air setinggi lutut, 12 rumah"
FORMAT_HINT = f"{FORMAT}, contoh: {EXAMPLE}"
_CODE_SHAPED = re.compile(r"^[\d.]+$")

SYNONYMS = {
    "BANJIR": "banjir",
    "BANJIRBANDANG": "banjir_bandang",
    "BANDANG": "banjir_bandang",
    "LONGSOR": "tanah_longsor",
    "TANAHLONGSOR": "tanah_longsor",
    "GEMPA": "gempa_bumi",
    "GEMPABUMI": "gempa_bumi",
    "TSUNAMI": "tsunami",
    "KEBAKARAN": "kebakaran_permukiman",
    "KEBAKARANRUMAH": "kebakaran_permukiman",
    "API": "kebakaran_permukiman",
    "KARHUTLA": "kebakaran_hutan_lahan",
    "KEBAKARANHUTAN": "kebakaran_hutan_lahan",
    "KEBAKARANLAHAN": "kebakaran_hutan_lahan",
    "ANGIN": "angin_puting_beliung",
    "PUTINGBELIUNG": "angin_puting_beliung",
    "BELIUNG": "angin_puting_beliung",
    "ABRASI": "gelombang_pasang_abrasi",
    "GELOMBANG": "gelombang_pasang_abrasi",
    "GELOMBANGPASANG": "gelombang_pasang_abrasi",
    "ROB": "gelombang_pasang_abrasi",
    "KEKERINGAN": "kekeringan",
    "KERING": "kekeringan",
    "ERUPSI": "erupsi",
    "LETUSAN": "erupsi",
}
SYNONYMS.update({h.replace("_", "").upper(): h for h in HAZARDS})


def keywords_by_hazard() -> dict[str, list[str]]:
    """Every word the parser reads as each hazard (sorted), in the hazard list's order."""
    return {hazard: sorted(word for word, meant in SYNONYMS.items() if meant == hazard) for hazard in HAZARDS}


# "12 rumah" -> houses damaged, "3 meninggal" -> dead, ...; only an explicit number next to the word.
_COUNT_WORDS = {
    "houses_damaged": r"rumah|rmh|unit rumah",
    "dead": r"meninggal|tewas|korban jiwa|mati",
    "missing": r"hilang",
    "injured": r"luka|luka-luka|terluka",
    "displaced": r"mengungsi|pengungsi|jiwa mengungsi",
}
_COUNT_PATTERNS = {
    name: re.compile(rf"(?<![\d.])(\d{{1,6}})\s*(?:org|orang)?\s*(?:{words})\b", re.IGNORECASE)
    for name, words in _COUNT_WORDS.items()
}


@dataclass
class ParsedSms:
    hazard: str = ""
    region_code: str = ""
    text: str = ""
    casualties: dict[str, int] = field(default_factory=dict)
    # (message key, params) when the SMS cannot be filed.
    problem: tuple[str, dict] | None = None


def _counts(text: str) -> dict[str, int]:
    found = {}
    for name, pattern in _COUNT_PATTERNS.items():
        values = [int(m.group(1)) for m in pattern.finditer(text)]
        if len(values) == 1:  # two different figures for one thing: better none than a wrong one
            found[name] = values[0]
    return found


def parse(message: str) -> ParsedSms:
    words = (message or "").split()
    if not words or words[0].upper().strip(".,:") != KEYWORD:
        return ParsedSms(problem=("sms_keyword_missing", {}))
    words = words[1:]
    if not words:
        return ParsedSms(problem=("sms_hazard_missing", {}))
    # Hazards of two words ("PUTING BELIUNG", "BANJIR BANDANG") are tried before one.
    hazard, used = "", 0
    for size in (2, 1):
        key = "".join(w.upper().strip(".,:") for w in words[:size]).replace("_", "")
        if len(words) >= size and key in SYNONYMS:
            hazard, used = SYNONYMS[key], size
            break
    if not hazard:
        return ParsedSms(problem=("sms_hazard_unknown", {"word": words[0][:20]}))
    words = words[used:]
    if not words:
        return ParsedSms(hazard=hazard, problem=("sms_region_missing", {}))
    first = words[0].strip(".,:")
    if _CODE_SHAPED.match(first):
        code = regions.normalise(first)
        if code is None or len(code) < 8 or not regions.in_gorontalo(code):
            return ParsedSms(hazard=hazard, problem=("sms_region_unknown", {"code": words[0][:20]}))
        used = 1
    else:
        match = places.find(words)
        if match is None:
            return ParsedSms(hazard=hazard, problem=("sms_region_unknown", {"code": words[0][:20]}))
        if len(match.regions) > 1:
            return ParsedSms(
                hazard=hazard,
                problem=("sms_region_ambiguous", {"name": match.name[:30], "choices": places.choices(match.regions)}),
            )
        code, used = match.regions[0].code, match.words_used
    text = " ".join(words[used:]).lstrip(",.:; ")[:MAX_DESCRIPTION]
    return ParsedSms(hazard=hazard, region_code=code, text=text, casualties=_counts(text))
