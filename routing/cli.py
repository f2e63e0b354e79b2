"""Command line: ``python -m routing route LAYOUT.json PICKS.txt [--method NAME] [--json]
[--svg OUT.svg]``.

PICKS.txt holds one location code a line (blank lines are skipped; codes are taken as written,
without surrounding whitespace). ``--json`` prints ``{"length_m", "stops", "method"}``. Exit
status: 0 on success, 2 on bad input (layout, picks, method), with the reason on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from routing.errors import RoutingError
from routing.layout import load_layout
from routing.router import METHODS, route


def _read_picks(path: str) -> list[str]:
    text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8-sig")
    # Only line-end whitespace is dropped: a code is free text.
    return [line.strip(" \t\r") for line in text.split("\n") if line.strip(" \t\r")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m routing", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("route", help="walking route through the locations in PICKS.txt")
    p.add_argument("layout", help="layout JSON file")
    p.add_argument("picks", help="text file, one location code a line ('-' for stdin)")
    p.add_argument("--method", default=None, choices=METHODS, help="default: the best one")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--svg", metavar="OUT.svg", help="draw the layout and the route")
    args = parser.parse_args(argv)
    try:
        layout = load_layout(args.layout)
        result = route(layout, _read_picks(args.picks), method=args.method)
    except (RoutingError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.svg:
        from routing.svg import render

        Path(args.svg).write_text(render(layout, result), encoding="utf-8")
    try:
        if args.json:
            print(json.dumps(result.to_dict()))
        else:
            print(f"{len(result.stops)} stops, {result.length_m:.1f} m ({result.method})")
            for i, (code, (x, y)) in enumerate(zip(result.stops, result.positions), start=1):
                print(f"{i:4d}  {code}  x={x:g} y={y:g}")
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stdout = None  # type: ignore[assignment]
    return 0
