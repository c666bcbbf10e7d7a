#!/usr/bin/env python3
"""Build the CJK font bundled with cmdmap (resources/fonts/).

Why this exists
---------------
cmdmap must show and print Chinese on machines that have no CJK font
installed.  We therefore ship our own font, subset from Noto Sans CJK SC,
in two files:

    resources/fonts/NotoSansSC-cmdmap-Regular.ttf
    resources/fonts/NotoSansSC-cmdmap-Bold.ttf

Both files carry the family name "Noto Sans SC cmdmap" (styles Regular and
Bold), which is the name to pass to QFont.

What the script does
--------------------
1. Opens Debian's fonts-noto-cjk collections (NotoSansCJK-{Regular,Bold}.ttc)
   and picks the Simplified-Chinese face by its PostScript name in the
   ``name`` table (the face order inside a .ttc is not a stable interface).
2. Subsets it to GB2312 plus the Latin, punctuation, arrow, shape and unit
   characters a command-desk map needs (see ``wanted_codepoints``), with
   hinting removed and only the ``kern`` and ``vert`` layout features kept.
3. Converts the CFF (cubic) outlines to TrueType (quadratic) ``glyf``
   outlines with fontTools' cu2qu, following fontTools' Snippets/otf2ttf.py.
   Qt's PDF engine (QPdfWriter) always embeds a subset as a TrueType
   CIDFontType2 / FontFile2 font; given CFF it re-approximates the curves
   itself at export time.  Shipping TrueType outlines means the PDF gets
   exactly the outlines built and checked here, whatever the Qt version.
4. Renames the family to "Noto Sans SC cmdmap" (an OFL Modified Version
   should not pose as the original; see resources/fonts/README.md) and
   writes the two .ttf files.

The output is byte-for-byte reproducible for a given source font and
fontTools version (timestamps are not refreshed).

Usage
-----
    python3 tools/build_font.py                       # Debian paths, repo output
    python3 tools/build_font.py --source-dir DIR --out-dir DIR

Requires: fontTools (tested with 4.68.0) and Debian's fonts-noto-cjk
(tested with 1:20220127+repack1-1, font version 2.004).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTCollection, TTFont, newTable
from fontTools.ttLib.tables._g_a_s_p import (
    GASP_DOGRAY,
    GASP_GRIDFIT,
    GASP_SYMMETRIC_GRIDFIT,
    GASP_SYMMETRIC_SMOOTHING,
)
from fontTools.ttLib.tables._g_l_y_f import Glyph

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
DEFAULT_OUT_DIR = REPO_ROOT / "resources" / "fonts"

FAMILY = "Noto Sans SC cmdmap"
PS_FAMILY = "NotoSansSC-cmdmap"  # PostScript names allow no spaces.

# style -> (source collection file, PostScript name of the SC face in it)
SOURCES: dict[str, tuple[str, str]] = {
    "Regular": ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular"),
    "Bold": ("NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold"),
}

# Max deviation, in font units (1000/em), allowed when approximating a cubic
# curve with quadratics.  1.0 is the otf2ttf default: invisible at any
# practical size, and a tighter bound only adds points (file size).
CU2QU_MAX_ERR = 1.0

# Layout features kept (each measured at under 2% of the file size):
#  - 'kern': Latin/punctuation pair kerning (~30 KB).
#  - 'vert': vertical forms of CJK punctuation (︵ for （, ︒ for 。 ...) for
#    labels stacked character by character along vertical roads; Qt has no
#    vertical layout, but QFont.setFeature(QFont.Tag("vert"), 1) (Qt >= 6.7)
#    applies the substitution (~37 KB, pulls in ~220 extra glyphs).
# Dropped on purpose: 'locl' (would switch to JP/KR/TC glyph shapes when
# the app runs under such a locale; we always want SC forms), 'vrt2' and
# 'palt'/'halt'/'vkrn'/... (unused by Qt's horizontal layout).
LAYOUT_FEATURES = ["kern", "vert"]

# Tables the UI and PDF output never read.  BASE: baseline alignment for
# mixed-script line layout (Qt ignores it); VORG/vhea/vmtx: vertical metrics
# for a true vertical layout engine, which Qt does not have (~35 KB).
DROP_TABLES = ["BASE", "VORG", "vhea", "vmtx"]

# Whole Unicode blocks wanted besides GB2312 (inclusive ranges).
EXTRA_RANGES: list[tuple[int, int]] = [
    (0x0020, 0x007E),  # printable ASCII
    (0x00A0, 0x00FF),  # Latin-1 Supplement: punctuation, ° ² ³ × ÷ and accented
                       # letters for foreign names; ~100 glyphs, cheap
    (0x2000, 0x206F),  # General Punctuation (— … ‰ • etc.)
    (0x2190, 0x21FF),  # Arrows (direction markers on the map)
    (0x25A0, 0x25FF),  # Geometric Shapes (■ ● ▲ ◆ legend symbols)
    (0x2460, 0x2473),  # ① .. ⑳ (numbered points / grid cells)
    (0x3000, 0x303F),  # CJK Symbols and Punctuation (、。《》【】〒 ...)
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms (，：（）０-９ ...)
]

# Single map/measurement characters not guaranteed by the blocks above.
EXTRA_CHARS = (
    "°×÷±²³·"  # degree, dimensions, bullets (also in Latin-1, listed for clarity)
    "№℃‰−≈≤≥"  # numero, Celsius, per mille, minus, comparisons
    "㎡㎞㎝㎜㎎㎏"  # squared/km/cm/mm units as used on Chinese plans
)


def gb2312_codepoints() -> set[int]:
    """Every character encodable in GB2312 (EUC-CN two-byte area).

    GB2312 rows 1-94 map to lead/trail bytes 0xA1-0xFE; rows 10-15 and 88-94
    are unassigned and simply fail to decode, which we skip.
    """
    codepoints: set[int] = set()
    for lead in range(0xA1, 0xFF):
        for trail in range(0xA1, 0xFF):
            try:
                text = bytes((lead, trail)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            codepoints.update(ord(ch) for ch in text)
    return codepoints


def wanted_codepoints() -> set[int]:
    """The full character repertoire of the bundled font."""
    codepoints = gb2312_codepoints()
    for first, last in EXTRA_RANGES:
        codepoints.update(range(first, last + 1))
    codepoints.update(ord(ch) for ch in EXTRA_CHARS)
    return codepoints


def find_face_index(ttc_path: Path, postscript_name: str) -> int:
    """Index of the face in a .ttc whose name ID 6 is ``postscript_name``.

    Matching by name rather than by position: the JP/KR/SC/TC/HK order of
    Noto's collections is an upstream packaging detail and has changed
    between releases.
    """
    collection = TTCollection(str(ttc_path), lazy=True)
    matches = [
        index
        for index, face in enumerate(collection.fonts)
        if face["name"].getDebugName(6) == postscript_name
    ]
    collection.close()
    if len(matches) != 1:
        raise SystemExit(
            f"{ttc_path}: expected exactly one face named {postscript_name!r}, "
            f"found {len(matches)}"
        )
    return matches[0]


def subset_font(font: TTFont, codepoints: set[int]) -> None:
    """Reduce ``font`` in place to ``codepoints`` (still CFF at this point).

    Subsetting before the cubic->quadratic conversion means cu2qu only runs
    on the ~7.7k glyphs we keep instead of all 65,535.
    """
    options = Options()
    options.layout_features = LAYOUT_FEATURES
    options.drop_tables += DROP_TABLES
    options.hinting = False  # no hints in the TrueType output either
    options.desubroutinize = True  # the CFF is discarded; skip re-subroutinizing
    options.notdef_outline = True  # a missing glyph shows a box, not nothing
    options.glyph_names = False
    options.name_IDs = ["*"]  # keep copyright/licence/trademark records
    options.name_languages = [0x0409]  # English only; rename_family() rewrites
    options.prune_unicode_ranges = True
    options.prune_codepage_ranges = True  # claim GB2312, not JIS/KSC/Big5
    options.recalc_average_width = True
    options.recalc_timestamp = False  # reproducible output
    subsetter = Subsetter(options=options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)


def cff_to_glyf(font: TTFont) -> None:
    """Replace the CFF table by quadratic TrueType outlines (otf2ttf recipe)."""
    assert font.sfntVersion == "OTTO" and "CFF " in font
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()

    quad_glyphs: dict[str, Glyph] = {}
    for name in glyph_order:
        tt_pen = TTGlyphPen(glyph_set)
        # CFF contours run counter-clockwise, TrueType ones clockwise.
        glyph_set[name].draw(Cu2QuPen(tt_pen, CU2QU_MAX_ERR, reverse_direction=True))
        quad_glyphs[name] = tt_pen.glyph()

    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = quad_glyphs
    del font["CFF "]
    glyf.compile(font)  # computes per-glyph bounding boxes

    # TrueType rasterizers expect lsb == xMin (head.flags bit 1).
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)

    # A CFF font has a version 0.5 maxp; glyf fonts need the 1.0 fields.
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = 0  # cu2qu output has no composite glyphs
    maxp.compile(font)

    # Glyph names are meaningless for a CID-keyed source; post 3.0 omits them.
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = None

    font.sfntVersion = "\x00\x01\x00\x00"


def add_gasp(font: TTFont) -> None:
    """Ask for grayscale, symmetric smoothing at every size (gasp 0xFFFF:15).

    The outlines carry no hints; without a gasp table some Windows
    rasterizers fall back to bi-level rendering at small sizes.  15 is the
    value Google Fonts uses for its unhinted fonts.
    """
    gasp = font["gasp"] = newTable("gasp")
    gasp.version = 1
    gasp.gaspRange = {
        0xFFFF: GASP_GRIDFIT | GASP_DOGRAY | GASP_SYMMETRIC_GRIDFIT | GASP_SYMMETRIC_SMOOTHING
    }


def rename_family(font: TTFont, style: str) -> None:
    """Give the derivative its own name and note what was changed.

    Copyright (0), trademark (7), manufacturer/designer/URLs (8, 9, 11, 12)
    and licence (13, 14) records from upstream are kept unchanged, as the
    OFL requires the copyright notice and licence to travel with the font.
    """
    name = font["name"]
    source_version = name.getDebugName(5) or ""
    source_ps_name = name.getDebugName(6) or ""
    version = source_version.split(";")[0]  # e.g. "Version 2.004"
    ps_name = f"{PS_FAMILY}-{style}"

    for name_id in (1, 2, 3, 4, 5, 6, 10, 16, 17):
        name.removeNames(nameID=name_id)
    records = {
        1: FAMILY,
        2: style,
        3: f"{version.removeprefix('Version ')};cmdmap;{ps_name}",
        4: FAMILY if style == "Regular" else f"{FAMILY} {style}",
        5: f"{version}; cmdmap subset",
        6: ps_name,
        10: (
            f"Modified Version of {source_ps_name} ({source_version}) made for "
            "cmdmap: subset to GB2312 plus map symbols, hinting removed, "
            "CFF outlines converted to TrueType. Not the original Noto font."
        ),
    }
    for name_id, text in records.items():
        # Windows / Unicode BMP / en-US: the only platform Qt and FreeType need.
        name.setName(text, name_id, 3, 1, 0x0409)


def build(style: str, source_dir: Path, out_dir: Path, codepoints: set[int]) -> Path:
    """Build one style, write it to ``out_dir`` and print a size/coverage line."""
    ttc_name, ps_name = SOURCES[style]
    ttc_path = source_dir / ttc_name
    index = find_face_index(ttc_path, ps_name)
    font = TTFont(str(ttc_path), fontNumber=index, recalcTimestamp=False)

    subset_font(font, codepoints)
    cff_to_glyf(font)
    add_gasp(font)
    rename_family(font, style)

    out_path = out_dir / f"{PS_FAMILY}-{style}.ttf"
    font.save(str(out_path))

    mapped = set(font.getBestCmap())
    missing = sorted(codepoints - mapped)
    missing_gb = sorted(gb2312_codepoints() - mapped)
    print(
        f"{out_path.name}: "
        f"{out_path.stat().st_size:,} bytes, {len(font.getGlyphOrder()):,} glyphs, "
        f"{len(mapped):,} code points (source face #{index} {ps_name}; "
        f"{len(missing)} requested code points not in Noto, "
        f"{len(missing_gb)} of them GB2312)"
    )
    if missing_gb:
        print("  GB2312 code points missing: " + " ".join(f"U+{cp:04X}" for cp in missing_gb))
    font.close()
    return out_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source-dir", type=Path, default=DEFAULT_SOURCE_DIR,
                        help="directory holding NotoSansCJK-*.ttc (default: %(default)s)")
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR,
                        help="where to write the .ttf files (default: %(default)s)")
    args = parser.parse_args(argv)

    args.out_dir.mkdir(parents=True, exist_ok=True)
    codepoints = wanted_codepoints()
    print(f"requesting {len(codepoints):,} code points "
          f"({len(gb2312_codepoints()):,} from GB2312)")
    for style in SOURCES:
        build(style, args.source_dir, args.out_dir, codepoints)
    return 0


if __name__ == "__main__":
    sys.exit(main())
