"""The admin command line, configured from the environment as in production."""

import datetime as dt
import json

from gorontalo_disaster.entrypoints import cli
from gorontalo_disaster.service_layer import alerts, services
from servicekit.auth import Principal

from .cap_samples import BMKG_SAMPLE, gorontalo


def test_recent_prints_reports_without_the_reporter(monkeypatch, tmp_path, capsys, make_app):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    monkeypatch.setenv("DISASTER_DATABASE_URL", url)
    app = make_app(url)
    citizen = Principal(subject="citizen-42", role="citizen")
    made = [
        services.submit_report(app.uow(), app.clock, citizen, hazard=hazard, latitude=0.54, longitude=123.06)
        for hazard in ("banjir", "erupsi")
    ]

    assert cli.main(["recent", "--hazard", "erupsi"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(line["id"], line["hazard"], line["verified_reporter"]) for line in lines] == [(made[1].id, "erupsi", True)]
    assert "citizen-42" not in json.dumps(lines)

    assert cli.main(["recent", "--hazard", "meteor"]) == 1
    assert "hazard: Must be one of" in capsys.readouterr().err


def test_import_cap_reads_a_national_feed_and_skips_what_is_not_gorontalo(monkeypatch, tmp_path, capsys, make_app):
    """BMKG publishes alerts for all of Indonesia: the Gorontalo ones are imported, the others reported, exit 0."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    monkeypatch.setenv("DISASTER_DATABASE_URL", url)
    kota, national = tmp_path / "kota.xml", str(BMKG_SAMPLE)
    kota.write_bytes(gorontalo("2.49.0.1.360.0.kota"))
    assert cli.main(["import-cap", national, str(kota)]) == 0
    out = capsys.readouterr()
    skipped, imported = [json.loads(line) for line in out.out.splitlines()]
    assert (skipped["path"], skipped["skipped"], skipped["identifier"]) == (
        national,
        "cap_area_outside_gorontalo",
        "2.49.0.1.360.0.2026.02.16.16.36.004",
    )
    assert "Gorontalo" in skipped["detail"]
    assert (imported["path"], imported["source"], imported["created"]) == (str(kota), "bmkg", True)
    assert "imported 1, skipped 1, refused 0" in out.err
    assert cli.main(["import-cap", str(kota)]) == 0  # idempotent
    assert json.loads(capsys.readouterr().out) == {**imported, "created": False}
    assert [
        a.identifier
        for a in alerts.list_alerts(make_app(url).uow(), lambda: dt.datetime.now(dt.UTC), include_inactive=True)
    ] == ["2.49.0.1.360.0.kota"]


def test_import_cap_refuses_broken_documents_and_exits_1(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    monkeypatch.setenv("DISASTER_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    broken, doctype, kota = tmp_path / "broken.xml", tmp_path / "doctype.xml", tmp_path / "kota.xml"
    broken.write_text("<alert>")
    doctype.write_bytes(gorontalo().replace(b"<alert xmlns", b"<!DOCTYPE alert>\n<alert xmlns", 1))
    kota.write_bytes(gorontalo())
    assert cli.main(["import-cap", str(broken), str(doctype), str(kota)]) == 1
    out = capsys.readouterr()
    lines = [json.loads(line) for line in out.out.splitlines()]
    assert [(line["path"], line.get("refused")) for line in lines] == [
        (str(broken), "cap_not_xml"),
        (str(doctype), "cap_dtd_forbidden"),
        (str(kota), None),
    ]
    assert "well-formed" in out.err and "DOCTYPE" in out.err and "imported 1, skipped 0, refused 2" in out.err
