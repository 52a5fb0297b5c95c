"""gorontalo-gateway: run the gateway under gunicorn with the project's settings."""
from __future__ import annotations

import os
import pathlib
import sys


def main(argv=None) -> int:
    var_dir = pathlib.Path(os.environ.get("VAR_DIR", "var")).resolve()
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(var_dir / "prometheus-gateway"))
    args = ["gunicorn", "-c", "python:gorontalo_gateway.gunicorn_conf", "gorontalo_gateway.app:create_app()"]
    args += list(argv if argv is not None else sys.argv[1:])
    os.execvp(sys.executable, [sys.executable, "-m", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
