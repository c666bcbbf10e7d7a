"""Chinese building addresses as desks type them: "3号楼2单元501", "3栋", "三号楼", "1单元101室".

Rosters from the sub-district name buildings many ways; matching them to the map needs the
building number alone ("3"), whatever the words around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUM = "[零〇一二两三四五六七八九十百千]+"
_NUM = rf"(\d+|{_CN_NUM}|[A-Za-z]\d*)"

_BUILDING = re.compile(rf"{_NUM}\s*(?:号楼|号|栋|幢|座|楼)")
_UNIT = re.compile(rf"{_NUM}\s*单元")
_ROOM = re.compile(r"(\d{2,5})\s*(?:室|号|房)?\s*$")


def chinese_number(text: str) -> int | None:
    """"十二" → 12, "三" → 3, "一百零五" → 105; None when `text` is not a Chinese numeral."""
    if not text or any(ch not in _DIGITS and ch not in _UNITS for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        else:
            total += (current or 1) * _UNITS[ch]
            current = 0
    return total + current


def _num(text: str) -> str:
    """A number as matched text: Chinese numerals in digits, leading zeros gone, letters upper."""
    n = chinese_number(text)
    if n is not None:
        return str(n)
    if text.isdigit():
        return text.lstrip("0") or "0"
    return text.upper()


@dataclass(frozen=True)
class Address:
    """The parts of an address that locate a household."""

    building: str | None = None
    unit: str | None = None
    room: str | None = None


def parse_address(text: str | None) -> Address:
    """Split an address into building number, unit and room ("3号楼2单元501" → 3, 2, 501)."""
    if not text:
        return Address()
    s = str(text).strip().replace(" ", "")
    b = _BUILDING.search(s)
    u = _UNIT.search(s)
    rest = s[max(b.end() if b else 0, u.end() if u else 0):]
    r = _ROOM.search(rest) if rest else None
    building = _num(b.group(1)) if b else None
    if building is None and not u and re.fullmatch(r"\d+", s):
        building = _num(s)  # a bare "3" in a 楼号 column
    return Address(building, _num(u.group(1)) if u else None, r.group(1) if r else None)


def building_key(number: str | None) -> str | None:
    """The comparable form of a building number: "3栋", "3号楼", "三号楼", "03" → "3"."""
    if number is None:
        return None
    a = parse_address(str(number))
    return a.building if a.building is not None else str(number).strip()
