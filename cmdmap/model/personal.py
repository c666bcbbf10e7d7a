"""Personal data kept in its place: values of fields marked `personal` in layers/ (residents' names,
phones, ID numbers) are shown masked unless the user reveals them. Qt-free, so tables, exports
and the CLI share one rule."""

from __future__ import annotations

import re
from typing import Any

from cmdmap.model.schema import FieldSpec, LayerSpec

MASK = "*"
_DIGITS = re.compile(r"^\+?[\d\s-]+[\dXx]$")


def mask(value: Any) -> str:
    """A value with its middle hidden: 13812345678 → 138****5678, 张三丰 → 张**, '' stays ''.

    Phone and ID numbers keep their first 3 and last 4 characters (enough to tell two people
    apart at the desk, too little to call or identify them); names keep their first character.
    """
    if value is None:
        return ""
    text = str(value).strip()
    if not text:
        return ""
    compact = re.sub(r"[\s-]", "", text)
    if _DIGITS.match(text) and len(compact) >= 7:
        return compact[:3] + MASK * (len(compact) - 7) + compact[-4:] if len(compact) > 7 \
            else compact[:3] + MASK * 4
    if len(text) == 1:
        return MASK
    return text[0] + MASK * (len(text) - 1)


def is_personal(spec: LayerSpec, field: str) -> bool:
    """True when the layer declares `field` personal."""
    return field in spec.personal_fields


def display(spec: LayerSpec, field: FieldSpec | str, value: Any, reveal: bool = False) -> Any:
    """What a table shows for one value: personal ones masked unless revealed."""
    name = field if isinstance(field, str) else field.name
    if not reveal and is_personal(spec, name):
        return mask(value)
    return value
