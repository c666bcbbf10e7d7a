"""Drawing the map: one renderer for the screen and for paper (DESIGN.md §2)."""

from cmdmap.render.renderer import MapRenderer, RenderOptions, RenderStats
from cmdmap.render.view import ViewTransform

__all__ = ["MapRenderer", "RenderOptions", "RenderStats", "ViewTransform"]
