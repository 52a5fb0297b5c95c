"""The command line explains refusals in English from identity's catalog (issue 13: no process-wide
registry to fall back on)."""

from __future__ import annotations

import pytest

from gorontalo_identity.entrypoints.cli import main as cli


@pytest.fixture
def var_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    monkeypatch.delenv("IDENTITY_DATABASE_URL", raising=False)  # the SQLite file in VAR_DIR
    monkeypatch.setenv("GORONTALO_NEW_PASSWORD", "kata-sandi-aman")
    return tmp_path


def test_a_refused_staff_account_is_explained(var_dir, capsys):
    arguments = ["create-staff", "--role", "admin", "--username", "admin.cli", "--full-name", "Admin CLI"]
    assert cli(arguments) == 0
    capsys.readouterr()
    assert cli(arguments) == 1
    assert "An account for these details exists already; please sign in." in capsys.readouterr().err


def test_rejected_register_rows_are_explained(var_dir, capsys):
    row = "7571014101900003,7571010101100001,Siti Rahma,Gorontalo,1990-01-01,P,Jl. Nani Wartabone 1,75.71.01.1001"
    register = var_dir / "register.csv"
    register.write_text(f"nik,kk_number,full_name,birth_place,birth_date,sex,address,village_code\n{row}\n{row}\n")
    assert cli(["import-register", str(register)]) == 1
    err = capsys.readouterr().err
    assert "line 3: nik: This NIK already appears on line 2." in err
    assert "nothing was imported" in err
