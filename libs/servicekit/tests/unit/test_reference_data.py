"""servicekit ships copies of the project's shared reference data; they must not drift.

The shared directory is $SHARED_DIR, or ../shared beside the repository. Without it the
test is skipped on a developer's machine and fails in CI (CI=true), where it must be present.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import os
import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[4]  # libs/servicekit/tests/unit/ -> the repository
PACKAGED = importlib.resources.files("servicekit.data")  # what regions.py reads at run time
# Made for this project, not copied from ../shared (see data/SOURCES.md).
PROJECT_MADE = {"district_centroids.csv"}
PACKAGED_CSVS = sorted(p.name for p in PACKAGED.iterdir() if p.name.endswith(".csv") and p.name not in PROJECT_MADE)


def shared_data() -> pathlib.Path:
    shared = pathlib.Path(os.environ.get("SHARED_DIR") or REPO.parent / "shared")
    data = shared / "data"
    if not data.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"shared reference data {data} is required in CI (set SHARED_DIR)")
        pytest.skip(f"shared reference data {data} not present")
    return data


def test_servicekit_ships_the_region_tables():
    assert {"gorontalo_regions.csv", "indonesia_provinces_regencies.csv"} <= set(PACKAGED_CSVS)


@pytest.mark.parametrize("name", PACKAGED_CSVS)
def test_packaged_csv_equals_the_shared_copy_byte_for_byte(name):
    shared = shared_data() / name
    assert shared.is_file(), f"{name} ships with servicekit but is not in {shared.parent}"
    packaged_bytes = PACKAGED.joinpath(name).read_bytes()
    shared_bytes = shared.read_bytes()
    if packaged_bytes != shared_bytes:
        packaged_lines, shared_lines = packaged_bytes.splitlines(), shared_bytes.splitlines()
        first = next(
            (i for i, (a, b) in enumerate(zip(packaged_lines, shared_lines, strict=False)) if a != b),
            min(len(packaged_lines), len(shared_lines)),
        )
        pytest.fail(
            f"{name} drifted from {shared}: sha256 {hashlib.sha256(packaged_bytes).hexdigest()[:12]} != "
            f"{hashlib.sha256(shared_bytes).hexdigest()[:12]}, first difference at line {first + 1}: "
            f"{packaged_lines[first : first + 1]!r} vs {shared_lines[first : first + 1]!r}"
        )


def test_every_shared_csv_is_shipped():
    missing = sorted(p.name for p in shared_data().glob("*.csv") if p.name not in PACKAGED_CSVS)
    assert not missing, f"shared CSVs not copied into servicekit/data: {missing}"
