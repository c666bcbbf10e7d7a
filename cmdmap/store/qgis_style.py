"""Default QGIS styles (QML) for the feature layers, written into the file's `layer_styles` table.

Generated from the layer declarations (layers/*.toml `[style]`) and the document (grid colours),
so a file opened in QGIS shows the same colours and labels as cmdmap. The QML is the minimal
subset QGIS 3.22 writes for these renderers (symbol properties in both the `<Option>` and the older
`<prop>` form, so older and newer QGIS read them).
"""

from __future__ import annotations

import hashlib

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any, Iterable

from cmdmap.model.schema import LayerSpec

if TYPE_CHECKING:
    from cmdmap.model.document import Document

FONT_FAMILY = "Noto Sans SC"
STYLE_NAME = "cmdmap"
QGIS_VERSION = "3.22.0"  # the oldest QGIS whose QML this mirrors (DESIGN.md measured 3.22)

# The look of cmdmap's own renderer (cmdmap/render/style.py, which needs Qt and so cannot be
# imported here): keep these in step with GRID_BORDERS, LABELS, SITE_SYMBOLS and GATE_COLORS there.
NO_GRID_COLOR = "#d9d9d9"  # render.style.DEFAULT_GRID_COLOR: grids without a colour, buildings outside grids
GRID_BORDERS = {"zone": ("#1f1f1f", 0.9), "grid": ("#333333", 0.5), "micro": ("#555555", 0.25)}
# layer -> (size pt, colour, bold, hide when zoomed out past 1:N or None)
LABELS = {
    "compounds": (10.5, "#3d2b1f", True, None),
    "gates": (7.5, "#1d4e89", False, 6000),
    "sites": (8.0, "#7b241c", False, 15000),
    "grids": (9.0, "#444444", False, None),
    "buildings": (7.0, "#222222", False, 8000),
    "risk_zones": (9.0, "#a31515", False, None),
    "events": (7.5, "#5b2c6f", False, 4000),
}
# QGIS label priority 0–10 in the order of render's LabelStyle.priority (compounds win over grids).
LABEL_PRIORITY = {"compounds": 9, "sites": 8, "gates": 7, "risk_zones": 6, "grids": 5, "events": 4, "buildings": 3}
SITE_MARKERS = {  # QGIS marker names for render's circle / square / cross / triangle / diamond
    "sampling": ("circle", "#2e86c1"),
    "isolation_hotel": ("square", "#e67e22"),
    "hospital": ("cross_fill", "#c0392b"),
    "checkpoint": ("triangle", "#7d3c98"),
    "supply": ("diamond", "#1e8449"),
    "clinic": ("cross_fill", "#16a085"),
    "other": ("circle", "#7f8c8d"),
}
GATE_COLORS = {"open": "#1d4e89", "guarded": "#1d4e89", "closed": "#922b21", "sealed": "#922b21"}
RISK_COLORS = {"sealed": "#d62728", "controlled": "#ff7f0e", "precaution": "#e6b800"}

RGB = tuple[int, int, int]


# -- colours -------------------------------------------------------------------------------------

def parse_color(text: Any) -> tuple[int, int, int, int] | None:
    """(r, g, b, a) from '#rrggbb' or Qt's '#aarrggbb'; None when it is not a colour."""
    if not isinstance(text, str):
        return None
    s = text.strip().lstrip("#")
    try:
        if len(s) == 6:
            return int(s[0:2], 16), int(s[2:4], 16), int(s[4:6], 16), 255
        if len(s) == 8:
            return int(s[2:4], 16), int(s[4:6], 16), int(s[6:8], 16), int(s[0:2], 16)
    except ValueError:
        return None
    return None


def grid_colors(doc: "Document") -> dict[str, RGB]:
    """Grid code -> its colour (its `color` field; grey when it has none, as cmdmap draws it)."""
    grids = doc["grids"]
    grey = parse_color(NO_GRID_COLOR)
    assert grey is not None
    out: dict[str, RGB] = {}
    for code, color in zip(grids.column("code").tolist(), grids.column("color").tolist()):
        if code is not None:
            out[code] = (parse_color(color) or grey)[:3]
    return out


def _rgba(color: RGB | str | tuple, alpha: float = 1.0) -> str:
    if isinstance(color, str):
        parsed = parse_color(color) or (0, 0, 0, 255)
        color = parsed[:3]
    r, g, b = color[:3]
    return f"{r},{g},{b},{int(round(max(0.0, min(1.0, alpha)) * 255))}"


# -- XML building blocks -------------------------------------------------------------------------

