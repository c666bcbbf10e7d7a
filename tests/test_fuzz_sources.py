"""The import readers on mutated CSV, Excel, Shapefile, DXF and KML files (a short run; the long one is
`python3 tools/fuzz_readers.py --reader csv|xlsx|shp|dxf|kml --minutes 10`): a table or layer, or a
StoreError, never another exception, a hang or a write."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz_cases import check_source, mutate, source_seed


@pytest.fixture(scope="module", params=["csv", "xlsx", "shp", "dxf", "kml"])
def seed(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"fuzz_{request.param}")
    return request.param, folder, source_seed(request.param, folder)


_edits = st.lists(st.tuples(st.integers(0, 1 << 16), st.integers(0, 255)), min_size=1, max_size=8)


@settings(max_examples=25, deadline=3000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=_edits, cut=st.one_of(st.none(), st.integers(0, 1 << 16)))
def test_mutated_source_is_read_or_refused(seed, edits, cut):
    kind, folder, files = seed
    check_source(kind, folder, files, lambda data: mutate(data, edits, cut))
