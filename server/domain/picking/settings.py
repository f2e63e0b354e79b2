"""Picking settings, from the environment like every other setting.

- ``SHIPFLOOR_CART_TOTES``: totes on a cart, the most orders ``next`` puts on one batch
  (default 8).
- ``SHIPFLOOR_PICK_TOTE_SCAN``: ``1`` when each pick must be confirmed by scanning the tote it
  went into (cluster picking); default off.
"""

from __future__ import annotations

import os


def cart_totes() -> int:
    try:
        return max(1, min(50, int(os.environ.get("SHIPFLOOR_CART_TOTES", "8"))))
    except ValueError:
        return 8


def tote_scan() -> bool:
    return os.environ.get("SHIPFLOOR_PICK_TOTE_SCAN", "").lower() in {"1", "true", "yes", "on"}
