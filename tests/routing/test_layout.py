from __future__ import annotations

import copy

import pytest

from routing import (
    DisconnectedAisleError,
    DuplicateIdError,
    LayoutFormatError,
    LocationOutsideAisleError,
    OverlappingAislesError,
    PointOffNetworkError,
    UnknownAisleError,
    UnknownLocationError,
    load_layout,
    parse_layout,
    regular_layout,
    route,
)
from tests.routing.conftest import small_doc


def test_parses_design_example(small_layout):
    assert small_layout.start == (0.0, 0.0)
    assert small_layout.position("R2") == (6.0, 9.0)
    assert small_layout.blocks == 1
    assert len(small_layout.locations) == 4


def test_start_is_snapped_onto_the_cross_aisle_centre_line():
    doc = small_doc(points={"start": {"x": 1.0, "y": 0.8}, "end": {"x": 1.0, "y": 9.5}})
    lay = parse_layout(doc)
    assert lay.start == (1.0, 0.0) and lay.end == (1.0, 10.0)


def _broken(mutate) -> dict:
    doc = copy.deepcopy(small_doc())
    mutate(doc)
    return doc


@pytest.mark.parametrize(
    "mutate, error",
    [
        (lambda d: d["aisles"].append(dict(d["aisles"][0], id="C", x=2.5)), OverlappingAislesError),
        (lambda d: d["cross_aisles"].append({"y": 0.5, "width": 2.0}), OverlappingAislesError),
        (lambda d: d["locations"][0].update(y=11.0), LocationOutsideAisleError),
        (lambda d: d["locations"][0].update(aisle="Z"), UnknownAisleError),
        (lambda d: d["closed"].append({"aisle": "Z", "y_from": 1, "y_to": 2}), UnknownAisleError),
        (lambda d: d["points"].update(start={"x": 0.0, "y": 5.0}), PointOffNetworkError),
        (lambda d: d["points"].update(end={"x": 50.0, "y": 0.0}), PointOffNetworkError),
        (lambda d: d["locations"].append(dict(d["locations"][0])), DuplicateIdError),
        (lambda d: d["aisles"].append(dict(d["aisles"][0])), DuplicateIdError),
        (
            lambda d: d["aisles"].append(
                {"id": "C", "x": 10.0, "width": 1.0, "y_from": 2.0, "y_to": 8.0}
            ),
            DisconnectedAisleError,
        ),
        (lambda d: d["aisles"][0].update(one_way="sideways"), LayoutFormatError),
        (lambda d: d["aisles"][0].update(y_to=-1.0), LayoutFormatError),
        (lambda d: d.update(cross_aisles=[]), LayoutFormatError),
        (lambda d: d["aisles"][0].update(x="2"), LayoutFormatError),
        (lambda d: d.pop("points"), LayoutFormatError),
    ],
)
def test_bad_layouts_raise_typed_errors(mutate, error):
    with pytest.raises(error):
        parse_layout(_broken(mutate))


def test_not_an_object():
    with pytest.raises(LayoutFormatError):
        parse_layout([1, 2])


def test_codes_are_free_text_positions_come_from_the_layout():
    # "A-10" lies nearer the front than "A-1": nothing may be read from the digits.
    doc = small_doc(
        locations=[
            {"code": "A-1", "aisle": "A", "y": 9.0, "side": "left", "level": "A"},
            {"code": "A-10", "aisle": "A", "y": 1.0, "side": "left", "level": "A"},
            {"code": "A-2", "aisle": "A", "y": 5.0, "side": "left", "level": "A"},
        ]
    )
    lay = parse_layout(doc)
    assert lay.position("A-10") == (2.0, 1.0)
    r = route(lay, ["A-1", "A-2", "A-10"], method="return")
    assert r.stops == ["A-10", "A-2", "A-1"]
    with pytest.raises(UnknownLocationError):
        lay.position("A-3")


def test_load_layout_reads_a_file(tmp_path):
    import json

    p = tmp_path / "layout.json"
    p.write_text(json.dumps(small_doc()))
    assert load_layout(p).name == "small"
    p.write_text("{not json")
    with pytest.raises(LayoutFormatError):
        load_layout(p)


@pytest.mark.parametrize("blocks", [1, 2, 4])
def test_regular_layout_is_valid(blocks):
    doc = regular_layout(aisles=4, bays_per_side=8, levels=2, blocks=blocks)
    lay = parse_layout(doc)
    assert len(lay.aisles) == 4
    assert len(lay.cross_aisles) == blocks + 1
    assert len(lay.locations) == 4 * 8 * 2 * 2
    assert lay.position("A-01-01-A") == lay.position("A-01-02-B")  # facing bays, same y


def test_regular_layout_rejects_bad_arguments():
    with pytest.raises(ValueError):
        regular_layout(aisles=0)
    with pytest.raises(ValueError):
        regular_layout(bays_per_side=5, blocks=2)


def test_regular_layout_end_point_and_bays():
    doc = regular_layout(aisles=3, bays_per_side=4, levels=1, end=(9.0, 30.0))
    lay = parse_layout(doc)
    assert lay.start == (0.0, 0.0) and lay.end == (9.0, 30.0)
    assert lay.locations["A-02-03-A"].bay == "03"
    assert route(lay, ["A-02-03-A"]).path[-1] == (9.0, 30.0)
