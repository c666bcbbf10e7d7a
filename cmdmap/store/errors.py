"""Why a file could not be opened or saved: a message key plus its parameters, never a traceback."""

from __future__ import annotations

from typing import Any

# key -> (zh, en). The UI may carry its own catalogue; these are the defaults and the list of keys.
MESSAGES: dict[str, tuple[str, str]] = {
    "not_found": ("找不到文件：{path}", "File not found: {path}"),
    "no_access": ("没有权限读取文件：{path}", "No permission to read the file: {path}"),
    "not_gpkg": ("这不是 GeoPackage 文件：{path}", "Not a GeoPackage file: {path}"),
    "damaged": ("文件已损坏，无法读取：{path}", "The file is damaged and cannot be read: {path}"),
    "not_cmdmap": ("这是其他软件制作的 GeoPackage，不是作战图文件：{path}",
                   "A GeoPackage from another program, not a cmdmap map: {path}"),
    "newer_version": ("文件由较新版本的 cmdmap 保存（格式 {version}，本程序支持到 {supported}），请升级后再打开：{path}",
                      "Saved by a newer cmdmap (format {version}, this one reads up to {supported}): {path}"),
    "read_only": ("文件或其所在文件夹是只读的，无法保存：{path}",
                  "The file or its folder is read-only; cannot save: {path}"),
    "locked": ("文件正被其他程序（如 QGIS）占用，请关闭后重试：{path}",
               "The file is in use by another program (e.g. QGIS); close it and try again: {path}"),
    "exists": ("文件已存在：{path}", "The file already exists: {path}"),
    "duplicate_code": ("“{layer}”中有重复的编号，无法保存：{path}",
                       "Duplicate codes in “{layer}”; cannot save: {path}"),
    "save_failed": ("保存失败，文件未被改动：{path}（{detail}）",
                    "Saving failed; the file was left as it was: {path} ({detail})"),
}


class StoreError(Exception):
    """A file problem the user must be told about: `key` names it, `params` fill the message."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(f"{key}: {params}")

    def message(self, lang: str = "zh") -> str:
        """The default user-facing text (Chinese unless lang='en')."""
        zh, en = MESSAGES.get(self.key, ("{key}", "{key}"))
        template = en if lang == "en" else zh
        values = {"path": "", "detail": "", "layer": "", "version": "", "supported": "", "key": self.key}
        values.update({k: v for k, v in self.params.items()})
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            return f"{self.key}: {self.params}"
