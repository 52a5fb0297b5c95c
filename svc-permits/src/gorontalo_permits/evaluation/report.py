"""`gorontalo-permits evaluate-precheck`: how well the pre-check reads and flags, on synthetic labelled cards.

Each generated card is put into an application slot under a scenario with a known answer: a KTP of
the declared person (no flag), a KTP of someone else (nik_mismatch), an NPWP card uploaded as the KTP
(wrong_document_type), an NIB page with the application's NIB or another (nib_mismatch), and so on.
The real OCR (adapters/ocr.py) and the real parsers and rules run on each; the register is simulated
from the truth (identity's answer is not what is measured here). Figures per image quality:

- field accuracy: the exact value read, per field (nik, name, birth_date, npwp, nib) and for the kind;
- flag precision and recall, per flag kind the scenarios plant;
- the share of documents flagged unreadable (each one an officer must read by eye).
"""

from __future__ import annotations

import collections
import json
import random
import sys

from ..adapters.ocr import TesseractOcr
from ..domain import precheck
from ..domain.document_reading import KTP, NIB, NPWP, read_document
from . import cards as card_set

SLOT = {KTP: "KTP penanggung jawab", NPWP: "NPWP", NIB: "NIB"}
PLANTED = (precheck.WRONG_DOCUMENT_TYPE, precheck.NIK_MISMATCH, precheck.NIB_MISMATCH)


def scenario(card: card_set.Card, rng: random.Random) -> tuple[str, precheck.DeclaredPerson | None, str, set[str]]:
    """(slot the card is uploaded as, declared person, the application's NIB, the flags that are right)."""
    if card.kind == KTP:
        own = precheck.DeclaredPerson(card.fields["nik"], card.fields["name"])
        choice = rng.random()
        if choice < 0.5:
            return SLOT[KTP], own, "", set()
        if choice < 0.8:
            other = card_set.person(rng)
            return SLOT[KTP], precheck.DeclaredPerson(other["nik"], other["name"]), "", {precheck.NIK_MISMATCH}
        return SLOT[NPWP], own, "", {precheck.WRONG_DOCUMENT_TYPE}
    if card.kind == NPWP:
        if rng.random() < 0.5:
            return SLOT[NPWP], None, "", set()
        return SLOT[KTP], None, "", {precheck.WRONG_DOCUMENT_TYPE}
    if rng.random() < 0.6:
        return SLOT[NIB], None, card.fields["nib"], set()
    return SLOT[NIB], None, card_set.nib_number(rng), {precheck.NIB_MISMATCH}


def truthful_register(card: card_set.Card):
    """identity as it would answer for this made-up resident."""

    def match(nik, declared):
        if card.kind != KTP or declared is None:
            return None
        return nik == card.fields["nik"] and declared.name == card.fields["name"]

    return match


class Tally:
    def __init__(self):
        self.fields = collections.defaultdict(lambda: [0, 0])  # field -> [right, total]
        self.flags = collections.defaultdict(lambda: [0, 0, 0])  # kind -> [true positives, raised, planted]
        self.unreadable = [0, 0]  # [flagged unreadable, documents]

    def add(self, card, reading, raised: set[str], planted: set[str]) -> None:
        self.fields["kind"][0] += reading.kind == card.kind
        self.fields["kind"][1] += 1
        for name, truth in card.fields.items():
            self.fields[name][0] += reading.fields.get(name) == truth
            self.fields[name][1] += 1
        for kind in PLANTED:
            self.flags[kind][0] += kind in raised and kind in planted
            self.flags[kind][1] += kind in raised
            self.flags[kind][2] += kind in planted
        self.unreadable[0] += precheck.UNREADABLE_SCAN in raised
        self.unreadable[1] += 1

    def figures(self) -> dict:
        def share(a, b):
            return round(a / b, 3) if b else None

        return {
            "documents": self.unreadable[1],
            "field_accuracy": {k: {"accuracy": share(r, t), "n": t} for k, (r, t) in sorted(self.fields.items())},
            "flags": {
                kind: {
                    "precision": share(tp, raised),
                    "recall": share(tp, planted),
                    "raised": raised,
                    "planted": planted,
                }
                for kind, (tp, raised, planted) in self.flags.items()
            },
            "unreadable_share": share(*self.unreadable),
        }


def evaluate(count: int, seed: int, ocr=None, progress=None) -> dict:
    ocr = ocr or TesseractOcr(nice=10)  # an offline measurement: requests on the same machine go first
    rng = random.Random(seed + 1)
    by_quality: dict[str, Tally] = collections.defaultdict(Tally)
    overall = Tally()
    for index, card in enumerate(card_set.generate(count, seed)):
        slot, declared, nib, planted = scenario(card, rng)
        result = ocr.read_image(card.image)
        reading = read_document(result.text, result.confidence)
        flags = precheck.document_flags(
            precheck.Slot(str(index), slot, reading), declared=declared, nib=nib, register_match=truthful_register(card)
        )
        raised = {f.kind for f in flags}
        for tally in (by_quality[card.quality], overall):
            tally.add(card, reading, raised, planted)
        if progress:
            progress(index + 1, count)
    return {
        "count": count,
        "seed": seed,
        "overall": overall.figures(),
        "by_quality": {q: by_quality[q].figures() for q in card_set.QUALITIES if q in by_quality},
    }


def table(figures: dict) -> str:
    """The figures as the README prints them (Markdown)."""
    rows = ["| quality | n | kind | NIK | name | birth date | NPWP | NIB | unreadable | "
            "wrong type P/R | NIK mismatch P/R | NIB mismatch P/R |", "|---" * 12 + "|"]  # fmt: skip

    def acc(f, name):
        value = f["field_accuracy"].get(name, {}).get("accuracy")
        return "-" if value is None else f"{value:.0%}"

    def pr(f, kind):
        flag = f["flags"][kind]
        p, r = flag["precision"], flag["recall"]
        return f"{'-' if p is None else f'{p:.0%}'} / {'-' if r is None else f'{r:.0%}'}"

    for quality, f in [*figures["by_quality"].items(), ("all", figures["overall"])]:
        rows.append(
            f"| {quality} | {f['documents']} | {acc(f, 'kind')} | {acc(f, 'nik')} | {acc(f, 'name')} | "
            f"{acc(f, 'birth_date')} | {acc(f, 'npwp')} | {acc(f, 'nib')} | {f['unreadable_share']:.0%} | "
            f"{pr(f, precheck.WRONG_DOCUMENT_TYPE)} | {pr(f, precheck.NIK_MISMATCH)} | {pr(f, precheck.NIB_MISMATCH)} |"
        )
    return "\n".join(rows)


def main(count: int, seed: int, output: str | None = None) -> int:
    if count < 1:
        print("--count must be at least 1", file=sys.stderr)
        return 2
    figures = evaluate(count, seed, progress=lambda i, n: print(f"\r{i}/{n}", end="", file=sys.stderr))
    print(file=sys.stderr)
    print(table(figures))
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            json.dump(figures, handle, indent=2, sort_keys=True)
    return 0
