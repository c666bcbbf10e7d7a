"""The Edit menu beyond Undo/Redo: edit attributes (F2, double-click, right-click), delete (Del),
copy attributes to the selection, place at coordinates, and the undo history — every command
done and undone, by its text, the current position ticked; choosing one undoes or redoes to it.
Undo and Redo say what they would undo ("撤销 移动楼栋 3栋") and are greyed when there is nothing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from cmdmap.model.pick import Picked
from cmdmap.ui import feature_edits

# Tools during whose gestures a right-click means "finish" or nothing, never a menu.
MENU_TOOLS = ("select", "pan", "move")


class EditMenu(QObject):
    """Adds the feature-editing actions to the window's Edit menu and the map's right-click menu."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        menu = next(a.menu() for a in window.menuBar().actions()
                    if a.menu() is not None and window.undo_action in a.menu().actions())
        self.menu = menu
        self.history = QMenu(self.tr("Undo &history"), menu)
        self.history.setObjectName("undoHistoryMenu")
        self.history.aboutToShow.connect(self.fill_history)
        menu.addMenu(self.history)
        menu.addSeparator()
        self.edit_action = self._action(self.tr("&Edit attributes…"), self.edit_selected, ["F2", "Ctrl+E"])
        self.delete_action = self._action(self.tr("&Delete"), lambda: feature_edits.delete_selection(window),
                                          [QKeySequence(QKeySequence.StandardKey.Delete)])
        self.copy_action = self._action(self.tr("&Copy attributes to selection…"),
                                        lambda: feature_edits.copy_attributes(window), ["Ctrl+Shift+C"])
        menu.addSeparator()
        self.place_action = self._action(self.tr("&Place at coordinates…"), self.place, ["Ctrl+Shift+V"])
        window.undo_stack.listeners.append(self.update_actions)
        window.canvas.selectionChanged.connect(lambda _p: self.update_actions())
        window.canvas.featureActivated.connect(self._activated)
        window.canvas.installEventFilter(self)  # after BuildingMenu's: this filter sees the event first
        self.update_actions()

    def _action(self, text: str, slot, keys) -> QAction:
        action = QAction(text, self.window_)
        action.setShortcuts([QKeySequence(k) if isinstance(k, str) else k for k in keys])
        action.triggered.connect(lambda _checked=False: slot())
        self.menu.addAction(action)
        return action

    # -- actions --------------------------------------------------------------------------------

    def edit_selected(self) -> bool:
        return feature_edits.edit_attributes(self.window_, self.window_.canvas.selected)

    def place(self) -> bool:
        from cmdmap.ui.coords_dialog import place_at_coordinates
        tool = self.window_.canvas.tool.tool_id
        return place_at_coordinates(self.window_, "gates" if tool == "add-gate" else "sites")

    def _activated(self, picked: Picked) -> None:
        self.window_.canvas.select(picked)
        feature_edits.edit_attributes(self.window_, picked)

    def update_actions(self) -> None:
        """Undo/Redo texts name the command; greyed when there is none; selection actions follow."""
        w = self.window_
        stack = w.undo_stack
        if stack.done:
            w.undo_action.setText(self.tr("&Undo %1").replace("%1", stack.done[-1].text))
        else:
            w.undo_action.setText(self.tr("&Undo"))
        if stack.undone:
            w.redo_action.setText(self.tr("&Redo %1").replace("%1", stack.undone[-1].text))
        else:
            w.redo_action.setText(self.tr("&Redo"))
        w.undo_action.setEnabled(bool(stack.done))
        w.redo_action.setEnabled(bool(stack.undone))
        self.history.setEnabled(bool(stack.done or stack.undone))
        chosen = w.canvas.selected_features()
        self.edit_action.setEnabled(w.canvas.selected is not None)
        self.delete_action.setEnabled(bool(chosen))
        self.copy_action.setEnabled(len(chosen) > 1)

    # -- undo history ---------------------------------------------------------------------------

    def entries(self) -> list[tuple[str, int, bool]]:
        """(text, position after it, is current) for the start and every command, oldest first."""
        stack = self.window_.undo_stack
        texts = [c.text for c in stack.done] + [c.text for c in reversed(stack.undone)]
        here = len(stack.done)
        rows = [(self.tr("(as opened)"), 0, here == 0)]
        rows += [(t or self.tr("(change)"), i + 1, here == i + 1) for i, t in enumerate(texts)]
        return rows

    def go_to(self, position: int) -> None:
        """Undo or redo until `position` commands are done (one undo step each, in order)."""
        stack = self.window_.undo_stack
        while len(stack.done) > position and stack.undo():
            pass
        while len(stack.done) < position and stack.redo():
            pass

    def fill_history(self) -> None:
        self.history.clear()
        group = QActionGroup(self.history)
        for text, position, current in self.entries():
            # A done command is plain, an undone one is shown as such: the user sees what redo restores.
            undone = position > len(self.window_.undo_stack.done)
            label = self.tr("%1 (undone)").replace("%1", text) if undone else text
            action = self.history.addAction(label)
            action.setCheckable(True)
            action.setChecked(current)
            group.addAction(action)
            action.triggered.connect(lambda _c=False, p=position: self.go_to(p))

    # -- right-click menu on the map -----------------------------------------------------------

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ContextMenu:
            return False
        canvas = self.window_.canvas
        if canvas.tool.tool_id not in MENU_TOOLS:
            return True  # drawing tools use the right button to finish: no menu over the sketch
        picked = canvas.feature_at(event.pos())
        if picked is None:
            return False
        if picked not in canvas.selection:
            canvas.select(picked)
        self.menu_for(picked).exec(event.globalPos())
        return True

    def menu_for(self, picked: Picked) -> QMenu:
        """The right-click menu of `picked`: a building's register actions, then editing."""
        w = self.window_
        if picked.layer == "buildings":
            menu = w.building_menu.menu_for(picked.fid)
            menu.addSeparator()
        else:
            menu = QMenu(w)
        menu.addAction(self.edit_action)
        if len(w.canvas.selected_features()) > 1:
            menu.addAction(self.copy_action)
        menu.addAction(self.delete_action)
        return menu
