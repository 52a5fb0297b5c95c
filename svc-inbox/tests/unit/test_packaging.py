"""svc-inbox installs and starts from its own wheel: what it imports is declared, what it reads is in it.

The checks (servicekit.testing) read the package's source and pyproject.toml, so they fail the moment a
new import or data file is added without being declared (building and installing the wheel is the
repository-wide test).
"""

import pathlib
import tomllib

from servicekit.testing import package_data_files, undeclared_imports, unpackaged_data_files

PROJECT = pathlib.Path(__file__).resolve().parents[2]
PACKAGE = "gorontalo_inbox"


def test_every_import_the_package_makes_is_a_declared_dependency():
    missing = undeclared_imports(PROJECT, PACKAGE)
    assert missing == {}, f"imported but not in pyproject dependencies: {missing}"


def test_every_file_the_package_reads_is_package_data():
    data_files = package_data_files(PROJECT, PACKAGE)
    assert "locale/id/LC_MESSAGES/inbox.po" in data_files and "migrations/script.py.mako" in data_files
    assert unpackaged_data_files(PROJECT, PACKAGE) == []


def test_the_console_script_is_declared():
    pyproject = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["scripts"] == {"gorontalo-inbox": "gorontalo_inbox.entrypoints.cli:main"}
