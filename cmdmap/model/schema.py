"""The layer declarations in layers/*.toml, loaded into typed, validated objects.

Everything that depends on what a layer holds (GeoPackage schema, validation, counts, styles,
forms) reads these objects instead of hard-coding field lists.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from cmdmap.paths import layers_dir

FIELD_TYPES = ("text", "int", "real", "date", "bool")
GEOMETRY_TYPES = ("POLYGON", "MULTIPOLYGON", "POINT")


@dataclass(frozen=True)
class Title:
    """A name in both languages."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """The title in `lang` ('zh' or 'en')."""
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class Choice:
    """One allowed value of a field."""

    value: str
    title: Title


@dataclass(frozen=True)
class FieldSpec:
    """One column of a layer."""

    name: str
    type: str
    title: Title
    required: bool = False
    unique: bool = False
    min: float | None = None
    max: float | None = None
    max_length: int | None = None
    choices: tuple[Choice, ...] = ()
    default: Any = None
    personal: bool = False
    rollup: str | None = None
    derived: bool = False
    ref: str | None = None

    def choice_title(self, value: str | None, lang: str = "zh") -> str:
        """The display title of a choice value (the raw value when it is not a known choice)."""
        for c in self.choices:
            if c.value == value:
                return c.title.get(lang)
        return "" if value is None else str(value)

    @property
    def choice_values(self) -> tuple[str, ...]:
        """The allowed raw values."""
        return tuple(c.value for c in self.choices)


@dataclass(frozen=True)
class LayerSpec:
    """One layer kind: a feature table (with geometry) or an attribute table."""

    name: str
    title: Title
    geometry: str | None
    order: int
    fields: tuple[FieldSpec, ...]
    style: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, Any] = field(default_factory=dict)
    code_example: str = ""

    @property
    def is_spatial(self) -> bool:
        """True for feature tables, False for attribute tables."""
        return self.geometry is not None

    def field(self, name: str) -> FieldSpec:
        """The field called `name` (KeyError when there is none)."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name}.{name}")

    @property
    def field_names(self) -> tuple[str, ...]:
        """Column names in declaration order."""
        return tuple(f.name for f in self.fields)

    @property
    def personal_fields(self) -> tuple[str, ...]:
        """Fields holding personal data."""
        return tuple(f.name for f in self.fields if f.personal)


@dataclass(frozen=True)
class Schema:
    """All layer kinds, in drawing order, plus shared choice lists."""

    layers: dict[str, LayerSpec]
    choice_lists: dict[str, tuple[Choice, ...]]

    def __getitem__(self, name: str) -> LayerSpec:
        return self.layers[name]

    def __iter__(self):
        return iter(sorted(self.layers.values(), key=lambda s: s.order))

    @property
    def spatial(self) -> list[LayerSpec]:
        """Feature layers in drawing order."""
        return [s for s in self if s.is_spatial]

    @property
    def roles(self) -> tuple[Choice, ...]:
        """The staff roles (网格长, 网格员, 楼栋长, …)."""
        return self.choice_lists["roles"]


class SchemaError(ValueError):
    """A declaration in layers/ is malformed."""


def _title(raw: Any, where: str) -> Title:
    if not isinstance(raw, dict) or "zh" not in raw or "en" not in raw:
        raise SchemaError(f"{where}: title needs zh and en")
    return Title(str(raw["zh"]), str(raw["en"]))


def _choices(raw: list[dict[str, Any]], where: str) -> tuple[Choice, ...]:
    out = []
    for c in raw:
        if "value" not in c:
            raise SchemaError(f"{where}: a choice without value")
        out.append(Choice(str(c["value"]), Title(str(c.get("zh", c["value"])), str(c.get("en", c["value"])))))
    return tuple(out)


