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


def test_import_cap_reads_the_bmkg_sample_once(monkeypatch, tmp_path, capsys, make_app):
    import os
    import pathlib

    shared = pathlib.Path(os.environ.get("SHARED_DIR", pathlib.Path(__file__).resolve().parents[3] / "shared"))
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    monkeypatch.setenv("DISASTER_DATABASE_URL", url)
    sample = str(shared / "schemas" / "cap-example-bmkg.xml")
    assert cli.main(["import-cap", sample]) == 0
    first = json.loads(capsys.readouterr().out)
    assert (first["source"], first["sender"], first["created"]) == ("bmkg", "cuaca.ekstrem@bmkg.go.id", True)
    assert cli.main(["import-cap", sample]) == 0
    assert json.loads(capsys.readouterr().out) == {**first, "created": False}
    broken = tmp_path / "broken.xml"
    broken.write_text("<alert>")
    assert cli.main(["import-cap", str(broken)]) == 1
    assert "well-formed" in capsys.readouterr().err
