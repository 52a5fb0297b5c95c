"""svc-inbox installs and starts from its own wheel: what it imports is declared, what it reads is in it.

These checks read the package's source and pyproject.toml, so they fail the moment a new import or data
file is added without being declared (building and installing the wheel is the repository-wide test).
"""

import ast
import fnmatch
import importlib.metadata
import importlib.util
import json
import pathlib
import re
import sys
import tomllib
import urllib.parse

PROJECT = pathlib.Path(__file__).resolve().parents[2]
PACKAGE = PROJECT / "src" / "gorontalo_inbox"
PYPROJECT = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    return {_normalise(re.split(r"[\s\[<>=!~;]", spec, maxsplit=1)[0]) for spec in PYPROJECT["project"]["dependencies"]}


def _imported_modules() -> set[str]:
    """Absolute imports in the package's Python files (migrations included: they run at start)."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module)
    return found


def _location(module: str) -> pathlib.Path:
    """The module's file, or its folder for a namespace package (google.api)."""
    spec = importlib.util.find_spec(module)
    return pathlib.Path(spec.origin or next(iter(spec.submodule_search_locations))).resolve()


def _distribution_of(module: str) -> str | None:
    """The installed distribution providing `module` (None: standard library or this package)."""
    top = module.split(".")[0]
    if top in sys.stdlib_module_names or top in ("gorontalo_inbox", "__future__"):
        return None
    candidates = importlib.metadata.packages_distributions().get(top, [])
    where = _location(module)
    if len(candidates) > 1:  # a shared namespace (google.*): the one whose files are this module
        candidates = [
            name
            for name in candidates
            if any(
                located == where or where in located.parents
                for located in (
                    pathlib.Path(f.locate()).resolve() for f in importlib.metadata.distribution(name).files or ()
                )
            )
        ]
    if not candidates:  # an editable install (this repository's own projects): by its source folder
        candidates = [name for name, folder in _editable_folders().items() if folder in where.parents]
    assert len(candidates) == 1, f"cannot tell which distribution provides {module}: {candidates}"
    return _normalise(candidates[0])


def _editable_folders() -> dict[str, pathlib.Path]:
    folders = {}
    for dist in importlib.metadata.distributions():
        direct = json.loads(dist.read_text("direct_url.json") or "{}")
        if direct.get("dir_info", {}).get("editable"):
            folders[dist.metadata["Name"]] = pathlib.Path(urllib.parse.urlparse(direct["url"]).path).resolve()
    return folders


def test_every_import_the_package_makes_is_a_declared_dependency():
    needed = {dist: module for module in _imported_modules() if (dist := _distribution_of(module))}
    missing = {dist: module for dist, module in needed.items() if dist not in _declared()}
    assert missing == {}, f"imported but not in pyproject dependencies: {missing}"


def test_every_file_the_package_reads_is_package_data():
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["gorontalo_inbox"]
    data_files = [
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    ]
    assert "locale/id/LC_MESSAGES/inbox.po" in data_files and "migrations/script.py.mako" in data_files
    unpackaged = [f for f in data_files if not any(fnmatch.fnmatch(f, pattern) for pattern in patterns)]
    assert unpackaged == []


def test_the_console_script_is_declared():
    assert PYPROJECT["project"]["scripts"] == {"gorontalo-inbox": "gorontalo_inbox.entrypoints.cli:main"}
