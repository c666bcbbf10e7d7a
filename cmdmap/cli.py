"""The `cmdmap` command: the window, and headless commands.

    cmdmap [FILE]                      open the window (the built-in demo community without FILE)
    cmdmap demo OUT.gpkg [--seed N] [--scale community|city] [--today DATE]
    cmdmap counts FILE [--by LEVEL] [--as-of DATE] [--format table|csv|json] [-o OUT]
    cmdmap check FILE
    cmdmap import SRC --into FILE [--layer L] [--target T] [--source-crs EPSG:…|gcj02|bd09] [--yes]
    cmdmap export FILE --layer L|counts -o OUT [--include-personal]
    cmdmap print FILE -o OUT.pdf|png|svg [--paper A0] [--tile A3] [--atlas] …
    cmdmap --version

Bad input never ends in a traceback: it ends in a message in the user's language (LANG) and
exit status 2. Headless commands other than print never import Qt.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import re
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any, Sequence

from cmdmap import __version__
from cmdmap.messages import language, message

SUBCOMMANDS = ("demo", "counts", "check", "import", "export", "print")
LEVELS = ("community", "zone", "grid", "micro-grid", "compound", "building")
_LEVEL_KEY = {"micro-grid": "micro"}

_ARGPARSE_ZH = [
    (r"the following arguments are required: (.*)", "缺少参数：{0}"),
    (r"argument (\S+): invalid choice: '?([^'\s]*)'? \(choose from (.*)\)", "参数 {0} 的值 {1} 无效，可选：{2}"),
    (r"unrecognized arguments: (.*)", "无法识别的参数：{0}"),
    (r"argument (\S+): expected one argument", "参数 {0} 需要一个值"),
    (r"argument (\S+): invalid (\w+) value: (.*)", "参数 {0} 的值 {2} 无效"),
]


class UserError(Exception):
    """Bad input: shown to the user as a message, never as a traceback."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class _Parser(argparse.ArgumentParser):
    """argparse that reports errors in the user's language and exits with status 2."""

    def error(self, text: str) -> None:  # type: ignore[override]
        if language() != "en":
            for pattern, zh in _ARGPARSE_ZH:
                m = re.fullmatch(pattern, text)
                if m:
                    text = zh.format(*m.groups())
                    break
            prefix = "错误"
        else:
            prefix = "error"
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: {prefix}: {text}\n")
        sys.exit(2)


def _h(zh: str, en: str) -> str:
    return en if language() == "en" else zh


