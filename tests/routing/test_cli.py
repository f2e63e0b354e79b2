from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from routing.cli import main
from tests.routing.conftest import small_doc


@pytest.fixture
def files(tmp_path):
    layout = tmp_path / "layout.json"
    layout.write_text(json.dumps(small_doc()))
    picks = tmp_path / "picks.txt"
    picks.write_text("R1\nL1\n\nR1\n")
    return layout, picks


def test_json_output(files, capsys):
    layout, picks = files
    assert main(["route", str(layout), str(picks), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    # hand-derived in test_route.py: L1 and R1 both reached from the front, 28 m
    assert out == {"length_m": 28.0, "stops": ["L1", "R1"], "method": "ratliff-rosenthal"}


def test_method_and_text_output(files, capsys):
    layout, picks = files
    assert main(["route", str(layout), str(picks), "--method", "s-shape"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "2 stops, 32.0 m (s-shape)"
    assert "L1" in out.splitlines()[1]


def test_svg_is_drawn(files, tmp_path, capsys):
    layout, picks = files
    svg = tmp_path / "route.svg"
    assert main(["route", str(layout), str(picks), "--svg", str(svg)]) == 0
    root = ET.fromstring(svg.read_text())
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    assert len(root.findall(f".//{ns}polyline")) == 1
    assert len(root.findall(f".//{ns}rect[@class='aisle']")) == 2
    assert len(root.findall(f".//{ns}g[@class='stop']")) == 2


def test_bad_input_exits_2(files, tmp_path, capsys):
    layout, picks = files
    picks.write_text("L1\nnope\n")
    assert main(["route", str(layout), str(picks)]) == 2
    assert "nope" in capsys.readouterr().err
    assert main(["route", str(tmp_path / "missing.json"), str(picks)]) == 2
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(small_doc(cross_aisles=[])))
    assert main(["route", str(bad), str(picks)]) == 2
    with pytest.raises(SystemExit):
        main(["route", str(layout), str(picks), "--method", "teleport"])


def test_picks_file_with_byte_order_mark_and_crlf(files, capsys):
    layout, picks = files
    picks.write_bytes("\ufeffL1\r\nR1\r\n".encode())
    assert main(["route", str(layout), str(picks), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["stops"] == ["L1", "R1"]
