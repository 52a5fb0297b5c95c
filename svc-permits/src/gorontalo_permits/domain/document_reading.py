"""What an identity document says, from the text OCR read off it: which card it is, and its numbers.

Plain text in, fields out; no OCR engine here (adapters/ocr.py). OCR confuses letters and digits
(O/0, I/1, S/5, B/8), breaks long numbers with spaces and misreads labels, so the parsers look for a
label first and accept the number near it, then fall back to a bare number of the right shape.
Only the extracted fields leave this module: the full text is never kept.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

KTP = "ktp"
NPWP = "npwp"
NIB = "nib"
OTHER = "other"  # text, but none of the cards above
UNREADABLE = "unreadable"  # too little text, or text read with too little confidence
KINDS = (KTP, NPWP, NIB, OTHER, UNREADABLE)

# Below this mean word confidence (0-1) or this many letters and digits, nothing read is trusted.
MIN_CONFIDENCE = 0.45
MIN_CHARACTERS = 12

# Words that mark each card (upper case). A label OCR mangled still counts when close enough.
_MARKERS = {
    KTP: (
        "NIK",
        "PROVINSI",
        "KARTU TANDA PENDUDUK",
        "TEMPAT/TGL LAHIR",
        "JENIS KELAMIN",
        "GOL. DARAH",
        "RT/RW",
        "KEL/DESA",
        "KECAMATAN",
        "AGAMA",
        "STATUS PERKAWINAN",
        "KEWARGANEGARAAN",
        "BERLAKU HINGGA",
    ),
    NPWP: ("NPWP", "NOMOR POKOK WAJIB PAJAK", "DIREKTORAT JENDERAL PAJAK", "KEMENTERIAN KEUANGAN", "KPP"),
    NIB: ("NOMOR INDUK BERUSAHA", "NIB", "LEMBAGA OSS", "PERIZINAN BERUSAHA", "KBLI", "ONLINE SINGLE SUBMISSION"),
}
# OCR's usual letter-for-digit mistakes, undone inside what must be a number.
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "|": "1", "i": "1",
                                   "!": "1", "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "G": "6", "b": "6",
                                   "T": "7", "g": "9", "q": "9"})  # fmt: skip
_NUMBERISH = re.compile(r"[0-9OoDQIl|i!SsBZzGbTgq][0-9OoDQIl|i!SsBZzGbTgq .,\-]*[0-9OoDQIl|i!SsBZzGbTgq]")
_DATE = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})")
_NAME_CHARS = re.compile(r"[^A-Z' .,-]")


@dataclass(frozen=True)
class Reading:
    """What was read off one document: its kind, the fields found, the OCR's confidence (0-1)."""

    kind: str
    fields: dict[str, str] = field(default_factory=dict)  # nik, name, birth_date (ISO), npwp, nib
    confidence: float = 0.0
    markers: tuple[str, ...] = ()  # the card's words that were found (the "text it read" for the type)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text.translate(_DIGIT_LOOKALIKES))


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def _close(word: str, candidate: str) -> bool:
    return word == candidate or (len(word) >= 4 and difflib.SequenceMatcher(None, word, candidate).ratio() >= 0.8)


def found_markers(text: str) -> dict[str, tuple[str, ...]]:
    """Per kind, its marker words present in the text (exactly, or as a close OCR misreading)."""
    upper = (text or "").upper()
    words = re.findall(r"[A-Z0-9./]+", upper)
    found: dict[str, tuple[str, ...]] = {}
    for kind, markers in _MARKERS.items():
        hits = []
        for marker in markers:
            parts = marker.split()
            if marker in upper:
                hits.append(marker)
            elif len(parts) == 1 and len(marker) >= 4 and any(_close(w, marker) for w in words):
                hits.append(marker)
            elif len(parts) > 1 and _fuzzy_phrase(words, parts):
                hits.append(marker)
        found[kind] = tuple(hits)
    return found


def _fuzzy_phrase(words: list[str], parts: list[str]) -> bool:
    n = len(parts)
    return any(all(_close(words[i + k], parts[k]) for k in range(n)) for i in range(len(words) - n + 1))


def _after_label(lines: list[str], labels: tuple[str, ...]) -> list[str]:
    """The rest of each line that starts with (something close to) one of the labels, label removed."""
    out = []
    for line in lines:
        head, sep, rest = line.partition(":")
        first = head.strip().upper()
        if sep and any(_close(first, label) or first.startswith(label) for label in labels):
            out.append(rest.strip())
        elif not sep:
            upper = line.upper()
            for label in labels:
                if upper.startswith(label + " "):
                    out.append(line[len(label) :].strip())
    return out


def _numbers(text: str, length: int, valid=None) -> list[str]:
    """Runs of exactly `length` digits in the text (OCR look-alikes undone, spaces inside bridged). With
    `valid`, a run one or two digits longer (a stray mark read as a digit) counts when exactly one of
    its windows is valid."""
    found = []
    for chunk in _NUMBERISH.findall(text):
        digits = _digits(chunk)
        if len(digits) == length:
            found.append(digits)
        elif valid is not None and length < len(digits) <= length + 2:
            windows = {digits[i : i + length] for i in range(len(digits) - length + 1)}
            good = [w for w in windows if valid(w)]
            if len(good) == 1:
                found.append(good[0])
    for chunk in re.findall(r"\d+", text):  # a number glued to other digits still counts alone
        if len(chunk) == length and chunk not in found:
            found.append(chunk)
    return found


