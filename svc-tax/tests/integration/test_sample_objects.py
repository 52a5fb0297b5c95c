"""Generated master data imports cleanly, so demos can load thousands of owners."""

from gorontalo_tax.entrypoints import cli, sample_objects
from gorontalo_tax.service_layer import imports

REGISTER = "nik,full_name\n7571014107900001,Siti Hasan\n7502010505850002,Budi Katili\n"


def test_generated_objects_import_without_errors(app):
    niks = [f"75710141079{i:05d}" for i in range(60)]
    rows = sample_objects.generate(niks, seed=7)
    assert sample_objects.generate(niks, seed=7) == rows  # reproducible
    report = imports.import_objects(app.uow(), app.rates, app.cipher, app.clock, sample_objects.to_csv(rows))
    assert report.errors == []
    assert sum(report.created.values()) == len(rows) > 60


def test_generate_objects_command(tmp_path):
    register = tmp_path / "register.csv"
    register.write_text(REGISTER)
    output = tmp_path / "objects.csv"
    assert cli.main(["generate-objects", "--register", str(register), "--output", str(output)]) == 0
    assert output.read_text().startswith(",".join(imports.COLUMNS))
    assert sample_objects.niks_from_register(REGISTER) == ["7571014107900001", "7502010505850002"]