def _option_map(parent: ET.Element, tag: str, values: dict[str, str] | None = None) -> ET.Element:
    el = ET.SubElement(parent, tag)
    m = ET.SubElement(el, "Option", type="Map")
    ET.SubElement(m, "Option", name="name", value="", type="QString")
    props = ET.SubElement(m, "Option", name="properties")
    ET.SubElement(m, "Option", name="type", value="collection", type="QString")
    if values:
        props.set("type", "Map")
        for key, field in values.items():
            p = ET.SubElement(props, "Option", name=key, type="Map")
            ET.SubElement(p, "Option", name="active", value="true", type="bool")
            ET.SubElement(p, "Option", name="field", value=field, type="QString")
            ET.SubElement(p, "Option", name="type", value="2", type="int")  # 2 = field-based
    return el


def _symbol(parent: ET.Element, name: str, kind: str, layer_class: str, props: dict[str, str],
            data_defined: dict[str, str] | None = None) -> ET.Element:
    sym = ET.SubElement(parent, "symbol", name=name, type=kind, alpha="1", clip_to_extent="1", force_rhr="0")
    _option_map(sym, "data_defined_properties")
    layer = ET.SubElement(sym, "layer", {"class": layer_class, "enabled": "1", "locked": "0", "pass": "0"})
    opts = ET.SubElement(layer, "Option", type="Map")
    for k in sorted(props):
        ET.SubElement(opts, "Option", name=k, value=props[k], type="QString")
    for k in sorted(props):
        ET.SubElement(layer, "prop", k=k, v=props[k])
    _option_map(layer, "data_defined_properties", data_defined)
    return sym


def _fill(fill: str, outline: str, width_mm: float, style: str = "solid", dashed: bool = False) -> dict[str, str]:
    return {"color": fill, "outline_color": outline, "outline_width": f"{width_mm:g}",
            "outline_width_unit": "MM", "outline_style": "dash" if dashed else "solid", "style": style,
            "joinstyle": "bevel", "offset": "0,0", "offset_unit": "MM"}


def _marker(shape: str, fill: str, outline: str, size_mm: float, outline_mm: float) -> dict[str, str]:
    return {"name": shape, "color": fill, "outline_color": outline, "size": f"{size_mm:g}",
            "size_unit": "MM", "outline_width": f"{outline_mm:g}", "outline_width_unit": "MM",
            "outline_style": "solid", "angle": "0", "scale_method": "diameter", "joinstyle": "bevel",
            "horizontal_anchor_point": "1", "vertical_anchor_point": "1", "offset": "0,0", "offset_unit": "MM"}


def _renderer_single(root: ET.Element, kind: str, layer_class: str, props: dict[str, str],
                     data_defined: dict[str, str] | None = None) -> None:
    r = ET.SubElement(root, "renderer-v2", type="singleSymbol", forceraster="0", symbollevels="0",
                      enableorderby="0")
    _symbol(ET.SubElement(r, "symbols"), "0", kind, layer_class, props, data_defined)
    ET.SubElement(r, "rotation")
    ET.SubElement(r, "sizescale")


def _renderer_categorized(root: ET.Element, attr: str, kind: str, layer_class: str,
                          categories: Iterable[tuple[str, str, dict[str, str]]],
                          data_defined: dict[str, str] | None = None) -> None:
    """`categories`: (value, label, symbol properties); value '' is QGIS's 'all other values'."""
    r = ET.SubElement(root, "renderer-v2", type="categorizedSymbol", attr=attr, forceraster="0",
                      symbollevels="0", enableorderby="0")
    cats = ET.SubElement(r, "categories")
    syms = ET.SubElement(r, "symbols")
    for i, (value, label, props) in enumerate(categories):
        ET.SubElement(cats, "category", value=value, label=label, render="true", symbol=str(i))
        _symbol(syms, str(i), kind, layer_class, props, data_defined)
    ET.SubElement(r, "rotation")
    ET.SubElement(r, "sizescale")


