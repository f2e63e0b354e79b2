"""Sales orders: entry, the status flow, edits, history."""
