"""Retrieval measured on the question set (data/evaluation.csv), written before the FAQ texts.

Each row names the passage ids that answer it ("a|b" when either does), "timeline" for a question
about the asker's own case, or nothing for a question the sources cannot answer. Figures:
- top-1 / top-3: among answerable questions, the share whose expected passage is the first / among
  the first three retrieved and not refused (a refusal is a miss);
- refusals: the share of all questions answered "tidak tahu"; of the unanswerable ones, the share
  rightly refused (the rest were answered from a wrong passage);
- own case: the share of "timeline" questions pointed to the timeline.
"""

from __future__ import annotations

import csv
import importlib.resources
import io
from dataclasses import dataclass

from ..domain import answers
from .asking import Assistant

TIMELINE = "timeline"


@dataclass(frozen=True)
class Question:
    text: str
    expected: tuple[str, ...]  # passage ids; ("timeline",) or () as above


@dataclass(frozen=True)
class Report:
    questions: int
    answerable: int
    top1: int
    top3: int
    refused: int
    unanswerable: int
    rightly_refused: int
    own_case: int
    own_case_pointed: int

    def lines(self) -> list[str]:
        def share(part: int, whole: int) -> str:
            return f"{part}/{whole} = {part / whole:.1%}" if whole else "0/0"

        return [
            f"questions: {self.questions}",
            f"top-1 retrieval accuracy: {share(self.top1, self.answerable)}",
            f"top-3 retrieval accuracy: {share(self.top3, self.answerable)}",
            f"refusal share (all questions): {share(self.refused, self.questions)}",
            f"unanswerable questions rightly refused: {share(self.rightly_refused, self.unanswerable)}",
            f"own-case questions pointed to the timeline: {share(self.own_case_pointed, self.own_case)}",
        ]


def load_questions(text: str | None = None) -> list[Question]:
    if text is None:
        text = importlib.resources.files("gorontalo_assist.data").joinpath("evaluation.csv").read_text("utf-8")
    rows = csv.DictReader(io.StringIO(text))
    return [Question(row["question"], tuple(e for e in (row["expected"] or "").split("|") if e)) for row in rows]


def evaluate(assistant: Assistant, questions: list[Question], language: str = "id") -> tuple[Report, list[str]]:
    """The figures, and one line per miss (for whoever tunes the sources)."""
    counts = dict.fromkeys(("answerable", "top1", "top3", "refused", "unanswerable", "rightly", "own", "pointed"), 0)
    misses = []
    for question in questions:
        hits = assistant.library.index.search(question.text, k=3)
        answer = assistant.answer(question.text, language)
        refused = answer.kind == answers.UNKNOWN
        counts["refused"] += refused
        if question.expected == (TIMELINE,):
            counts["own"] += 1
            counts["pointed"] += answer.kind == answers.OWN_CASE
            if answer.kind != answers.OWN_CASE:
                misses.append(f"not pointed to the timeline: {question.text!r} ({answer.kind})")
            continue
        if not question.expected:
            counts["unanswerable"] += 1
            counts["rightly"] += refused
            if not refused:
                misses.append(f"answered, should refuse: {question.text!r} -> {hits[0].passage.id if hits else '-'}")
            continue
        counts["answerable"] += 1
        ids = [h.passage.id for h in hits]
        first = not refused and bool(ids) and ids[0] in question.expected
        within = not refused and any(i in question.expected for i in ids)
        counts["top1"] += first
        counts["top3"] += within
        if not first:
            best = f"{ids[0]} {hits[0].score:.1f}" if ids else "nothing"
            misses.append(
                f"{'refused' if refused else 'top-1 miss'}: {question.text!r} -> {best} (want {'|'.join(question.expected)})"
            )
    report = Report(
        questions=len(questions),
        answerable=counts["answerable"],
        top1=counts["top1"],
        top3=counts["top3"],
        refused=counts["refused"],
        unanswerable=counts["unanswerable"],
        rightly_refused=counts["rightly"],
        own_case=counts["own"],
        own_case_pointed=counts["pointed"],
    )
    return report, misses
