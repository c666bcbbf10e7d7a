"""The Tools toolbar and menu: one checkable action per map tool, with its shortcut.

A tool joins the program by being listed in TOOLS; the window builds the actions from it, so a
tool can never be reachable from the toolbar but missing from the menu, or the other way round.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from cmdmap.ui.tools.base import MapTool, PanTool, SelectTool
from cmdmap.ui.tools.add_tools import AddBuildingTool, AddCompoundTool, AddGateTool, AddSiteTool
from cmdmap.ui.tools.measure_tool import MeasureAreaTool, MeasureDistanceTool
from cmdmap.ui.tools.move_tool import MoveTool
from cmdmap.ui.tools.grid_tools import DrawGridTool, MergeGridsTool, SplitGridTool
from cmdmap.ui.tools.vertex_tool import EditVerticesTool

if TYPE_CHECKING:
    from cmdmap.ui.window import MainWindow

# In toolbar order; None draws a separator.
TOOLS: list[type[MapTool] | None] = [
    SelectTool,
    PanTool,
    None,
    MoveTool,
    AddBuildingTool,
    AddCompoundTool,
    AddGateTool,
    AddSiteTool,
    None,
    EditVerticesTool,
    SplitGridTool,
    MergeGridsTool,
    DrawGridTool,
    None,
    MeasureDistanceTool,
    MeasureAreaTool,
]


def install_tools(window: "MainWindow") -> dict[str, QAction]:
    """Add the Tools menu and toolbar to `window`; returns the actions by tool id."""
    canvas = window.canvas
    canvas.push_command = window.undo_stack.push
    canvas.lang = window.lang
    canvas.refused.connect(lambda text: window.statusBar().showMessage(text, 10000))
    menu = window.menuBar().addMenu(QCoreApplication.translate("Tools", "&Tools"))
    bar = window.addToolBar(QCoreApplication.translate("Tools", "Tools"))
    bar.setObjectName("toolsToolBar")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    group = QActionGroup(window)
    group.setExclusive(True)
    actions: dict[str, QAction] = {}
    tools: dict[str, MapTool] = {}
    for cls in TOOLS:
        if cls is None:
            menu.addSeparator()
            bar.addSeparator()
            continue
        tool = tools[cls.tool_id] = cls(canvas)
        action = QAction(cls.title(), window)
        action.setCheckable(True)
        if cls.shortcut:
            action.setShortcut(QKeySequence(cls.shortcut))
        action.setStatusTip(cls.hint())
        action.setToolTip(f"{cls.title()} ({cls.shortcut})" if cls.shortcut else cls.title())
        action.triggered.connect(lambda _checked=False, t=tool: canvas.set_tool(t))
        group.addAction(action)
        menu.addAction(action)
        bar.addAction(action)
        actions[cls.tool_id] = action
    canvas.set_tool(tools[SelectTool.tool_id])
    actions[SelectTool.tool_id].setChecked(True)

    def _on_tool(tool: MapTool) -> None:
        if tool.tool_id in actions:
            actions[tool.tool_id].setChecked(True)
        window.statusBar().showMessage(tool.hint(), 8000)

    canvas.toolChanged.connect(_on_tool)
    menu.addSeparator()
    snapping = QAction(QCoreApplication.translate("Tools", "S&napping"), window)
    snapping.setCheckable(True)
    snapping.setChecked(canvas.snapping)
    snapping.setStatusTip(QCoreApplication.translate(
        "Tools", "Points you draw snap to corners and edges of grids, compounds and buildings."))
    snapping.toggled.connect(lambda on: setattr(canvas, "snapping", on))
    menu.addAction(snapping)
    actions["snapping"] = snapping
    return actions
