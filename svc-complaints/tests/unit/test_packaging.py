"""svc-complaints installs and starts from its own wheel: what it imports is declared, what it reads is in it.

The wheel once left out the model's training data (the service could not train the model it serves
with) and did not declare `requests`; both worked only inside this repository. The checks
(servicekit.testing) read the package's source and pyproject.toml, so they fail the moment a new import
or data file is added without being declared. (Building and installing the wheel itself is the
repository-wide test.)
"""

import pathlib

from gorontalo_complaints import bootstrap
from servicekit.testing import package_data_files, undeclared_imports, unpackaged_data_files

PROJECT = pathlib.Path(__file__).resolve().parents[2]
PACKAGE = "gorontalo_complaints"


def test_every_import_the_package_makes_is_a_declared_dependency():
    missing = undeclared_imports(PROJECT, PACKAGE)
    assert missing == {}, f"imported but not in pyproject dependencies: {missing}"


def test_every_file_the_package_reads_is_package_data():
    data_files = package_data_files(PROJECT, PACKAGE)
    assert "data/training.csv" in data_files and "data/routing.json" in data_files
    assert unpackaged_data_files(PROJECT, PACKAGE) == []


def test_the_default_data_paths_are_inside_the_package(monkeypatch):
    monkeypatch.delenv("COMPLAINTS_TRAINING_PATH", raising=False)
    monkeypatch.delenv("COMPLAINTS_ROUTING_PATH", raising=False)
    package_dir = (PROJECT / "src" / PACKAGE).resolve()
    for path in (bootstrap.training_path(), bootstrap.routing_path()):
        assert path.is_file() and package_dir in path.resolve().parents, path
