"""Picking: pick batches, their routes, scans, short picks, overrides and put-away tasks."""
