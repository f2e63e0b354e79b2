"""The benchmark's input mix stays parseable (bench/parse.py prints figures; none is asserted)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import scanners


def test_bench_mix_parses():
    path = Path(__file__).parents[2] / "bench" / "parse.py"
    spec = importlib.util.spec_from_file_location("shipfloor_bench_parse", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    mix = module.make_mix(300, seed=1)
    assert len(mix) == 300
    kinds = {scanners.parse(raw, profile=profile).kind for _, raw, profile in mix}
    assert {"gtin", "gs1", "sscc", "unknown"} <= kinds
