"""Names tell a newcomer where a thing lives (issue 13): one naming scheme for repository modules."""

import ast
import pathlib

import gorontalo_disaster

ADAPTERS = pathlib.Path(gorontalo_disaster.__file__).parent / "adapters"


def test_each_repository_lives_in_its_own_thing_repository_module():
    found = {}
    for path in ADAPTERS.glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and node.name.endswith("Repository"):
                found[node.name] = path.name
    assert found == {
        "ReportRepository": "report_repository.py",
        "PhotoRepository": "photo_repository.py",
        "IncidentRepository": "incident_repository.py",
        "AlertRepository": "alert_repository.py",
    }
