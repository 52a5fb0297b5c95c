"""gorontalo-tourism's command line, as the operator runs it (a real process on a real database)."""

import json
import os
import pathlib
import subprocess
import sys

import sqlalchemy as sa
from gorontalo_tourism.bootstrap import seed_path

BIN = pathlib.Path(sys.executable).parent / "gorontalo-tourism"


def run(database_url, tmp_path, *args):
    env = {
        **os.environ,
        "VAR_DIR": str(tmp_path / "var"),
        "TOURISM_DATABASE_URL": database_url,
        "TOURISM_ADDR": "127.0.0.1:1",
        "TOURISM_METRICS_PORT": "1",
        "IDENTITY_ADDR": "127.0.0.1:1",
        "PERMITS_ADDR": "127.0.0.1:1",
        "DISASTER_ADDR": "127.0.0.1:1",
    }
    return subprocess.run([str(BIN), *args], env=env, capture_output=True, text=True, timeout=120)


def count(database_url) -> int:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text("SELECT count(*) FROM destinations")).scalar()
    finally:
        engine.dispose()


def test_import_destinations_takes_the_whole_file_or_nothing(database_url, tmp_path):
    assert run(database_url, tmp_path, "migrate").returncode == 0
    seed = json.loads(seed_path().read_bytes())
    seed["destinations"][0]["kind"] = "kasino"
    seed["destinations"][7]["prices"] = [{"label": {"id": "Dewasa"}, "amount_idr": -1}]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(seed))
    refused = run(database_url, tmp_path, "import-destinations", str(broken), "--lang", "en")
    assert refused.returncode == 1
    assert "destinations[0].kind" in refused.stderr and "destinations[7].prices[0].amount_idr" in refused.stderr
    assert "Prices must be between Rp0 and Rp10000000." in refused.stderr
    assert count(database_url) == 0
    first = run(database_url, tmp_path, "import-destinations")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout) == {"created": 8, "updated": 0}
    again = run(database_url, tmp_path, "import-destinations", str(seed_path()))
    assert json.loads(again.stdout) == {"created": 0, "updated": 8}
    assert count(database_url) == 8
