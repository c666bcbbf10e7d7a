"""Qt-free document model: layers of features, assignment to grids, counts, checks."""