def _parser() -> _Parser:
    p = _Parser(prog="cmdmap", description=_h("社区指挥部作战图：网格、小区、大门、楼栋与实时统计。",
                                                 "The command desk's battle map: grids, compounds, gates, buildings and live counts."))
    p.add_argument("--version", action="version", version=f"cmdmap {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    d = sub.add_parser("demo", help=_h("生成示例社区文件", "write the demo community file"))
    d.add_argument("out", help=_h("输出文件 (.gpkg)", "output file (.gpkg)"))
    d.add_argument("--seed", type=int, default=1, help=_h("随机种子（默认 1）", "random seed (default 1)"))
    d.add_argument("--scale", choices=("community", "city"), default="community",
                   help=_h("community：一个社区；city：区级规模（约 1 万网格、20 万栋楼）",
                           "community: one community; city: a district (~10,000 grids, ~200,000 buildings)"))
    d.add_argument("--today", help=_h("隔离登记的参照日期 YYYY-MM-DD（默认今天）", "reference date for the isolation register, YYYY-MM-DD (default today)"))
    d.add_argument("--force", action="store_true", help=_h("覆盖已有文件", "overwrite an existing file"))

    c = sub.add_parser("counts", help=_h("输出统计数", "print the counts"))
    c.add_argument("file")
    c.add_argument("--by", choices=LEVELS, default="community", help=_h("统计层级", "level of the rows"))
    c.add_argument("--as-of", dest="as_of", help=_h("统计日期 YYYY-MM-DD（默认今天）", "day of the isolation counts, YYYY-MM-DD (default today)"))
    c.add_argument("--format", choices=("table", "csv", "json"), default="table")
    c.add_argument("-o", "--output", help=_h("写入文件而不是屏幕", "write to a file instead of the screen"))

    i = sub.add_parser("import", help=_h("把其他软件的矢量数据（GeoPackage、Shapefile、GeoJSON、KML、DXF、OpenStreetMap）导入作战图文件",
                                         "import vector data (GeoPackage, Shapefile, GeoJSON, KML, DXF, OpenStreetMap) into a battle-map file"))
    i.add_argument("source")
    i.add_argument("--into", required=True, help=_h("作战图文件；不存在时新建", "battle-map file; created when it does not exist"))
    i.add_argument("--layer", help=_h("只导入源文件中的这个图层", "import only this layer of the source"))
    i.add_argument("--target", choices=("compounds", "buildings", "gates", "grids", "sites", "risk_zones", "events"),
                   help=_h("导入到哪个图层（默认按图层名判断）", "cmdmap layer to import into (default: guessed from the layer name)"))
    i.add_argument("--source-crs", dest="source_crs", help=_h("源坐标系：EPSG:xxxx，或 gcj02（高德/腾讯）、bd09（百度）",
                                                               "source coordinates: EPSG:xxxx, or gcj02 (AMap/Tencent), bd09 (Baidu)"))
    i.add_argument("--yes", action="store_true", help=_h("花名册：确认写入（默认只显示匹配报告）",
                                                         "rosters: write the changes (default: only show the matching report)"))
    i.add_argument("--encoding", help=_h("文字编码，如 GBK、UTF-8（默认自动判断）", "text encoding, e.g. GBK, UTF-8 (default: detected)"))
    i.add_argument("--roster", choices=("building", "isolation", "staff"), default="building",
                   help=_h("Excel/CSV 名单的种类：楼栋（默认）、隔离人员、工作人员", "kind of .xlsx/.csv roster: building (default), isolation, staff"))

    e = sub.add_parser("export", help=_h("导出图层（GeoJSON、Shapefile、KML、CSV、Excel）或统计数（CSV、Excel）",
                                         "export a layer (GeoJSON, Shapefile, KML, CSV, Excel) or the counts (CSV, Excel)"))
    e.add_argument("file")
    e.add_argument("--layer", required=True, help=_h("图层名，如 buildings；或 counts 表示统计数",
                                                     "layer name, e.g. buildings; or counts for the counts"))
    e.add_argument("-o", "--output", required=True)
    e.add_argument("--by", choices=LEVELS, default="grid", help=_h("统计层级（--layer counts 时）", "level of the counts (with --layer counts)"))
    e.add_argument("--as-of", dest="as_of")
    e.add_argument("--target-crs", dest="target_crs", choices=("wgs84", "gcj02", "bd09"), default="wgs84",
                   help=_h("GeoJSON/KML 的经纬度坐标系（gcj02 用于高德/腾讯，bd09 用于百度）",
                           "longitude/latitude system of GeoJSON/KML (gcj02 for AMap/Tencent, bd09 for Baidu)"))
    e.add_argument("--include-personal", action="store_true",
                   help=_h("包含姓名、电话等个人信息（默认不含）", "include personal fields such as names and phones (left out by default)"))

    k = sub.add_parser("check", help=_h("检查网格空白、重叠、无效图形和人员配备", "check for grid gaps, overlaps, invalid geometry and staffing"))
    k.add_argument("file")

    r = sub.add_parser("print", help=_h("打印作战图到 PDF、PNG 或 SVG", "print the wall map to PDF, PNG or SVG"))
    r.add_argument("file")
    r.add_argument("-o", "--output", required=True, help=_h("输出文件（.pdf、.png 或 .svg）", "output file (.pdf, .png or .svg)"))
    r.add_argument("--paper", default="A3", help=_h("纸张 A0–A4，或宽x高（毫米），如 600x900", "paper A0–A4, or WIDTHxHEIGHT in mm such as 600x900"))
    r.add_argument("--landscape", action="store_true", help=_h("横向", "landscape"))
    r.add_argument("--scale", type=float, default=0.0, help=_h("比例尺分母，如 2000（默认适合页面）", "scale denominator such as 2000 (default: fit)"))
    r.add_argument("--tile", help=_h("拼贴打印到这种纸上，如 A3", "print as a poster on sheets of this paper, e.g. A3"))
    r.add_argument("--atlas", nargs="?", const="grid", choices=("grid", "micro"),
                   help=_h("图册：每个网格一页（--atlas micro：每个微网格一页）",
                           "atlas: one page per grid (--atlas micro: per micro-grid)"))
    r.add_argument("--no-staff-names", dest="staff_names", action="store_false",
                   help=_h("图册上不印网格员、楼栋长姓名（默认印）", "leave grid workers' and building heads' names off atlas sheets (printed by default)"))
    r.add_argument("--staff-phones", dest="staff_phones", action="store_true",
                   help=_h("图册上印网格员电话（个人信息，默认不印）", "print grid workers' phone numbers on atlas sheets (personal data; off by default)"))
    r.add_argument("--dpi", type=int, default=300, help=_h("PNG 分辨率", "PNG resolution"))
    r.add_argument("--margin", type=float, default=10.0, help=_h("页边距（毫米）", "margin in mm"))
    r.add_argument("--title", default="", help=_h("标题（默认：社区名 + 作战图）", "title (default: community name + 作战图)"))
    r.add_argument("--no-backdrop", dest="backdrop", action="store_false",
                   help=_h("不印扫描的平面图（底图）", "leave the scanned plans (backdrops) out of the print"))
    return p


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError("bad_date", value=text) from None


def _open(path: str):
    from cmdmap.store.errors import StoreError
    from cmdmap.store.gpkg import open_document
    try:
        return open_document(path)
    except StoreError as err:
        raise UserError(err.key, **err.params) from None


# -- demo ------------------------------------------------------------------------------------------

def cmd_demo(args: argparse.Namespace) -> int:
    """Write the demo community (or district) to a new file."""
    from cmdmap.demo import build_demo
    from cmdmap.model.counts import count
    from cmdmap.store import gpkg
    from cmdmap.store.errors import StoreError

    out = Path(args.out)
    if out.exists() and not args.force:
        raise UserError("exists", path=str(out))
    t0 = time.perf_counter()
    doc = build_demo(seed=args.seed, scale=args.scale, today=_date(args.today))
    try:
        gpkg.create(out, doc, overwrite=args.force)
    except StoreError as err:
        raise UserError(err.key, **err.params) from None
    total = count(doc).total
    grids = int((doc["grids"].column("level") == "grid").sum())
    print(message("demo_written", path=str(out), grids=grids, buildings=total["buildings"],
                  households=total["households"], seconds=f"{time.perf_counter() - t0:.1f}"))
    return 0


# -- counts ----------------------------------------------------------------------------------------

def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


def format_counts(table, fmt: str, lang: str) -> str:
    """The counts as an aligned table, CSV or JSON text."""
    from cmdmap.model.counts import flat_columns, flat_value
    if fmt == "json":
        return json.dumps(table.to_json(), ensure_ascii=False, indent=2) + "\n"
    cols = flat_columns(lang)
    total_label = "total" if lang == "en" else "合计"
    rows = [[("" if flat_value(r, k) is None else str(flat_value(r, k))) for k, _ in cols] for r in table.rows]
    if table.by != "community":
        rows.append([total_label, ""] + [str(flat_value(table.total, k)) for k, _ in cols[2:]])
    headers = [h for _, h in cols]
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(headers)
        w.writerows(rows)
        return buf.getvalue()
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = ["  ".join(_pad(h, widths[i], i >= 2) for i, h in enumerate(headers))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, widths[i], i >= 2) for i, c in enumerate(r)) for r in rows]
    as_of = f"{'as of' if lang == 'en' else '统计日期'} {table.as_of.isoformat()}"
    return as_of + "\n" + "\n".join(lines) + "\n"


