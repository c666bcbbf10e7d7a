"""GeoPackage read/write (sqlite3 + vectorised shapely), CRS helpers and default QGIS styles."""

from cmdmap.store.errors import StoreError

__all__ = ["StoreError"]
