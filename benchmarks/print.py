"""How long printing takes and how big the files are: the demo community and the district to A0.

    python benchmarks/print.py

Prints one `name: value unit` line per figure. The district PNG runs in a fresh process that opens
the district file and prints it, so its peak memory is that whole job's (file, map, image).
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TODAY = dt.date(2026, 11, 23)


def _child(gpkg_path: str, out: str) -> None:
    """In a fresh process: open the district and print an A0 PNG at 300 dpi."""
    from PySide6.QtGui import QGuiApplication
    app = QGuiApplication([])  # noqa: F841
    from cmdmap.printing.export import export
    from cmdmap.printing.settings import PrintSettings
    from cmdmap.store import gpkg
    doc = gpkg.open_document(gpkg_path)
    _ = doc.placement
    t0 = time.perf_counter()
    export(doc, PrintSettings(paper="A0", landscape=False, format="png", dpi=300), out)
    s = time.perf_counter() - t0
    print(f"district_a0_png_s: {s:.1f} s")
    print(f"district_a0_png_mb: {Path(out).stat().st_size / 1e6:.0f} MB")
    print(f"district_a0_png_peak_mb: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def map_only_pdf(doc, out: Path) -> tuple[float, float]:
    """QGIS's comparison content: one A0 map frame, no labels, legend or table (seconds, MB)."""
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter
    from cmdmap.printing.layout import map_extent
    from cmdmap.render.renderer import MapRenderer, RenderOptions
    from cmdmap.render.view import ViewTransform
    t0 = time.perf_counter()
    writer = QPdfWriter(str(out))
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(QPageSize(QSizeF(841, 1189), QPageSize.Unit.Millimeter),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    renderer = MapRenderer(doc)
    painter = QPainter(writer)
    view = ViewTransform.fit(map_extent(renderer), writer.width(), writer.height(), dpi=300)
    renderer.render(painter, view, RenderOptions(labels=False))
    painter.end()
    renderer.close()
    return time.perf_counter() - t0, out.stat().st_size / 1e6


def main() -> None:
    from PySide6.QtGui import QGuiApplication
    app = QGuiApplication([])  # noqa: F841
    from cmdmap.demo import build_demo
    from cmdmap.printing.export import export
    from cmdmap.printing.settings import PrintSettings
    from cmdmap.store import gpkg

    a0 = PrintSettings(paper="A0", landscape=False)
    with tempfile.TemporaryDirectory() as tmp:
        doc = build_demo(1, "community", TODAY)
        _ = doc.placement
        r = export(doc, a0, Path(tmp) / "demo.pdf")
        print(f"demo_a0_pdf_s: {r.seconds:.2f} s")
        print(f"demo_a0_pdf_mb: {r.bytes / 1e6:.1f} MB")

        doc = build_demo(1, "city", TODAY)
        _ = doc.placement  # opening a file computes it too; the print is what is measured
        r = export(doc, a0, Path(tmp) / "district.pdf")
        print(f"district_a0_pdf_s: {r.seconds:.1f} s")
        print(f"district_a0_pdf_mb: {r.bytes / 1e6:.1f} MB")
        s, mb = map_only_pdf(doc, Path(tmp) / "map_only.pdf")
        print(f"district_a0_pdf_map_only_s: {s:.1f} s")
        print(f"district_a0_pdf_map_only_mb: {mb:.1f} MB")
        path = Path(tmp) / "district.gpkg"
        gpkg.create(path, doc)
        del doc
        out = subprocess.run([sys.executable, __file__, "--png", str(path), str(Path(tmp) / "district.png")],
                             capture_output=True, text=True)
        sys.stdout.write(out.stdout)
        if out.returncode:
            sys.stderr.write(out.stderr)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--png":
        _child(sys.argv[2], sys.argv[3])
    else:
        main()