def cmd_counts(args: argparse.Namespace) -> int:
    """Print the counts of a file."""
    from cmdmap.model.counts import count
    as_of = _date(args.as_of)
    doc = _open(args.file)
    table = count(doc, by=_LEVEL_KEY.get(args.by, args.by), as_of=as_of)
    text = format_counts(table, args.format, language())
    if args.output:
        # utf-8-sig so that Excel opens Chinese CSV headers correctly.
        enc = "utf-8-sig" if args.format == "csv" else "utf-8"
        Path(args.output).write_text(text, encoding=enc)
    else:
        sys.stdout.write(text)
    return 0


# -- check -----------------------------------------------------------------------------------------

def cmd_check(args: argparse.Namespace) -> int:
    """Print every problem in a file; exit 0 only when there is none."""
    from cmdmap.model.check import ERROR, check, describe
    doc = _open(args.file)
    problems = check(doc)
    lang = language()
    for p in problems:
        tag = ("错误" if p.severity == ERROR else "提醒") if lang != "en" else p.severity
        print(f"[{tag}] " + describe(doc, p, lang))
    if not problems:
        print(message("check_clean", lang))
        return 0
    errors = sum(p.severity == ERROR for p in problems)
    print(message("check_summary", lang, errors=errors, warnings=len(problems) - errors))
    return 1


