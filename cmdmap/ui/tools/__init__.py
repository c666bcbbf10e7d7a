"""Map tools (select, pan, editing) and the toolbar that chooses among them."""
