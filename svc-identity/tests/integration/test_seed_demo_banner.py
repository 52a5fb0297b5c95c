"""Issue 12: the start-up banner printed every demo password into the logs; now only the file's path."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import uuid

BIN = pathlib.Path(sys.executable).parent
ROOT = pathlib.Path(__file__).resolve().parents[3]


def test_seed_demo_prints_where_the_passwords_are_and_none_of_them(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.endswith("_DATABASE_URL")}
    env.update(
        {
            "VAR_DIR": str(tmp_path / "var"),
            "RATE_LIMIT_NAMESPACE": f"test-{uuid.uuid4().hex}",
            "SERVICES_FILE": str(ROOT / "deploy" / "services.toml"),
        }
    )
    outputs = []
    for _ in range(2):  # the first run creates the accounts, the second (every later `make run`) reuses them
        run = subprocess.run(
            [str(BIN / "gorontalo-identity"), "seed-demo"],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert run.returncode == 0, run.stderr
        outputs.append(run.stdout + run.stderr)
    path = tmp_path / "var" / "demo-credentials.json"
    demo = json.loads(path.read_text())
    # Issue 14: the desks that check residents in person (level 2) are among them.
    assert {"petugas.kelurahan.kota", "petugas.disdukcapil.prov"} <= set(demo)
    passwords = demo.values()
    assert len(passwords) >= 10
    for output in outputs:
        assert str(path) in output
        assert not [p for p in passwords if p in output]
    assert oct(path.stat().st_mode & 0o777) == "0o600"