def _labeling(root: ET.Element, layer: str, field: str, point: bool) -> None:
    """Simple labels in Noto Sans SC with a white halo, sized and coloured as cmdmap draws them."""
    size_pt, color, bold, max_scale = LABELS.get(layer, (8.0, "#222222", False, None))
    root.set("labelsEnabled", "1")
    lab = ET.SubElement(root, "labeling", type="simple")
    s = ET.SubElement(lab, "settings", calloutType="simple")
    ts = ET.SubElement(s, "text-style", fieldName=field, isExpression="0", fontFamily=FONT_FAMILY,
                       namedStyle="", fontSize=f"{size_pt:g}", fontSizeUnit="Point",
                       fontWeight="75" if bold else "50", fontItalic="0", textColor=_rgba(color),
                       textOpacity="1", multilineHeight="1", allowHtml="0")
    ET.SubElement(ts, "families")
    ET.SubElement(ts, "text-buffer", bufferDraw="1", bufferSize="0.7", bufferSizeUnits="MM",
                  bufferColor="255,255,255,255", bufferOpacity="1", bufferNoFill="1", bufferJoinStyle="128")
    ET.SubElement(s, "text-format", wrapChar="", multilineAlign="3")
    # 0 = around the point (points, offset by dist), 1 = over the polygon's centre.
    ET.SubElement(s, "placement", placement="0" if point else "1", dist="1.5" if point else "0",
                  distUnits="MM", offsetType="0", quadOffset="4", priority=str(LABEL_PRIORITY.get(layer, 5)),
                  centroidInside="1",
                  fitInPolygonOnly="0", placementFlags="10")
    rendering = {"drawLabels": "1", "obstacle": "1", "obstacleType": "1", "displayAll": "0",
                 "upsidedownLabels": "0", "labelPerPart": "0", "mergeLines": "0",
                 "scaleVisibility": "0", "scaleMin": "0", "scaleMax": "0"}
    if max_scale:
        # QGIS reads "scaleMax" as its minimumScale: the most zoomed-out scale that shows labels.
        rendering.update(scaleVisibility="1", scaleMin="0", scaleMax=f"{max_scale:g}")
    ET.SubElement(s, "rendering", rendering)


def _label(root: ET.Element, spec: LayerSpec) -> None:
    field = spec.style.get("label")
    if field in spec.field_names:
        _labeling(root, spec.name, field, point=spec.geometry == "POINT")


def _finish(root: ET.Element, geometry: str) -> str:
    ET.SubElement(root, "blendMode").text = "0"
    ET.SubElement(root, "featureBlendMode").text = "0"
    ET.SubElement(root, "layerGeometryType").text = "0" if geometry == "POINT" else "2"
    ET.indent(root, " ")
    body = ET.tostring(root, encoding="unicode")
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + body + "\n"


def _root() -> ET.Element:
    return ET.Element("qgis", version=QGIS_VERSION, styleCategories="Symbology|Labeling", labelsEnabled="0")


# -- one function per layer kind -----------------------------------------------------------------

def _grids(spec: LayerSpec, doc: "Document") -> ET.Element:
    """Each grid in its own colour, filled light; the border dark and heavier for coarser levels."""
    alpha = float(spec.style.get("fill_alpha", 0.18))
    colors = grid_colors(doc)
    grids = doc["grids"]
    cats = []
    for code, name, level in zip(grids.column("code").tolist(), grids.column("name").tolist(),
                                 grids.column("level").tolist()):
        if code is None:
            continue
        line, width = GRID_BORDERS.get(level or "grid", GRID_BORDERS["grid"])
        cats.append((str(code), str(name or code),
                     _fill(_rgba(colors[code], alpha), _rgba(line), width, dashed=level == "micro")))
    line, width = GRID_BORDERS["grid"]
    cats.append(("", "其他", _fill(_rgba(NO_GRID_COLOR, alpha), _rgba(line), width)))
    root = _root()
    _renderer_categorized(root, "code", "fill", "SimpleFill", cats)
    _label(root, spec)
    return root


def _buildings(spec: LayerSpec, doc: "Document") -> ET.Element:
    """Buildings in the colour of the grid they lie in (their derived `grid` column)."""
    st = spec.style
    alpha = float(st.get("fill_alpha", 0.85))
    outline = _rgba(st.get("stroke", "#404040"))
    width = float(st.get("stroke_width", 0.2))
    colors = grid_colors(doc)
    grids = doc["grids"]
    codes = [c for c, lv in zip(grids.column("code").tolist(), grids.column("level").tolist())
             if c is not None and lv == "grid"]
    # Values already in the buildings' grid column that are not level-网格 grids keep a colour too.
    in_use = {v for v in doc["buildings"].column("grid").tolist() if v is not None}
    codes += sorted(in_use - set(codes))
    cats = [(str(c), str(c), _fill(_rgba(colors.get(c, NO_GRID_COLOR), alpha), outline, width)) for c in codes]
    cats.append(("", "不在网格内", _fill(_rgba(NO_GRID_COLOR, alpha), outline, width)))
    root = _root()
    _renderer_categorized(root, "grid", "fill", "SimpleFill", cats)
    _label(root, spec)
    return root


def _compounds(spec: LayerSpec, doc: "Document") -> ET.Element:
    """Outlines only (the grid colours show through), labelled by name."""
    st = spec.style
    alpha = float(st.get("fill_alpha", 0.0))
    root = _root()
    _renderer_single(root, "fill", "SimpleFill",
                     _fill(_rgba(st.get("fill", "#ffffff"), alpha), _rgba(st.get("stroke", "#5b4636")),
                           float(st.get("stroke_width", 0.6)), style="no" if alpha == 0 else "solid"))
    _label(root, spec)
    return root


