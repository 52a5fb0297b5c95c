"""gorontalo-gateway: run the gateway under gunicorn with the project's settings.

`gorontalo-gateway streams` runs the live alert stream server (asyncio, uvicorn) instead:
a gthread worker would spend one thread per open stream.
"""

from __future__ import annotations

import os
import pathlib
import sys


def main(argv=None) -> int:
    argv = list(argv if argv is not None else sys.argv[1:])
    if argv[:1] == ["streams"]:
        # Single process, one registry: gunicorn's multiprocess metrics directory is not ours.
        os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
        from .streams.server import main as streams_main

        return streams_main()
    var_dir = pathlib.Path(os.environ.get("VAR_DIR", "var")).resolve()
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(var_dir / "prometheus-gateway"))
    args = ["gunicorn", "-c", "python:gorontalo_gateway.gunicorn_conf", "gorontalo_gateway.app:create_app()"]
    args += argv
    os.execvp(sys.executable, [sys.executable, "-m", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
