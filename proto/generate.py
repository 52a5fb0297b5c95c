"""Generate Python code from the .proto contracts with grpcio-tools.

    python proto/generate.py           # write proto/gen
    python proto/generate.py --check   # fail if proto/gen is stale
    python proto/generate.py --release # record the contracts as released (the compatibility baseline)

The generated code is committed so that a single service can be installed
without the toolchain; --check (run by `make test`) keeps it honest.
"""

from __future__ import annotations

import argparse
import filecmp
import pathlib
import shutil
import sys
import tempfile

import google.api
import grpc_tools
from grpc_tools import protoc

PROTO_ROOT = pathlib.Path(__file__).resolve().parent
GEN_DIR = PROTO_ROOT / "gen"
# The descriptors of the last release: `make test` fails on any change that would break a client or
# consumer built against them (tests/contract/test_proto_compatibility.py).
RELEASE_BASELINE = PROTO_ROOT / "release" / "last-release.binpb"


def _include_dirs() -> list[str]:
    googleapis = pathlib.Path(list(google.api.__path__)[0]).parent.parent
    well_known = pathlib.Path(grpc_tools.__file__).parent / "_proto"
    return [str(PROTO_ROOT), str(googleapis), str(well_known)]


def _sources() -> list[str]:
    return sorted(str(p.relative_to(PROTO_ROOT)) for p in (PROTO_ROOT / "gorontalo").rglob("*.proto"))


def generate(out_dir: pathlib.Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    args = ["protoc"] + [f"-I{d}" for d in _include_dirs()]
    args += [f"--python_out={out_dir}", f"--pyi_out={out_dir}", f"--grpc_python_out={out_dir}"]
    # A descriptor set with source info gives the gateway the comments for its docs.
    args += [f"--descriptor_set_out={out_dir / 'gorontalo' / 'descriptors.binpb'}", "--include_source_info"]
    args += _sources()
    (out_dir / "gorontalo").mkdir(parents=True, exist_ok=True)
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed")
    # Namespace packages would work too, but explicit packages keep
    # setuptools' discovery and every import path simple.
    for directory in [out_dir / "gorontalo", *(p for p in (out_dir / "gorontalo").rglob("*") if p.is_dir())]:
        (directory / "__init__.py").touch()


def _tree(root: pathlib.Path) -> set[str]:
    package = root / "gorontalo"
    return {str(p.relative_to(root)) for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def check() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        fresh = pathlib.Path(tmp)
        generate(fresh)
        expected, actual = _tree(fresh), _tree(GEN_DIR)
        stale = sorted(expected ^ actual)
        stale += sorted(f for f in expected & actual if not filecmp.cmp(fresh / f, GEN_DIR / f, shallow=False))
    if stale:
        print("proto/gen is stale; run `make proto` and commit the result:", file=sys.stderr)
        for name in stale:
            print(f"  {name}", file=sys.stderr)
        return 1
    print("proto/gen is up to date")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="fail if the committed code is stale")
    parser.add_argument(
        "--release",
        action="store_true",
        help="record the current contracts as the last release (the compatibility baseline)",
    )
    args = parser.parse_args()
    if args.check:
        return check()
    if args.release:
        RELEASE_BASELINE.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(GEN_DIR / "gorontalo" / "descriptors.binpb", RELEASE_BASELINE)
        print(f"recorded {RELEASE_BASELINE.relative_to(PROTO_ROOT.parent)} as the last release")
        return 0
    target = GEN_DIR / "gorontalo"
    if target.exists():
        shutil.rmtree(target)
    generate(GEN_DIR)
    return 0


if __name__ == "__main__":
    sys.exit(main())
