"""BM25 over the passages' stems (bm25s) ranks; coverage decides whether the best is good enough.

A raw BM25 score says little on its own: a one-word question ("apa itu NIB?") scores low on the
passage that answers it exactly, and a long off-topic question scores high on a passage sharing
one common word. So the floor is on coverage instead: the share of the question's terms, weighted
by their rarity (IDF), that the passage contains. A term no passage has weighs the most: "paspor"
in "cara membuat paspor" is what the question is about, and no source speaks of it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import bm25s
import numpy as np

from . import language
from .passages import Passage


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float  # BM25
    coverage: float  # 0..1: IDF-weighted share of the question's terms found in the passage


class PassageIndex:
    """Immutable: a refresh builds a new index and swaps it in whole."""

    def __init__(self, passages: list[Passage]):
        self.passages = list(passages)
        corpus = [language.terms(p.indexed_text) or ["\x00"] for p in self.passages]
        self._terms = [frozenset(doc) for doc in corpus]
        self._document_frequency: dict[str, int] = {}
        for doc in self._terms:
            for term in doc:
                self._document_frequency[term] = self._document_frequency.get(term, 0) + 1
        self._bm25 = bm25s.BM25()
        if self.passages:
            self._bm25.index(corpus, show_progress=False)

    def _idf(self, term: str) -> float:
        n, df = len(self.passages), self._document_frequency.get(term, 0)
        return math.log((n - df + 0.5) / (df + 0.5) + 1)

    def search(self, question: str, k: int = 3) -> list[Hit]:
        """The k best passages with a positive score, best first."""
        asked = list(dict.fromkeys(language.terms(question)))
        query = [t for t in asked if t in self._document_frequency]
        if not self.passages or not query:
            return []
        weights = {t: self._idf(t) for t in asked}
        total = sum(weights.values())
        scores = self._bm25.get_scores(query)
        best = np.argsort(-scores, kind="stable")[:k]
        return [
            Hit(
                self.passages[i],
                float(scores[i]),
                sum(w for t, w in weights.items() if t in self._terms[i]) / total,
            )
            for i in best
            if scores[i] > 0
        ]
