"""cmdmap: the battle map (作战图) of a community command desk (社区指挥部)."""

__version__ = "0.1.0"
