"""Generators for regular warehouse layouts.

A generator builds a layout document in the format of DESIGN.md ("Warehouse layout file"); the
document, not the generator, is the source of truth once written.
"""

from __future__ import annotations

from typing import Any

LEVEL_NAMES = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def regular_layout(
    name: str = "Demo DC",
    *,
    aisles: int = 10,
    aisle_length: float = 30.0,
    bays_per_side: int = 20,
    levels: int = 4,
    blocks: int = 1,
    aisle_spacing: float = 3.0,
    aisle_width: float = 1.2,
    cross_aisle_width: float = 2.0,
    zone: str = "A",
    first_aisle_x: float = 1.5,
    start: tuple[float, float] = (0.0, 0.0),
    end: tuple[float, float] | None = None,
) -> dict[str, Any]:
    """Build a rectangular layout of parallel aisles with cross aisles at the front, back and
    between ``blocks`` equal blocks.

    Shape: ``aisles`` aisles ``A01..Ann`` at x = ``first_aisle_x + i * aisle_spacing`` (metres),
    each from y = 0 to y = ``aisle_length`` (metres); ``blocks + 1`` cross aisles at equal spacing.
    Each aisle has ``bays_per_side`` bays on each face: odd bay numbers on the left face, even on
    the right, bays ``2k-1`` and ``2k`` facing each other at the same y; each bay has ``levels``
    levels named ``A``, ``B``, ... Location codes are ``ZONE-AISLE-BAY-LEVEL``, e.g.
    ``A-04-03-B``. Bays are spread evenly within each block, clear of the cross aisles.
    Start and end points default to the front-left corner (x = 0, y = 0); ``start`` and ``end``
    (metres, on a cross aisle) move them, e.g. the end to a packing area.

    Returns a JSON-ready dict. Raises ``ValueError`` for non-positive counts or lengths, or when
    ``bays_per_side`` cannot be divided evenly over ``blocks`` or ``levels`` exceeds the level
    names.
    """
    if min(aisles, bays_per_side, levels, blocks) < 1 or min(aisle_length, aisle_spacing) <= 0:
        raise ValueError("counts and lengths must be positive")
    if bays_per_side % blocks:
        raise ValueError("bays_per_side must divide evenly over the blocks")
    if levels > len(LEVEL_NAMES):
        raise ValueError(f"at most {len(LEVEL_NAMES)} levels")
    block_length = aisle_length / blocks
    cross_aisles = [
        {"y": round(j * block_length, 3), "width": cross_aisle_width} for j in range(blocks + 1)
    ]
    bays_per_block = bays_per_side // blocks
    pitch = block_length / bays_per_block
    aisle_list = []
    locations = []
    for i in range(aisles):
        aisle_id = f"A{i + 1:02d}"
        aisle_list.append(
            {
                "id": aisle_id,
                "x": round(first_aisle_x + i * aisle_spacing, 3),
                "width": aisle_width,
                "y_from": 0.0,
                "y_to": float(aisle_length),
                "one_way": None,
            }
        )
        for b in range(bays_per_side):
            block, k = divmod(b, bays_per_block)
            y = round(block * block_length + (k + 0.5) * pitch, 3)
            for side, bay_no in (("left", 2 * b + 1), ("right", 2 * b + 2)):
                for level in LEVEL_NAMES[:levels]:
                    locations.append(
                        {
                            "code": f"{zone}-{i + 1:02d}-{bay_no:02d}-{level}",
                            "aisle": aisle_id,
                            "y": y,
                            "side": side,
                            "bay": f"{bay_no:02d}",
                            "level": level,
                        }
                    )
    return {
        "name": name,
        "cross_aisles": cross_aisles,
        "aisles": aisle_list,
        "closed": [],
        "points": {
            "start": {"x": float(start[0]), "y": float(start[1])},
            "end": {"x": float((end or start)[0]), "y": float((end or start)[1])},
        },
        "locations": locations,
    }
