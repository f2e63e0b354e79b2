"""A small warehouse for the inventory tests: two aisles, the depot at the front left.

Walking distance from the depot (0, 0) along the centre lines: ``A-01-02`` 3.5 m, ``A-02-05``
9.5 m, ``A-01-15`` 16.5 m, ``A-02-18`` 22.5 m (in along the front cross aisle, then up the aisle).
"""

LAYOUT = {
    "name": "Inventory test DC",
    "cross_aisles": [{"y": 0.0, "width": 2.0}, {"y": 20.0, "width": 2.0}],
    "aisles": [
        {"id": "A01", "x": 1.5, "width": 1.2, "y_from": 0.0, "y_to": 20.0, "one_way": None},
        {"id": "A02", "x": 4.5, "width": 1.2, "y_from": 0.0, "y_to": 20.0, "one_way": None},
    ],
    "closed": [],
    "points": {"start": {"x": 0.0, "y": 0.0}, "end": {"x": 0.0, "y": 0.0}},
    "locations": [
        {"code": "A-01-02", "aisle": "A01", "y": 2.0, "side": "left", "level": "A"},
        {"code": "A-01-15", "aisle": "A01", "y": 15.0, "side": "left", "level": "A"},
        {"code": "A-02-05", "aisle": "A02", "y": 5.0, "side": "right", "level": "A"},
        {"code": "A-02-18", "aisle": "A02", "y": 18.0, "side": "right", "level": "A"},
    ],
}
DISTANCES = {"A-01-02": 3.5, "A-02-05": 9.5, "A-01-15": 16.5, "A-02-18": 22.5}
