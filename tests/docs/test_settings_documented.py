"""Every environment variable the code reads is in the README's configuration table (issue 13)."""

from __future__ import annotations

import ast
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCES = [
    *ROOT.glob("svc-*/src/**/*.py"),
    *ROOT.glob("libs/servicekit/src/**/*.py"),
    *ROOT.glob("gateway/src/**/*.py"),
    *ROOT.glob("web/src/**/*.py"),
]
READERS = {"env", "env_int", "env_float", "env_bool", "getenv", "get"}
# Read by the code but not settings of the platform: the test harness (pytest-xdist's worker, for the
# test ports of servicekit.testing) and the fault hook for tests.
NOT_SETTINGS = {
    "GORONTALO_FAULT_EXIT_AFTER_COMMIT",
    "PATH",
    "HOME",
    "CI",
    "PYTEST_XDIST_WORKER",
    "PYTEST_XDIST_WORKER_COUNT",
}


def _names_read(path: pathlib.Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in READERS:
                first = node.args[0]
                if called == "get" and not (
                    isinstance(func, ast.Attribute) and ast.unparse(func.value) == "os.environ"
                ):
                    continue
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    names.add(first.value)
                elif isinstance(first, ast.JoinedStr):  # f"{prefix}_LISTEN": any documented name of that shape
                    names.add("".join(v.value if isinstance(v, ast.Constant) else "<*>" for v in first.values))
        elif (
            isinstance(node, ast.Subscript)
            and ast.unparse(node.value) == "os.environ"
            and isinstance(node.slice, ast.Constant)
        ):
            names.add(node.slice.value)
    return {n for n in names if re.fullmatch(r"[A-Z<][A-Z0-9_<>*]*", n)}


def _documented() -> list[str]:
    table = ROOT.joinpath("README.md").read_text(encoding="utf-8").split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = []
    for line in table.splitlines():
        if line.startswith("| `"):
            documented += re.findall(r"`([A-Z<][A-Z0-9_<>]*)`", line.split("|")[1])
    return documented


def _covered(name: str, documented: list[str]) -> bool:
    """A literal name must be listed (or match a `<SERVICE>_X` row); a name built at run time
    (f-string) must have at least one listed name of its shape."""
    if "<*>" in name:
        shape = re.escape(name).replace(re.escape("<*>"), "[A-Z0-9_<>]+")
        return any(re.fullmatch(shape, entry) for entry in documented)
    for entry in documented:
        pattern = re.escape(entry).replace(re.escape("<SERVICE>"), "[A-Z]+")
        if re.fullmatch(pattern, name):
            return True
    return False


def test_every_setting_the_code_reads_is_in_the_readme_table():
    read = set().union(*(_names_read(path) for path in SOURCES)) - NOT_SETTINGS
    documented = _documented()
    missing = sorted(name for name in read if not _covered(name, documented))
    assert missing == [], "add these to the README's configuration table: " + ", ".join(missing)
