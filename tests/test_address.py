"""Addresses as desks type them."""

import pytest

from cmdmap.model.address import Address, building_key, chinese_number, parse_address


@pytest.mark.parametrize("text,expected", [
    ("3号楼2单元501", Address("3", "2", "501")),
    ("3栋", Address("3", None, None)),
    ("三号楼", Address("3", None, None)),
    ("1单元101室", Address(None, "1", "101")),
    ("十二栋三单元1202", Address("12", "3", "1202")),
    ("果林溪谷5幢1单元302室", Address("5", "1", "302")),
    ("A座", Address("A", None, None)),
    ("7", Address("7", None, None)),
    ("", Address()),
])
def test_parse_address(text, expected):
    assert parse_address(text) == expected


def test_building_keys_match_across_spellings():
    assert {building_key(x) for x in ("3栋", "3号楼", "三号楼", "03", "3")} == {"3"}
    assert chinese_number("一百零五") == 105 and chinese_number("二十") == 20 and chinese_number("楼") is None
