"""The suggestion model: trained from the repository's labelled data, scored on a held-out split."""

import pathlib

import pytest

from gorontalo_complaints import bootstrap as composition
from gorontalo_complaints.adapters import classifier
from gorontalo_complaints.domain import model
from gorontalo_complaints.entrypoints import cli

DATA = pathlib.Path(__file__).resolve().parents[2] / "src" / "gorontalo_complaints" / "data" / "training.csv"


@pytest.fixture(scope="module")
def trained():
    return classifier.train(classifier.read_examples(DATA))


def test_the_labelled_file_covers_every_category_with_enough_examples():
    examples = classifier.read_examples(DATA)
    assert len(examples) >= 300
    labels = {label for _, label in examples}
    assert labels == set(model.CATEGORIES)
    assert min(sum(1 for _, label in examples if label == c) for c in labels) >= 25


def test_held_out_scores_are_reported(trained):
    _model, result = trained
    assert result.accuracy >= 0.8
    for category in model.CATEGORIES:
        assert category in result.report
    assert "precision" in result.report and "recall" in result.report


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Jalan di depan rumah kami berlubang dan aspalnya rusak", "jalan_rusak"),
        ("Lampu penerangan jalan mati, gang jadi gelap", "lampu_jalan"),
        ("Air PDAM tidak mengalir sejak kemarin", "air_bersih"),
        ("Petugas minta uang pelicin untuk urus surat", "pungli"),
        ("Rumah warga terendam banjir setinggi lutut", "banjir"),
    ],
)
def test_clear_texts_get_the_right_category(trained, text, expected):
    suggestion = classifier.SklearnCategoryClassifier(trained[0]).suggest(text)
    assert suggestion.category == expected and 0.0 < suggestion.confidence <= 1.0


def test_saved_model_loads_back(trained, tmp_path):
    path = tmp_path / "model.joblib"
    classifier.save(trained[0], path)
    loaded = classifier.SklearnCategoryClassifier.load(path)
    text = "Sampah menumpuk tidak diangkut"
    assert loaded.suggest(text) == classifier.SklearnCategoryClassifier(trained[0]).suggest(text)


def test_two_replicas_saving_the_model_at_once_both_succeed(trained, tmp_path, monkeypatch):
    """Two replicas on one VAR_DIR start without a model and each saves the one it trained: the second
    saves while the first is between writing and renaming. With one shared temporary name the first's
    rename then found nothing (FileNotFoundError, found by tests/scaleout/test_chaos.py)."""
    path = tmp_path / "model.joblib"
    import joblib  # the classifier imports it when it saves or loads (issue 20: not at start)

    real_dump = joblib.dump
    others = []

    def dump_while_another_replica_saves(model_, target):
        real_dump(model_, target)
        if not others:
            others.append(target)
            classifier.save(model_, path)  # the other replica, from start to end

    monkeypatch.setattr(joblib, "dump", dump_while_another_replica_saves)
    classifier.save(trained[0], path)
    assert others and path.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["model.joblib"]  # no temporary left behind
    assert classifier.SklearnCategoryClassifier.load(path).suggest("Banjir setinggi lutut").category == "banjir"


def test_train_model_command_writes_the_file_and_prints_the_report(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    monkeypatch.setenv("COMPLAINTS_DATABASE_URL", f"sqlite:///{tmp_path / 'complaints.db'}")
    output = tmp_path / "models" / "m.joblib"
    assert cli.main(["train-model", "--output", str(output)]) == 0
    printed = capsys.readouterr().out
    assert output.exists() and "accuracy:" in printed and "recall" in printed and "0 from dispatcher" in printed


def test_a_missing_model_is_trained_at_start(make_app, tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'c.db'}")
    assert (tmp_path / composition.MODEL_FILENAME).exists()
    assert app.router.classifier.suggest("Lampu jalan mati total").category == "lampu_jalan"


HELDOUT = DATA.with_name("heldout.csv")


def test_the_held_out_set_covers_every_category_and_shares_no_text_with_training():
    heldout = classifier.read_examples(HELDOUT)
    assert {label for _, label in heldout} == set(model.CATEGORIES)
    assert min(sum(1 for _, label in heldout if label == c) for c in model.CATEGORIES) >= 10
    training = {text.lower() for text, _ in classifier.read_examples(DATA)}
    assert not [text for text, _ in heldout if text.lower() in training]


def test_evaluate_model_reports_precision_and_recall_of_every_category(capsys):
    """The figures the README publishes; no threshold here, so nobody tunes the model to this test."""
    assert cli.main(["evaluate-model"]) == 0
    rows = {line.split()[0]: line.split()[1:] for line in capsys.readouterr().out.splitlines()[2:]}
    assert set(model.CATEGORIES) | {"accuracy"} == set(rows)
    for category in model.CATEGORIES:
        precision, recall, support = rows[category]
        assert 0.0 <= float(precision) <= 1.0 and 0.0 <= float(recall) <= 1.0 and int(support) >= 10


def test_every_category_but_lainnya_is_routed_in_every_regency_new_ones_to_disdukcapil_and_dishub():
    from gorontalo_complaints.domain.routing import RoutingTable

    table = RoutingTable.from_json(composition.routing_path().read_text(encoding="utf-8"))
    for regency in ("75.01", "75.02", "75.03", "75.04", "75.05", "75.71"):
        for category in model.CATEGORIES:
            agency = table.lookup(category, regency)
            assert (agency is None) == (category == "lainnya"), (category, regency)
        assert table.lookup("adminduk", regency).code == "disdukcapil-" + regency.replace(".", "")
        assert table.lookup("angkutan_umum", regency).code == "dishub-" + regency.replace(".", "")


def test_the_service_loads_scikit_learn_and_the_model_at_the_first_suggestion_not_at_start(trained, tmp_path):
    """Issue 20: an idle complaints process holds neither scikit-learn nor the model (~110 MB)."""
    import subprocess
    import sys
    import textwrap

    path = tmp_path / "model.joblib"
    classifier.save(trained[0], path)
    script = textwrap.dedent(
        f"""
        import sys
        from gorontalo_complaints.adapters import classifier
        lazy = classifier.SklearnCategoryClassifier.on_first_use(__import__("pathlib").Path({str(path)!r}))
        print("sklearn" in sys.modules, "numpy" in sys.modules)
        print(lazy.suggest("Banjir setinggi lutut").category, "sklearn" in sys.modules)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False", "banjir", "True"]
