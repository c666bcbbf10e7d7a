"""Personal values are masked unless revealed: enough to tell people apart, not to call them."""

from __future__ import annotations

import pytest

from cmdmap.model.personal import display, is_personal, mask
from cmdmap.model.schema import default_schema


@pytest.mark.parametrize("value, shown", [
    ("13812345678", "138****5678"),
    ("138 1234 5678", "138****5678"),
    ("110101199003071234", "110***********1234"),
    ("11010119900307123X", "110***********123X"),
    ("0871-6512345", "087****2345"),
    ("张三丰", "张**"),
    ("李", "*"),
    ("", ""),
    (None, ""),
])
def test_mask(value, shown):
    assert mask(value) == shown


def test_masked_unless_revealed_and_only_personal_fields():
    staff = default_schema()["staff"]
    assert is_personal(staff, "phone") and is_personal(staff, "name") and not is_personal(staff, "code")
    assert display(staff, "phone", "13812345678") == "138****5678"
    assert display(staff, "phone", "13812345678", reveal=True) == "13812345678"
    assert display(staff, "code", "S0001") == "S0001"


def test_no_qt_needed():
    import cmdmap.model.personal as p
    assert "PySide6" not in open(p.__file__, encoding="utf-8").read()