def _gates(spec: LayerSpec, doc: "Document") -> ET.Element:
    """A triangle turned to the gate's `bearing` (clockwise from north, as QGIS rotates markers)."""
    st = spec.style
    outline = _rgba(st.get("stroke", "#ffffff"))
    ow = float(st.get("stroke_width", 0.3))
    angle = {"angle": "bearing"} if "bearing" in spec.field_names else None
    root = _root()
    if "state" in spec.field_names:
        cats = [(c.value, c.title.zh, _marker("triangle", _rgba(GATE_COLORS.get(c.value, st.get("fill", "#1d4e89"))),
                                               outline, 3.5, ow))
                for c in spec.field("state").choices]
        cats.append(("", "其他", _marker("triangle", _rgba(st.get("fill", "#1d4e89")), outline, 3.5, ow)))
        _renderer_categorized(root, "state", "marker", "SimpleMarker", cats, angle)
    else:
        _renderer_single(root, "marker", "SimpleMarker",
                         _marker("triangle", _rgba(st.get("fill", "#1d4e89")), outline, 3.5, ow), angle)
    _label(root, spec)
    return root


def _sites(spec: LayerSpec, doc: "Document") -> ET.Element:
    """One marker shape and colour per kind of site."""
    st = spec.style
    outline = _rgba(st.get("stroke", "#ffffff"))
    ow = float(st.get("stroke_width", 0.3))
    cats = []
    for choice in spec.field("kind").choices:
        shape, color = SITE_MARKERS.get(choice.value, ("circle", st.get("fill", "#c0392b")))
        cats.append((choice.value, choice.title.zh, _marker(shape, _rgba(color), outline, 3.2, ow)))
    cats.append(("", "其他", _marker("circle", _rgba(st.get("fill", "#c0392b")), outline, 3.2, ow)))
    root = _root()
    _renderer_categorized(root, "kind", "marker", "SimpleMarker", cats)
    _label(root, spec)
    return root


def _risk_zones(spec: LayerSpec, doc: "Document") -> ET.Element:
    """Hatched in the colour of the level (sealed / controlled / precaution)."""
    st = spec.style
    width = float(st.get("stroke_width", 0.6))
    cats = []
    for choice in spec.field("level").choices:
        c = RISK_COLORS.get(choice.value, st.get("stroke", "#d62728"))
        cats.append((choice.value, choice.title.zh, _fill(_rgba(c), _rgba(c), width, style="b_diagonal")))
    c = st.get("stroke", "#d62728")
    cats.append(("", "其他", _fill(_rgba(c), _rgba(c), width, style="b_diagonal")))
    root = _root()
    _renderer_categorized(root, "level", "fill", "SimpleFill", cats)
    _label(root, spec)
    return root


def _generic(spec: LayerSpec, doc: "Document") -> ET.Element:
    """A single symbol from the layer's declared [style] (events, and any layer added later)."""
    st = spec.style
    root = _root()
    if spec.geometry == "POINT":
        _renderer_single(root, "marker", "SimpleMarker",
                         _marker("circle", _rgba(st.get("fill", "#555555")), _rgba(st.get("stroke", "#ffffff")),
                                 3.0, float(st.get("stroke_width", 0.3))))
    else:
        _renderer_single(root, "fill", "SimpleFill",
                         _fill(_rgba(st.get("fill", "#cccccc"), float(st.get("fill_alpha", 0.5))),
                               _rgba(st.get("stroke", "#333333")), float(st.get("stroke_width", 0.3))))
    _label(root, spec)
    return root


_BUILDERS = {"grids": _grids, "buildings": _buildings, "compounds": _compounds, "gates": _gates,
             "sites": _sites, "risk_zones": _risk_zones}


def layer_qml(spec: LayerSpec, doc: "Document") -> str:
    """The QML of the default style of one feature layer."""
    builder = _BUILDERS.get(spec.name, _generic)
    return _finish(builder(spec, doc), spec.geometry or "POLYGON")


def inputs(doc: "Document") -> str:
    """A digest of everything the styles depend on: grid codes, names, levels and colours, the
    grid codes buildings lie in, and the declared styles. Equal digests make equal styles."""
    grids = doc["grids"]
    h = hashlib.sha1()
    for name in ("code", "name", "level", "color"):
        h.update(repr(grids.column(name).tolist()).encode())
    h.update(repr(sorted({str(v) for v in doc["buildings"].column("grid").tolist() if v is not None})).encode())
    h.update(repr([(s.name, sorted(s.style.items())) for s in doc.schema.spatial]).encode())
    return h.hexdigest()


def styles(doc: "Document") -> dict[str, str]:
    """Layer name -> QML of its default style, for every feature layer of the document."""
    return {spec.name: layer_qml(spec, doc) for spec in doc.schema.spatial}