# -- import ----------------------------------------------------------------------------------------

def cmd_import(args: argparse.Namespace) -> int:
    """Import a vector file into a battle-map file (new or existing) as one step."""
    from cmdmap.edit import UndoStack
    from cmdmap.model.document import Document
    from cmdmap.store import gpkg, vector_import
    from cmdmap.store.crs import epsg_for_lonlat
    from cmdmap.store.errors import StoreError

    into = Path(args.into)
    if Path(args.source).suffix.lower() in (".xlsx", ".xlsm", ".csv"):
        return _import_roster(args, into)
    try:
        if into.exists():
            doc = gpkg.open_document(into)
        else:
            lng, lat = vector_import.lonlat_centre(args.source, args.source_crs)
            doc = Document(epsg_for_lonlat(lng, lat), meta={"community_name": into.stem, "community_code": into.stem})
        plans = vector_import.plan_file(doc, args.source, args.layer, args.target, args.source_crs, args.encoding)
        UndoStack(doc).push(vector_import.command(doc, plans))  # with the source's credit (ODbL)
        for p in plans:
            print_import_report(p.report)
        if into.exists():
            gpkg.save(doc, into)
        else:
            gpkg.create(into, doc)
    except StoreError as err:
        raise UserError(err.key, **err.params) from None
    print(message("import_saved", path=str(into)))
    return 0


