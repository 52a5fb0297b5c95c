"""Composition root and admin commands: the rate table from $TAX_RATES_PATH, the quote command."""

import json

import pytest

from gorontalo_tax import bootstrap as composition
from gorontalo_tax.domain.pkb import RateTableError
from gorontalo_tax.entrypoints import cli
from servicekit.auth import TokenVerifier


@pytest.fixture
def custom_rates(tmp_path, monkeypatch):
    path = tmp_path / "rates.json"
    path.write_text(
        json.dumps(
            {
                "weight_permille": {"sepeda_motor": 1000, "mobil_penumpang": 1000, "mobil_barang": 1000, "bus": 1000},
                "progressive_rates_bp": [120, 600],
                "opsen_bp": 6600,
            }
        )
    )
    monkeypatch.setenv(composition.RATES_PATH_VARIABLE, str(path))
    return path


def test_default_rate_table_without_the_variable(monkeypatch):
    monkeypatch.delenv(composition.RATES_PATH_VARIABLE, raising=False)
    assert composition.load_rates().progressive_rates_bp == (100, 150, 200, 250, 300)


def test_rates_path_overrides_the_default(custom_rates):
    assert composition.load_rates().rate_bp(3) == 600


def test_a_table_above_the_ceiling_stops_the_start(custom_rates):
    custom_rates.write_text(custom_rates.read_text().replace("[120, 600]", "[150, 600]"))
    with pytest.raises(RateTableError, match="rates.json"):
        composition.load_rates()


def test_bootstrap_wires_rates_clock_and_a_jwks_verifier(custom_rates, tmp_path):
    settings = composition.ServiceSettings(
        name="tax",
        listen="127.0.0.1:0",
        metrics_port=0,
        database_url=f"sqlite:///{tmp_path / 'tax.db'}",
        nats_url="nats://127.0.0.1:1",
        stream="T",
        identity_addr="127.0.0.1:1",
        var_dir=tmp_path,
        grace_seconds=1.0,
        max_workers=2,
        log_level="INFO",
    )
    app = composition.bootstrap(settings, clock=lambda: None)
    assert isinstance(app.verifier, TokenVerifier)
    assert app.rates.rate_bp(2) == 600 and app.clock() is None
    with app.uow() as uow:
        assert uow.vehicles.count_for_owner("nobody") == 0


def test_quote_prints_the_assessment(custom_rates, capsys):
    assert cli.main(["quote", "--vehicle-type", "bus", "--taxable-value", "100000000", "--ownership-order", "2"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert (printed["annual_pkb"], printed["annual_opsen_pkb"], printed["annual_total"]) == (
        6_000_000,
        3_960_000,
        9_960_000,
    )


def test_rates_command_checks_a_file(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv(composition.RATES_PATH_VARIABLE, raising=False)
    bad = tmp_path / "bad.json"
    bad.write_text('{"weight_permille": {}, "progressive_rates_bp": [1.5], "opsen_bp": 6600}')
    assert cli.main(["rates", "--file", str(bad)]) == 1
    assert "integers" in capsys.readouterr().err
    assert cli.main(["rates"]) == 0
    assert json.loads(capsys.readouterr().out)["opsen_bp"] == 6600
