"""``shipfloor layout import``: the admin's upload from the command line, on the same code."""

from __future__ import annotations

import json

from tests.server.test_cli import run
from tests.warehouse.conftest import FIRST, loc, second


def test_import_dry_run_activate_and_refuse(tmp_path):
    assert run(["migrate"], tmp_path).exit_code == 0
    first, changed, broken = tmp_path / "hall.json", tmp_path / "hall-2.json", tmp_path / "broken.json"
    first.write_text(json.dumps(FIRST))
    changed.write_text(json.dumps(second()))
    broken.write_text(json.dumps({**FIRST, "locations": [loc("A-01-01", "A01", 42.0)]}))

    dry = run(["layout", "import", str(first), "--dry-run"], tmp_path)
    assert dry.exit_code == 0, dry.output
    assert "Hall 1: 6 locations; 6 new, 0 kept (0 moved), 0 removed" in dry.output
    assert "active" not in dry.output
    # Nothing was activated: no bins to print labels for.
    assert run(["labels", "locations", "A-01", "--out", str(tmp_path / "x.pdf")], tmp_path).exit_code == 1

    done = run(["layout", "import", str(first)], tmp_path)
    assert done.exit_code == 0 and "layout 1 active" in done.output, done.output
    labels = run(["labels", "locations", "A-01..A-02", "--out", str(tmp_path / "l.pdf")], tmp_path)
    assert "4 location labels" in labels.output

    preview = run(["layout", "import", str(changed), "--dry-run"], tmp_path)
    assert "Hall 1 (2): 6 locations; 2 new, 4 kept (1 moved), 2 removed" in preview.output

    refused = run(["layout", "import", str(broken)], tmp_path)
    assert refused.exit_code == 1
    assert "layout_location_outside_aisle" in refused.output
