"""Asking a question: limits first, then retrieval, then the answer assembled from what was found.

The question itself is never logged, stored or put in a metric label: residents type NIKs and phone
numbers into it.
"""

from __future__ import annotations

from dataclasses import dataclass

from servicekit.errors import InvalidArgument
from servicekit.ratelimit import RateLimits

from ..domain import answers
from . import metrics
from .library import SourceLibrary

MAX_QUESTION_CHARS = 500


@dataclass(frozen=True)
class QuestionLimits:
    """Questions per client address (the gateway's x-client-address) and per account, `limits` notation."""

    limits: RateLimits | None = None
    per_address: str = "30/minute"
    per_account: str = "20/minute"

    def enforce(self, account: str, client_address: str) -> None:
        if self.limits is not None:
            self.limits.enforce(
                [
                    ("assist-questions-address", self.per_address, client_address),
                    ("assist-questions-account", self.per_account, account),
                ]
            )


@dataclass(frozen=True)
class Assistant:
    library: SourceLibrary
    context: answers.Context
    min_coverage: float
    limits: QuestionLimits = QuestionLimits()

    def ask(self, question: str, language: str, *, account: str = "", client_address: str = "") -> answers.Answer:
        question = (question or "").strip()
        if not question:
            raise InvalidArgument("assist_question_empty")
        if len(question) > MAX_QUESTION_CHARS:
            raise InvalidArgument("assist_question_too_long", max=MAX_QUESTION_CHARS)
        self.limits.enforce(account, client_address)
        answer = self.answer(question, language)
        metrics.ANSWERS.labels(answer.kind).inc()
        return answer

    def answer(self, question: str, language: str) -> answers.Answer:
        """Without limits or counting: what the evaluation and the benchmark measure."""
        hits = self.library.index.search(question, k=3)
        return answers.assemble(question, hits, self.min_coverage, language, self.context)
