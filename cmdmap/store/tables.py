"""Reading rosters (Excel .xlsx, CSV in UTF-8, UTF-8 with BOM or GBK) as rows of text.

Everything is read as text so codes keep their leading zeros ("0012"); numbers are turned into
numbers later, per field. A notes row under the header ("必填…", "可选…", "如1单元101室") is
recognised and skipped, as desks' templates carry one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from cmdmap.store.errors import StoreError

_NOTE = re.compile(r"^(必填|可选|选填|如[:：]?|例[:：]?|例如|格式|填写|说明|YYYY|多个|\d=是)")


@dataclass
class Table:
    """A roster: header names and rows of text (None for empty cells)."""

    headers: list[str]
    rows: list[list[str | None]]
    skipped_notes_row: bool = False
    encoding: str | None = None


def _text(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    s = str(v).strip()
    return s or None


def _is_notes(row: list[str | None]) -> bool:
    cells = [c for c in row if c]
    return bool(cells) and sum(bool(_NOTE.match(c)) for c in cells) >= max(1, len(cells) // 2)


def read_table(path: str | Path, sheet: str | None = None) -> Table:
    """The first sheet (or `sheet`) of an .xlsx, or a CSV file; StoreError when unreadable."""
    path = Path(path)
    if not path.exists():
        raise StoreError("not_found", path=str(path))
    encoding = None
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            from openpyxl import load_workbook
            wb = load_workbook(path, read_only=True, data_only=True)
            ws = wb[sheet] if sheet else wb.worksheets[0]
            raw = [[_text(v) for v in r] for r in ws.iter_rows(values_only=True)]
            wb.close()
        else:
            data = path.read_bytes()
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    text = data.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                raise StoreError("unreadable_source", path=str(path), detail="encoding")
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
            raw = [[_text(v) for v in r] for r in csv.reader(io.StringIO(text), dialect)]
    except StoreError:
        raise
    except Exception as exc:  # openpyxl and csv raise many kinds for damaged files
        raise StoreError("unreadable_source", path=str(path), detail=str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__) from None
    raw = [r for r in raw if any(c for c in r)]
    if not raw:
        raise StoreError("no_features", path=str(path))
    headers = [h or f"列{i + 1}" for i, h in enumerate(raw[0])]
    body = raw[1:]
    notes = bool(body) and _is_notes(body[0])
    if notes:
        body = body[1:]
    width = len(headers)
    rows = [(r + [None] * width)[:width] for r in body]
    return Table(headers, rows, notes, "gbk" if encoding == "gb18030" else encoding)
