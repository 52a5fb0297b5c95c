"""The permit catalog is data: the shipped file, the loader's checks, and the override."""

import json

import pytest

from gorontalo_permits import bootstrap as composition
from gorontalo_permits.adapters import catalog as catalog_adapter
from gorontalo_permits.domain.catalog import CatalogError, PermitCatalog
from gorontalo_permits.domain.model import RISK_LEVELS
from gorontalo_permits.entrypoints import cli

ENTRY = {
    "kbli_code": "56101",
    "title": "Restoran",
    "risk_level": "menengah_rendah",
    "sla_working_days": 5,
    "fee_rupiah": 150000,
    "required_documents": ["KTP penanggung jawab"],
}


def test_the_shipped_catalog_is_complete_and_well_formed(catalog):
    types = catalog.all()
    assert len(types) >= 12
    assert [t.kbli_code for t in types] == sorted(t.kbli_code for t in types)
    assert {t.risk_level for t in types} == set(RISK_LEVELS)
    for permit_type in types:
        assert len(permit_type.kbli_code) == 5 and permit_type.kbli_code.isdigit()
        assert isinstance(permit_type.fee_rupiah, int) and permit_type.fee_rupiah >= 0
        assert permit_type.required_documents
    assert catalog.get("56101").title == "Restoran"
    assert catalog.get("47112").risk_level == "rendah"


@pytest.mark.parametrize(
    "change,problem",
    [
        ({"kbli_code": "5610"}, "kbli_code"),
        ({"kbli_code": 56101}, "kbli_code"),
        ({"risk_level": "sedang"}, "risk_level"),
        ({"fee_rupiah": 1500.5}, "fee_rupiah"),
        ({"fee_rupiah": -1}, "fee_rupiah"),
        ({"fee_rupiah": True}, "fee_rupiah"),
        ({"sla_working_days": "5"}, "sla_working_days"),
        ({"title": " "}, "title"),
        ({"required_documents": ["KTP", ""]}, "required_documents"),
    ],
)
def test_bad_entries_are_refused_with_the_field_named(change, problem):
    with pytest.raises(CatalogError) as caught:
        PermitCatalog.from_data([{**ENTRY, **change}])
    assert problem in str(caught.value)


def test_duplicates_and_empty_catalogs_are_refused():
    with pytest.raises(CatalogError, match="duplicate kbli_code: 56101"):
        PermitCatalog.from_data([ENTRY, dict(ENTRY)])
    with pytest.raises(CatalogError):
        PermitCatalog.from_data([])


def test_loader_accepts_a_bare_list_and_reports_the_path(tmp_path):
    path = tmp_path / "types.json"
    path.write_text(json.dumps([ENTRY]))
    assert [t.kbli_code for t in catalog_adapter.load(path).all()] == ["56101"]
    path.write_text("{not json")
    with pytest.raises(CatalogError, match="not valid JSON"):
        catalog_adapter.load(path)
    with pytest.raises(CatalogError, match="cannot read"):
        catalog_adapter.load(tmp_path / "missing.json")


def test_PERMITS_CATALOG_PATH_replaces_the_shipped_catalog(tmp_path, monkeypatch, settings_for):
    path = tmp_path / "gorontalo-utara.json"
    path.write_text(
        json.dumps(
            {
                "permit_types": [
                    {**ENTRY, "kbli_code": "55130", "title": "Pondok Wisata", "risk_level": "rendah", "fee_rupiah": 0}
                ]
            }
        )
    )
    monkeypatch.setenv("PERMITS_CATALOG_PATH", str(path))
    app = composition.bootstrap(
        settings_for(f"sqlite:///{tmp_path / 'p.db'}", tmp_path), migrate=False, verifier=object()
    )
    try:
        assert [t.kbli_code for t in app.catalog.all()] == ["55130"]
    finally:
        app.close()


def test_a_broken_catalog_stops_the_start(tmp_path, monkeypatch, settings_for):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps([{**ENTRY, "risk_level": "unknown"}]))
    monkeypatch.setenv("PERMITS_CATALOG_PATH", str(path))
    with pytest.raises(CatalogError, match="risk_level"):
        composition.bootstrap(settings_for(f"sqlite:///{tmp_path / 'p.db'}", tmp_path), migrate=False)


def test_check_catalog_command(tmp_path, capsys):
    assert cli.main(["check-catalog"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["permit_types"] >= 12
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{**ENTRY, "fee_rupiah": 1.5}]))
    assert cli.main(["check-catalog", str(bad)]) == 1
    assert "fee_rupiah" in capsys.readouterr().err
