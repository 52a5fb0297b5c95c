"""svc-assist installs and starts from its own wheel, and every text it shows exists in both languages."""

import pathlib
import re

from gorontalo_assist import messages

from servicekit.testing import undeclared_imports, unpackaged_data_files

PROJECT = pathlib.Path(__file__).resolve().parents[2]
PACKAGE = "gorontalo_assist"


def test_every_import_the_package_makes_is_a_declared_dependency():
    # The exceptions are declared too, as the [evaluate] extra: only `evaluate --sources packages` reads
    # the complaint categories, the tax rules and the SMS format from their owners' packages (the service
    # reads them over gRPC); the service's own dependencies name no other service.
    extras = {"gorontalo-complaints", "gorontalo-tax", "gorontalo-disaster"}
    assert set(undeclared_imports(PROJECT, PACKAGE)) == extras
    pyproject = (PROJECT / "pyproject.toml").read_text()
    dependencies, optional = pyproject.split("dependencies = [", 1)[1].split("[project.optional-dependencies]")
    assert all(f'"{name}"' in optional for name in extras)
    assert re.findall(r'"(gorontalo-[a-z]+)', dependencies) == ["gorontalo-servicekit", "gorontalo-contracts"]


def test_every_file_the_package_reads_is_package_data():
    assert unpackaged_data_files(PROJECT, PACKAGE) == []


def test_every_key_used_has_indonesian_and_english_texts():
    source = "\n".join(p.read_text() for p in (PROJECT / "src" / PACKAGE).rglob("*.py"))
    keys = set(re.findall(r"\"(assist_[a-z_]+)\"", source))
    assert "assist_unknown" in keys and "assist_penalty_example" in keys
    for key in keys:
        for language in ("id", "en"):
            assert messages.CATALOG.translate(key, language) != key, (key, language)
