"""The admin command line, configured from the environment as in production."""
import json

from servicekit.auth import Principal

from gorontalo_disaster.entrypoints import cli
from gorontalo_disaster.service_layer import services


def test_recent_prints_reports_without_the_reporter(monkeypatch, tmp_path, capsys, make_app):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    monkeypatch.setenv("DISASTER_DATABASE_URL", url)
    app = make_app(url)
    citizen = Principal(subject="citizen-42", role="citizen")
    made = [services.submit_report(app.uow(), app.clock, citizen, hazard=hazard, latitude=0.54, longitude=123.06)
            for hazard in ("banjir", "erupsi")]

    assert cli.main(["recent", "--hazard", "erupsi"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(line["id"], line["hazard"], line["verified_reporter"]) for line in lines] == [(made[1].id, "erupsi", True)]
    assert "citizen-42" not in json.dumps(lines)

    assert cli.main(["recent", "--hazard", "meteor"]) == 1
    assert "hazard: Must be one of" in capsys.readouterr().err
