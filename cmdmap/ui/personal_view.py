"""The window's "Reveal personal data" switch: tables show names, phones and ID numbers masked
(138****5678, 张**) until the user reveals them. Off when a window opens, one switch per window
(View menu, mirrored by a check box in every register), never saved.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QWidget

from cmdmap.model.personal import display
from cmdmap.model.schema import LayerSpec


def reveal_action(window: Any) -> QAction:
    """The window's checkable "Reveal personal data" action (made, unchecked, on first use)."""
    act = getattr(window, "reveal_action", None)
    if act is None:
        act = QAction(QCoreApplication.translate("PersonalData", "Reveal personal data"), window)
        act.setCheckable(True)
        act.setToolTip(QCoreApplication.translate(
            "PersonalData", "Show residents' and staff's names and phone numbers in full in this window's tables"))
        window.reveal_action = act
    return act


def revealed(window: Any) -> bool:
    """True when the user has revealed personal data in this window."""
    return reveal_action(window).isChecked()


def shown(window: Any, spec: LayerSpec, field: str, value: Any) -> str:
    """The text a table shows for one value: personal fields masked unless revealed."""
    v = display(spec, field, value, revealed(window))
    return "" if v is None else str(v)


class RevealBox(QCheckBox):
    """A check box that mirrors the window's switch and calls `on_change` when it flips."""

    def __init__(self, window: Any, on_change: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("PersonalData", "Reveal personal data"), parent)
        act = reveal_action(window)
        self.setChecked(act.isChecked())
        # Box -> action -> box again (no-op: same state), so either one flips both; the slot is the
        # box's own method, so Qt drops the connection when the box goes.
        self.toggled.connect(act.setChecked)
        act.toggled.connect(self.setChecked)
        self.toggled.connect(lambda _checked: on_change())
