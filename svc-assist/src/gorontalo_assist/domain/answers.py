"""An answer assembled from retrieved passages, never beyond them.

Three kinds: `answered` (the best passages quoted, each with its link, and a worked example where the
source gives a formula), `own_case` (the asker's own application, bill or complaint: the timeline
has it, the assistant does not) and `unknown` (nothing retrieved is good enough: it says so and
offers the complaint form and the office's contact; it never guesses).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from . import questions
from .retrieval import Hit

ANSWERED, OWN_CASE, UNKNOWN = "answered", "own_case", "unknown"
# Passages after the best one are quoted only when they score close to it (a second, related source).
RELATED_SHARE = 0.6


@dataclass(frozen=True)
class Office:
    name: str
    hours: str
    email: str
    complaint_path: str


@dataclass(frozen=True)
class Citation:
    hit: Hit
    link: str  # absolute: WEB_PUBLIC_URL + path, or the API's public base + path
    stale: bool
    read_at: dt.datetime | None


@dataclass(frozen=True)
class NextStep:
    label: str
    link: str


@dataclass(frozen=True)
class Answer:
    kind: str
    text: str
    language: str
    citations: list[Citation] = field(default_factory=list)
    next_steps: list[NextStep] = field(default_factory=list)
    stale_sources: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    """What assembling needs beside the hits: texts, links, staleness and worked examples."""

    translate: Callable[..., str]  # (key, language, **params) -> text
    link_for: Callable[[str], str]  # a passage's link (path) -> absolute URL
    web_link: Callable[[str], str]  # a web app path -> absolute URL
    office: Office
    source_state: Callable[[str], tuple[bool, dt.datetime | None]]  # source -> (stale, read_at)
    # passage id -> (question, language) -> a worked example, or None when the question gives no numbers.
    examples: dict[str, Callable[[str, str], str | None]] = field(default_factory=dict)


def assemble(question: str, hits: list[Hit], min_coverage: float, language: str, context: Context) -> Answer:
    t = context.translate
    if questions.about_own_case(question):
        return Answer(
            OWN_CASE,
            t("assist_own_case", language),
            language,
            next_steps=[NextStep(t("assist_step_timeline", language), context.web_link("/saya"))],
        )
    if not hits or hits[0].coverage < min_coverage:
        return unknown(language, context)
    chosen = [hits[0], *(h for h in hits[1:] if h.score >= hits[0].score * RELATED_SHARE)]
    citations, paragraphs, stale_sources = [], [t("assist_answer_intro", language)], []
    for hit in chosen:
        passage = hit.passage
        stale, read_at = context.source_state(passage.source)
        link = context.link_for(passage.link)
        citations.append(Citation(hit, link, stale, read_at))
        paragraphs.append(f"{passage.title}: {passage.text} ({link})")
        example = context.examples.get(passage.id)
        worked = example(question, language) if example else None
        if worked:
            paragraphs.append(worked)
        if stale and passage.source not in stale_sources:
            stale_sources.append(passage.source)
            when = read_at.strftime("%Y-%m-%d %H:%M UTC") if read_at else "-"
            paragraphs.append(t("assist_source_stale", language, source=passage.source, read_at=when))
    return Answer(ANSWERED, "\n\n".join(paragraphs), language, citations, stale_sources=stale_sources)


def unknown(language: str, context: Context) -> Answer:
    t, office = context.translate, context.office
    return Answer(
        UNKNOWN,
        t("assist_unknown", language, office=office.name, hours=office.hours, email=office.email),
        language,
        next_steps=[
            NextStep(t("assist_step_complaint", language), context.web_link(office.complaint_path)),
            NextStep(t("assist_step_contact", language, office=office.name), f"mailto:{office.email}"),
        ],
    )