def _import_roster(args: argparse.Namespace, into: Path) -> int:
    """A building, isolation or staff roster: report how its rows match the map; write only with --yes."""
    from cmdmap.edit import UndoStack
    from cmdmap.store import gpkg, roster_kinds
    from cmdmap.store.errors import StoreError
    from cmdmap.store.tables import read_table
    doc = _open(str(into))
    try:
        table = read_table(args.source)
    except StoreError as err:
        raise UserError(err.key, **err.params) from None
    kind = "buildings" if args.roster == "building" else args.roster
    if kind != "buildings":  # a building roster without its columns simply matches nothing
        missing = roster_kinds.missing(kind, roster_kinds.guess(kind, table.headers))
        if missing:
            raise UserError("roster_missing_columns", path=args.source, columns="、".join(missing))
    plan = roster_kinds.plan(doc, kind, table)
    head, rows = roster_kinds.report(doc, args.source, kind, plan)
    print(head)
    for row in rows:
        print("  - " + row)
    if not args.yes or (kind != "buildings" and not plan.changes):
        print(message("roster_dry_run"))
        return 0
    UndoStack(doc).push(roster_kinds.command(doc, kind, plan))
    try:
        gpkg.save(doc, into)
    except StoreError as err:
        raise UserError(err.key, **err.params) from None
    print(message("import_saved", path=str(into)))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Export one layer, or the counts, to another format."""
    from cmdmap.model.counts import count
    from cmdmap.store import export
    from cmdmap.store.errors import StoreError
    doc = _open(args.file)
    try:
        if args.layer == "counts":
            table = count(doc, by=_LEVEL_KEY.get(args.by, args.by), as_of=_date(args.as_of))
            n = export.export_counts(table, args.output, language())
        elif args.layer in doc.layers:
            n = export.export_layer(doc, args.layer, args.output, args.include_personal, args.target_crs)
        else:
            raise UserError("no_such_layer", path=args.file, layer=args.layer, layers="、".join([*doc.layers, "counts"]))
    except StoreError as err:
        raise UserError(err.key, **err.params) from None
    print(message("exported", n=n, path=args.output))
    return 0


def print_import_report(rep) -> None:
    """The report of one imported layer, in the user's language."""
    lang = language()
    from cmdmap.model.schema import default_schema
    target = default_schema()[rep.target].title.get(lang)
    print(message("import_report", lang, source=rep.source, target=target, read=rep.read, imported=rep.imported,
                  repaired=rep.repaired, split=rep.split, skipped=sum(rep.skipped.values())))
    for reason, n in rep.skipped.items():
        print(f"  - {message(reason, lang)}: {n}")
    for fname, n in rep.dropped_values.items():
        print(f"  - {message('values_dropped', lang, field=fname, n=n)}")
    for note in rep.notes:
        key, _, n = note.partition(":")
        print(f"  - {message(key, lang, n=n)}")


# -- print -----------------------------------------------------------------------------------------

def cmd_print(args: argparse.Namespace) -> int:
    """Print the wall map (or a poster, or an atlas) to a PDF, PNG or SVG file, without a window."""
    import os
    fmt = Path(args.output).suffix.lower().lstrip(".")
    paper, custom = args.paper.upper(), (0.0, 0.0)
    m = re.fullmatch(r"(\d+(?:\.\d+)?)[X×*](\d+(?:\.\d+)?)", paper)
    if m:
        paper, custom = "custom", (float(m.group(1)), float(m.group(2)))
    doc = _open(args.file)
    # Qt only here: demo/counts/check stay Qt-free. No display is needed for paper.
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication
    from cmdmap.printing.export import ExportError, export
    from cmdmap.printing.settings import PrintSettings
    app = QGuiApplication.instance() or QGuiApplication(["cmdmap"])  # noqa: F841 — kept alive
    settings = PrintSettings(paper=paper, custom_mm=custom, landscape=args.landscape, margin_mm=args.margin,
                             title=args.title, scale=args.scale, dpi=args.dpi, format=fmt,
                             tile=(args.tile or "").upper(), atlas=bool(args.atlas), atlas_level=args.atlas or "grid",
                             show_staff_names=args.staff_names, show_staff_phones=args.staff_phones,
                             backdrop=args.backdrop)
    try:
        result = export(doc, settings, args.output)
    except ExportError as err:
        raise UserError(err.key, **err.params) from None
    except OSError as err:
        raise UserError("print_write_failed", path=f"{args.output} ({err})") from None
    size = f"{result.bytes / 1e6:.1f} MB"
    print(message("print_written", language(), path=args.output, pages=result.pages, size=size,
                  seconds=f"{result.seconds:.1f}"))
    return 0


# -- main ------------------------------------------------------------------------------------------

def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `cmdmap` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and (argv[0] in SUBCOMMANDS or argv[0].startswith("-")):
            args = _parser().parse_args(argv)
            handler = {"demo": cmd_demo, "counts": cmd_counts, "check": cmd_check, "import": cmd_import,
                       "export": cmd_export, "print": cmd_print}.get(args.command)
            if handler is None:
                _parser().print_help()
                return 0
            return handler(args)
        if len(argv) > 1:
            _parser().error(message("unexpected", detail=" ".join(argv[1:])))
        from cmdmap.ui.app import run
        return run(argv[0] if argv else None)
    except UserError as err:
        sys.stderr.write(message(err.key, **err.params) + "\n")
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
