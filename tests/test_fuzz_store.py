"""The GeoPackage reader on mutated cmdmap files (a short hypothesis run; the long one is
`python3 tools/fuzz_readers.py --minutes 10`): a StoreError at worst, never a crash, hang or write."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz_cases import check_read, mutate, small_file, write_case


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> tuple[Path, bytes]:
    folder = tmp_path_factory.mktemp("fuzz")
    path = small_file(folder)
    return folder, path.read_bytes()


# Half the edits land in the first pages (header, schema, gpkg_* tables): mutations there reach
# the most code; the rest anywhere.
_pos = st.one_of(st.integers(0, 8191), st.integers(0, 1 << 20))
_edits = st.lists(st.tuples(_pos, st.integers(0, 255)), min_size=1, max_size=12)


@settings(max_examples=60, deadline=3000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=_edits, cut=st.one_of(st.none(), st.integers(0, 1 << 20)))
def test_mutated_file_is_read_or_refused_never_crashes_or_writes(seed, edits, cut):
    folder, data = seed
    case = write_case(folder / "case.gpkg", data=mutate(data, edits, cut), seed=None)
    outcome = check_read(case)
    assert outcome in {"ok", "damaged", "not_gpkg", "not_cmdmap", "newer_version", "needs_recovery", "locked"}
