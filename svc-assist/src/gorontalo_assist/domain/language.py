"""Indonesian words to index terms: lower case, stop words out, Sastrawi's stems (persyaratan -> syarat).

Stems are cached: Sastrawi's rules are slow per word, and residents use a small vocabulary.
"""

from __future__ import annotations

import functools
import re

from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
from Sastrawi.Stemmer.Stemmer import Stemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Question words and fillers of residents' questions, beyond Sastrawi's list; they say nothing about
# the topic ("berapa", "gimana"). Negations and numbers stay: "tidak mengalir", "3 bulan".
_EXTRA_STOP_WORDS = {
    "apa", "apakah", "bagaimana", "gimana", "gmn", "berapa", "brp", "kapan", "mana", "kemana", "dimana",
    "siapa", "kenapa", "mengapa", "saja", "aja", "dong", "ya", "kah", "sih", "nya", "tolong", "mohon",
    "bisa", "bisakah", "boleh", "mau", "ingin", "ada", "perlu", "harus", "cara", "caranya", "yg", "utk",
    "kalau", "kalo", "sudah", "udah", "kok", "pak", "bu", "min", "kak",
}  # fmt: skip
_KEEP = {"tidak", "belum", "tanpa"}


class _RootWords(ArrayDictionary):
    """Sastrawi's root-word dictionary answering `contains` from a set.

    Sastrawi keeps its ~29,000 root words in a list and asks it many times per word (each prefix
    and suffix it tries): 99 % of assist's start-up went there (8.6 s for the 541 words of the
    packaged sources on the development machine; issue 20). A set answers the same question.
    """

    def __init__(self, words):
        super().__init__(words)
        self._members = frozenset(self.words)

    def contains(self, word):
        return word in self._members


@functools.cache
def _stemmer() -> Stemmer:
    return Stemmer(_RootWords(StemmerFactory().get_words()))


@functools.cache
def _stop_words() -> frozenset[str]:
    return frozenset((set(StopWordRemoverFactory().get_stop_words()) | _EXTRA_STOP_WORDS) - _KEEP)


@functools.lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    if word.isdigit() or len(word) <= 3:
        return word
    return _stemmer().stem(word) or word


def terms(text: str) -> list[str]:
    """The index terms of a text, in order (duplicates kept: BM25 counts them)."""
    stop = _stop_words()
    found = []
    for word in _WORD.findall(text.lower()):
        for part in word.split("-"):  # berhari-hari, UKL-UPL
            if part and part not in stop:
                found.append(stem(part))
    return found