def is_nik(value: str) -> bool:
    """16 digits: province 11-94, birth day 01-31 (41-71 for women), month 01-12, serial not 0000."""
    if not re.fullmatch(r"\d{16}", value or ""):
        return False
    day, month = int(value[6:8]), int(value[8:10])
    day = day - 40 if day > 40 else day
    return 11 <= int(value[:2]) <= 94 and 1 <= day <= 31 and 1 <= month <= 12 and value[12:] != "0000"


def format_npwp(digits: str) -> str:
    """15 digits as printed: 01.234.567.8-901.000; the 16-digit NPWP (a NIK since 2024) as it is."""
    if len(digits) == 15:
        return f"{digits[:2]}.{digits[2:5]}.{digits[5:8]}.{digits[8]}-{digits[9:12]}.{digits[12:]}"
    return digits


def find_nik(text: str) -> str:
    lines = _lines(text)
    for rest in _after_label(lines, ("NIK",)):
        for candidate in _numbers(rest, 16, is_nik):
            if is_nik(candidate):
                return candidate
    for candidate in _numbers(text, 16, is_nik):
        if is_nik(candidate):
            return candidate
    return ""


def _clean_name(raw: str) -> str:
    return " ".join(_NAME_CHARS.sub(" ", raw.upper()).split()).strip(" .,-")


def find_name(text: str) -> str:
    """After the 'Nama' label; a label OCR dropped leaves the value on the line under the NIK's."""
    lines = _lines(text)
    for rest in _after_label(lines, ("NAMA",)):
        name = _clean_name(rest)
        if len(name) >= 2:
            return name
    nik = find_nik(text)
    for index, line in enumerate(lines[:-1]):
        if nik and nik in _digits(line):
            following = lines[index + 1].lstrip(" :.|")
            if re.fullmatch(r"[A-Za-z' .,-]{2,100}", following):
                return _clean_name(following)
    return ""


def find_birth_date(text: str) -> str:
    """ISO date from the 'Tempat/Tgl Lahir' line (KTP: DD-MM-YYYY), or ''."""
    candidates = _after_label(_lines(text), ("TEMPAT/TGL LAHIR", "TEMPAT/TGL. LAHIR", "TTL", "LAHIR"))
    for rest in candidates or [text]:
        for day, month, year in _DATE.findall(rest.translate(_DIGIT_LOOKALIKES) if candidates else rest):
            try:
                return dt.date(int(year), int(month), int(day)).isoformat()
            except ValueError:
                continue
    return ""


def find_npwp(text: str) -> str:
    """The NPWP: 15 digits (99.999.999.9-999.999) or the 16-digit form; printed form returned."""
    labelled = _after_label(_lines(text), ("NPWP", "NPWP16", "NOMOR POKOK WAJIB PAJAK"))
    for source in (*labelled, text):
        for length in (15, 16):
            for candidate in _numbers(source, length):
                return format_npwp(candidate)
    return ""


def find_nib(text: str) -> str:
    labelled = _after_label(_lines(text), ("NIB", "NOMOR INDUK BERUSAHA", "NOMOR INDUK BERUSAHA (NIB)"))
    for source in (*labelled, text):
        for candidate in _numbers(source, 13):
            return candidate
    return ""


def classify(text: str) -> tuple[str, tuple[str, ...]]:
    """The kind of card the text is from, and the marker words that decided it."""
    markers = found_markers(text)
    scores = {kind: len(hits) for kind, hits in markers.items()}
    # A number of the card's shape next to its label weighs as much as two more marker words.
    if find_npwp(text) and markers[NPWP]:
        scores[NPWP] += 2
    if find_nib(text) and markers[NIB]:
        scores[NIB] += 2
    if find_nik(text) and markers[KTP]:
        scores[KTP] += 2
    best = max(scores, key=lambda kind: (scores[kind], kind == KTP))
    if scores[best] < 2:
        return OTHER, ()
    return best, markers[best]


def read_document(text: str, confidence: float) -> Reading:
    """Everything this module finds in one document's OCR text (confidence: mean word confidence 0-1)."""
    meaningful = len(re.sub(r"[^A-Za-z0-9]", "", text or ""))
    if meaningful < MIN_CHARACTERS or confidence < MIN_CONFIDENCE:
        return Reading(UNREADABLE, {}, confidence)
    kind, markers = classify(text)
    fields: dict[str, str] = {}
    if kind == KTP:
        fields = {"nik": find_nik(text), "name": find_name(text), "birth_date": find_birth_date(text)}
    elif kind == NPWP:
        fields = {"npwp": find_npwp(text), "name": find_name(text)}
    elif kind == NIB:
        fields = {"nib": find_nib(text)}
    return Reading(kind, {k: v for k, v in fields.items() if v}, confidence, markers)


def expected_kind(document_type: str) -> str | None:
    """Which card a catalog document slot should hold ('KTP penanggung jawab' -> ktp); None: not a card
    this pre-check reads (a site plan, a deed), so only an identity card found there is flagged."""
    name = " ".join((document_type or "").lower().split())
    if name.startswith("ktp") or "kartu tanda penduduk" in name:
        return KTP
    if name.startswith("npwp"):
        return NPWP
    if name.startswith("nib") or "nomor induk berusaha" in name:
        return NIB
    return None
