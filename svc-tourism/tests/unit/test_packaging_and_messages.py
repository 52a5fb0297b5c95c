"""svc-tourism installs and starts from its own wheel, and every reason it raises has its texts.

The checks (servicekit.testing) read the package's source and pyproject.toml, so they fail the moment
an import or a data file is added without being declared."""

import ast
import json
import pathlib

from gorontalo_tourism import bootstrap, messages

from servicekit import images, regions
from servicekit.testing import package_data_files, undeclared_imports, unpackaged_data_files

PROJECT = pathlib.Path(__file__).resolve().parents[2]
PACKAGE = "gorontalo_tourism"
REASON_CALLS = {
    "add",
    "FieldViolation",
    "InvalidArgument",
    "NotFound",
    "PermissionDenied",
    "FailedPrecondition",
    "AlreadyExists",
    "Unavailable",
    "ResourceExhausted",
}


def test_every_import_the_package_makes_is_a_declared_dependency():
    assert undeclared_imports(PROJECT, PACKAGE) == {}


def test_every_file_the_package_reads_is_package_data():
    assert "data/destinations.json" in package_data_files(PROJECT, PACKAGE)
    assert unpackaged_data_files(PROJECT, PACKAGE) == []
    package_dir = (PROJECT / "src" / PACKAGE).resolve()
    assert package_dir in pathlib.Path(str(bootstrap.seed_path())).resolve().parents


def _constant(node, index: int) -> str | None:
    if (
        len(node.args) > index
        and isinstance(node.args[index], ast.Constant)
        and isinstance(node.args[index].value, str)
    ):
        return node.args[index].value
    return None


def _reasons() -> set[str]:
    """Reason codes in the source: the second argument of problems.add(field, reason) and
    FieldViolation(field, reason), the first of an error's constructor."""
    found = set()
    for path in (PROJECT / "src" / PACKAGE).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            receiver = getattr(func.value, "id", "") if isinstance(func, ast.Attribute) else ""
            if (name == "add" and receiver == "problems") or name == "FieldViolation":
                reason = _constant(node, 1)
            elif name in REASON_CALLS - {"add", "FieldViolation"}:
                reason = _constant(node, 0)
            else:
                continue
            if reason:
                found.add(reason)
    return found


def test_every_reason_has_indonesian_and_english_texts():
    reasons = _reasons() | {
        images.EMPTY,
        images.TOO_LARGE,
        images.TOO_MANY_PIXELS,
        images.FORMAT_NOT_ALLOWED,
        images.UNREADABLE,
    }
    assert "destination_possible_duplicate" in reasons and "price_out_of_range" in reasons
    for reason in sorted(reasons):
        indonesian, english = messages.translate(reason, "id"), messages.translate(reason, "en")
        assert indonesian != reason and english != reason, reason


def test_the_starting_set_states_only_what_it_can():
    seed = json.loads(bootstrap.seed_path().read_bytes())["destinations"]
    names = {record["name"] for record in seed}
    assert names >= {
        "Taman Laut Olele",
        "Hiu Paus Botubarani",
        "Benteng Otanaha",
        "Danau Limboto",
        "Pulau Saronde",
        "Air Terjun Lombongo",
        "Pulau Cinta",
        "Pantai Bolihutuo",
    }
    for record in seed:
        assert record["source"].strip() and record["coordinates_approximate"] is True
        assert regions.in_gorontalo(record["region_code"]), record["key"]
        assert not record.get("prices") and not record.get("opening_hours") and not record.get("contacts")
        assert record["description"]["id"] and record["description"]["en"]