def _field(raw: dict[str, Any], lists: dict[str, tuple[Choice, ...]], where: str) -> FieldSpec:
    name = raw.get("name")
    ftype = raw.get("type")
    if not name or ftype not in FIELD_TYPES:
        raise SchemaError(f"{where}: field needs a name and a type in {FIELD_TYPES}")
    choices_raw = raw.get("choices", ())
    if isinstance(choices_raw, str):
        if choices_raw not in lists:
            raise SchemaError(f"{where}.{name}: unknown choice list {choices_raw!r}")
        choices = lists[choices_raw]
    else:
        choices = _choices(list(choices_raw), f"{where}.{name}")
    rollup = raw.get("rollup")
    if rollup not in (None, "sum"):
        raise SchemaError(f"{where}.{name}: rollup must be 'sum'")
    return FieldSpec(
        name=name,
        type=ftype,
        title=_title(raw.get("title"), f"{where}.{name}"),
        required=bool(raw.get("required", False)),
        unique=bool(raw.get("unique", False)),
        min=raw.get("min"),
        max=raw.get("max"),
        max_length=raw.get("max_length"),
        choices=choices,
        default=raw.get("default"),
        personal=bool(raw.get("personal", False)),
        rollup=rollup,
        derived=bool(raw.get("derived", False)),
        ref=raw.get("ref"),
    )


def load_schema(folder: Path | None = None) -> Schema:
    """Read every declaration in `folder` (default: the shipped layers/)."""
    folder = folder or layers_dir()
    raws = {p.stem: tomllib.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.toml"))}
    lists = {
        raw["name"]: _choices(raw.get("choices", []), p)
        for p, raw in raws.items()
        if raw.get("kind") == "choices"
    }
    layers: dict[str, LayerSpec] = {}
    for p, raw in raws.items():
        if raw.get("kind") == "choices":
            continue
        where = f"layers/{p}.toml"
        geometry = raw.get("geometry")
        if geometry is not None and geometry not in GEOMETRY_TYPES:
            raise SchemaError(f"{where}: geometry must be one of {GEOMETRY_TYPES}")
        fields = tuple(_field(f, lists, where) for f in raw.get("fields", []))
        names = [f.name for f in fields]
        if "code" not in names or len(set(names)) != len(names):
            raise SchemaError(f"{where}: needs a 'code' field and unique field names")
        spec = LayerSpec(
            name=raw["name"],
            title=_title(raw.get("title"), where),
            geometry=geometry,
            order=int(raw.get("order", 100)),
            fields=fields,
            style=dict(raw.get("style", {})),
            counts=dict(raw.get("counts", {})),
            code_example=str(raw.get("code_example", "")),
        )
        layers[spec.name] = spec
    return Schema(layers, lists)


@cache
def default_schema() -> Schema:
    """The shipped declarations, loaded once."""
    return load_schema()


# -- validation of one value -------------------------------------------------------------------

def coerce(spec: FieldSpec, value: Any) -> Any:
    """Turn a user or file value into the field's Python type; ValueError with a message key."""
    if value is None or (isinstance(value, str) and value.strip() == "" and spec.type != "text"):
        return None
    if isinstance(value, float) and value != value:  # NaN is a missing number
        return None
    t = spec.type
    if t == "text":
        return str(value)
    if t == "int":
        if isinstance(value, bool):
            raise ValueError("not_a_number")
        try:
            f = float(str(value).strip())
        except ValueError as exc:
            raise ValueError("not_a_number") from exc
        if f != int(f):
            raise ValueError("not_an_integer")
        return int(f)
    if t == "real":
        try:
            return float(str(value).strip())
        except ValueError as exc:
            raise ValueError("not_a_number") from exc
    if t == "date":
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return dt.date.fromisoformat(str(value).strip()[:10]).isoformat()
        except ValueError as exc:
            raise ValueError("not_a_date") from exc
    if t == "bool":
        if isinstance(value, str):
            v = value.strip().lower()
            if v in ("1", "true", "yes", "是", "y"):
                return True
            if v in ("0", "false", "no", "否", "n"):
                return False
            raise ValueError("not_a_bool")
        return bool(value)
    raise ValueError("unknown_type")


def validate(spec: FieldSpec, value: Any) -> str | None:
    """None when `value` (already coerced) is acceptable, else a message key for messages.py."""
    if value is None:
        return "required" if spec.required else None
    if spec.type in ("int", "real"):
        if spec.min is not None and value < spec.min:
            return "below_min"
        if spec.max is not None and value > spec.max:
            return "above_max"
    if spec.type == "text":
        if spec.required and not value.strip():
            return "required"
        if spec.max_length is not None and len(value) > spec.max_length:
            return "too_long"
        if spec.choices and value not in spec.choice_values:
            return "not_a_choice"
    return None
