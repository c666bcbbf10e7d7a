"""The Qt user interface: main window, map canvas, docks (the only place for widgets)."""
