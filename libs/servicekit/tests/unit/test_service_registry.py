"""servicekit knows no service: their addresses come from the registry file or the environment."""

from __future__ import annotations

import pytest

from servicekit import config


def _write(tmp_path, text: str):
    path = tmp_path / "services.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_addresses_and_metrics_ports_come_from_the_registry(tmp_path, monkeypatch):
    path = _write(tmp_path, '[services.pariwisata]\naddress = "10.0.0.5:50061"\nmetrics_port = 9111\n')
    monkeypatch.setenv("SERVICES_FILE", str(path))
    monkeypatch.delenv("PARIWISATA_ADDR", raising=False)
    assert list(config.service_registry()) == ["pariwisata"]
    assert config.service_address("pariwisata") == "10.0.0.5:50061"
    assert config.service_metrics_port("pariwisata") == 9111


def test_the_environment_wins_over_the_registry(tmp_path, monkeypatch):
    monkeypatch.setenv("SERVICES_FILE", str(_write(tmp_path, '[services.tax]\naddress = "a:1"\nmetrics_port = 2\n')))
    monkeypatch.setenv("TAX_ADDR", "tax.internal:50053")
    monkeypatch.setenv("TAX_METRICS_PORT", "19103")
    assert config.service_address("tax") == "tax.internal:50053"
    assert config.service_metrics_port("tax") == 19103


def test_an_unknown_service_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("SERVICES_FILE", str(tmp_path / "absent.toml"))
    monkeypatch.delenv("IDENTITY_ADDR", raising=False)
    assert config.service_registry() == {}
    with pytest.raises(config.UnknownService, match="IDENTITY_ADDR"):
        config.service_address("identity")


def test_the_repository_registry_lists_the_five_services(monkeypatch):
    monkeypatch.delenv("SERVICES_FILE", raising=False)
    assert set(config.service_registry()) >= {"identity", "permits", "tax", "complaints", "disaster"}
