"""Every change to a document is a command with do/undo; tools build them, nothing else mutates."""

from cmdmap.edit.commands import (AddFeatures, Batch, Command, DeleteFeatures, EditError, SetAttributes,
                                  SetGeometry, validate_values)
from cmdmap.edit.stack import UndoStack

__all__ = ["AddFeatures", "Batch", "Command", "DeleteFeatures", "EditError", "SetAttributes", "SetGeometry",
           "UndoStack", "validate_values"]
