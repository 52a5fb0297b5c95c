"""The category suggestion model: TF-IDF features and a logistic regression (scikit-learn).

Trained from a labelled CSV (columns `text`, `category`; the package's
gorontalo_complaints/data/training.csv) plus the dispatchers' stored corrections;
saved with joblib. The service trains it at start when the file is missing,
so the model file is always rebuilt from data, never hand-placed.

scikit-learn, numpy and the model take ~110 MB of a process: the service loads them at the first
complaint it classifies, not at start (issue 20: idle memory per service under 90 MB).
"""

from __future__ import annotations

import csv
import os
import pathlib
import tempfile
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

RANDOM_STATE = 42
HELD_OUT_SHARE = 0.25


@dataclass(frozen=True)
class Suggestion:
    category: str
    confidence: float


@dataclass(frozen=True)
class TrainingResult:
    accuracy: float
    report: str
    samples: int


def read_examples(path: pathlib.Path) -> list[tuple[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return [
            (row["text"].strip(), row["category"].strip())
            for row in csv.DictReader(handle)
            if row.get("text", "").strip() and row.get("category", "").strip()
        ]


def new_pipeline() -> Pipeline:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(lowercase=True, ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
            ("chars", TfidfVectorizer(lowercase=True, analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)),
        ]
    )
    return Pipeline(
        [("features", features), ("classifier", LogisticRegression(C=10.0, max_iter=2000, random_state=RANDOM_STATE))]
    )


def train(examples: list[tuple[str, str]]) -> tuple[Pipeline, TrainingResult]:
    """Score on a stratified held-out split, then fit the model kept on every example."""
    from sklearn.metrics import accuracy_score, classification_report
    from sklearn.model_selection import train_test_split

    texts = [text for text, _ in examples]
    labels = [label for _, label in examples]
    train_x, test_x, train_y, test_y = train_test_split(
        texts, labels, test_size=HELD_OUT_SHARE, random_state=RANDOM_STATE, stratify=labels
    )
    scored = new_pipeline().fit(train_x, train_y)
    predicted = scored.predict(test_x)
    result = TrainingResult(
        accuracy=float(accuracy_score(test_y, predicted)),
        report=classification_report(test_y, predicted, digits=3, zero_division=0),
        samples=len(examples),
    )
    return new_pipeline().fit(texts, labels), result


@dataclass(frozen=True)
class CategoryScore:
    category: str
    precision: float
    recall: float
    support: int


@dataclass(frozen=True)
class Evaluation:
    """Scores on texts the model never saw: per category, and overall."""

    accuracy: float
    scores: tuple[CategoryScore, ...]
    samples: int

    def table(self) -> str:
        lines = [f"{'category':<22}{'precision':>10}{'recall':>10}{'support':>9}"]
        lines += [f"{s.category:<22}{s.precision:>10.3f}{s.recall:>10.3f}{s.support:>9}" for s in self.scores]
        lines.append(f"{'accuracy':<22}{self.accuracy:>20.3f}{self.samples:>9}")
        return "\n".join(lines)


def evaluate(model: Pipeline, examples: list[tuple[str, str]], categories: tuple[str, ...]) -> Evaluation:
    """Per-category precision and recall of `model` on `examples` (a held-out set, never trained on).

    Every category is reported, also one the model cannot predict (precision and recall 0 then), so
    a category missing from the training data shows up as a hole rather than disappearing.
    """
    from sklearn.metrics import accuracy_score, precision_recall_fscore_support

    texts = [text for text, _ in examples]
    truth = [label for _, label in examples]
    predicted = list(model.predict(texts))
    precision, recall, _f1, support = precision_recall_fscore_support(
        truth, predicted, labels=list(categories), zero_division=0
    )
    scores = tuple(
        CategoryScore(c, float(p), float(r), int(n))
        for c, p, r, n in zip(categories, precision, recall, support, strict=False)
    )
    return Evaluation(accuracy=float(accuracy_score(truth, predicted)), scores=scores, samples=len(examples))


def save(model: Pipeline, path: pathlib.Path) -> None:
    import joblib

    path.parent.mkdir(parents=True, exist_ok=True)
    # A temporary of this save's own: replicas starting together on one VAR_DIR each train and save,
    # and with one shared name the first to rename took the other's file away (FileNotFoundError).
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    temporary = pathlib.Path(name)
    try:
        joblib.dump(model, temporary)
        temporary.replace(path)  # readers never see half a file
    finally:
        temporary.unlink(missing_ok=True)


class SklearnCategoryClassifier:
    def __init__(self, model: Pipeline | None = None, *, path: pathlib.Path | None = None):
        """A model in hand, or the file to load it from at its first use."""
        self._model = model
        self._path = path
        self._loading = threading.Lock()

    @classmethod
    def load(cls, path: pathlib.Path) -> SklearnCategoryClassifier:
        import joblib

        return cls(joblib.load(path))

    @classmethod
    def on_first_use(cls, path: pathlib.Path) -> SklearnCategoryClassifier:
        return cls(path=path)

    @property
    def model(self) -> Pipeline:
        if self._model is None:
            with self._loading:  # one load, however many requests arrive at once
                if self._model is None:
                    import joblib

                    self._model = joblib.load(self._path)
        return self._model

    def suggest(self, text: str) -> Suggestion:
        model = self.model
        probabilities = model.predict_proba([text])[0]
        best = int(probabilities.argmax())
        return Suggestion(category=str(model.classes_[best]), confidence=float(probabilities[best]))
