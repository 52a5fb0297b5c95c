"""The command line words its errors from the service's catalog, as the gRPC answers do."""

from gorontalo_complaints.entrypoints import cli


def test_a_refused_lookup_is_explained_in_words(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    monkeypatch.setenv("COMPLAINTS_DATABASE_URL", f"sqlite:///{tmp_path / 'complaints.db'}")
    assert cli.main(["lookup", "GTO-7K3Q-94"]) == 1
    assert "tracking_code: Invalid tracking code; e.g. GTO-7K3Q-95." in capsys.readouterr().err
    assert cli.main(["lookup", "GTO-7K3Q-95"]) == 1
    assert capsys.readouterr().err.strip() == "No complaint has this tracking code."
