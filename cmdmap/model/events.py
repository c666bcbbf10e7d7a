"""What changed in a document, told to whoever listens (indexes, counts, views)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Change:
    """One change to one layer: `kind` is add, remove, update, geometry or reset."""

    layer: str
    kind: str
    fids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    fields: tuple[str, ...] = ()


Listener = Callable[[Change], None]
