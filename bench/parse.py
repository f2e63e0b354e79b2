"""Parses per second of `scanners.parse` over a mixed set of 10,000 scans.

    uv run --frozen python bench/parse.py [--scans N] [--rounds R] [--seed S]

The mix follows a picking and packing floor: mostly product GTINs, then GS1-128/DataMatrix
element strings in every delivery form, Shipfloor codes, SSCCs, a few Digital Links and a
share of bad scans. Prints the figure for the whole mix and for each kind of input.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import scanners  # noqa: E402
from scanners.gtin import check_digit  # noqa: E402

GS = "\x1d"


def _gtin(rng: random.Random, length: int) -> str:
    payload = "".join(rng.choice("0123456789") for _ in range(length - 1))
    if length == 13:
        payload = "87" + payload[2:]
    return payload + str(check_digit(payload))


def _sscc(rng: random.Random) -> str:
    payload = "3" + "".join(rng.choice("0123456789") for _ in range(16))
    return payload + str(check_digit(payload))


def _location(rng: random.Random) -> str:
    zone, aisle, bay, level = (
        rng.choice("ABCD"),
        rng.randint(1, 40),
        rng.randint(1, 30),
        rng.randint(1, 5),
    )
    return f"{zone}-{aisle:02d}-{bay:02d}-{level}"


def _date(rng: random.Random) -> str:
    return f"{rng.randint(26, 35):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"


def _lot(rng: random.Random) -> str:
    return "LT" + "".join(
        rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-") for _ in range(rng.randint(2, 12))
    )


def make_mix(n: int, seed: int) -> list[tuple[str, str, dict | None]]:
    """n scans as (category, raw, profile), deterministic for a seed."""
    rng = random.Random(seed)
    makers = [
        (30, "ean13", lambda: ("]E0" if rng.random() < 0.5 else "") + _gtin(rng, 13) + "\r", None),
        (6, "upca", lambda: _gtin(rng, 12), None),
        (4, "ean8", lambda: "]E4" + _gtin(rng, 8), None),
        (
            14,
            "gs1_gs",
            lambda: f"]C101{_gtin(rng, 14)}17{_date(rng)}10{_lot(rng)}{GS}21S{rng.randint(1, 99)}",
            None,
        ),
        (
            4,
            "gs1_leading_gs",
            lambda: f"{GS}01{_gtin(rng, 14)}10{_lot(rng)}{GS}17{_date(rng)}",
            None,
        ),
        (
            4,
            "gs1_separator",
            lambda: f"]C101{_gtin(rng, 14)}10{_lot(rng)}|17{_date(rng)}",
            {"separator": "|"},
        ),
        (4, "gs1_hri", lambda: f"(01){_gtin(rng, 14)}(17){_date(rng)}(10){_lot(rng)}", None),
        (3, "gs1_lost_gs", lambda: f"]C101{_gtin(rng, 14)}10{_lot(rng)}17{_date(rng)}", None),
        (
            3,
            "datamatrix",
            lambda: f"]d201{_gtin(rng, 14)}21{rng.randint(1, 10**9)}{GS}17{_date(rng)}",
            None,
        ),
        (4, "sscc", lambda: "]C100" + _sscc(rng), None),
        (
            15,
            "shipfloor_code",
            lambda: scanners.make_code(
                rng.choice(["location", "tote", "order", "batch"]),
                _location(rng),
            ),
            None,
        ),
        (
            2,
            "digital_link",
            lambda: f"https://id.example.com/01/{_gtin(rng, 14)}/10/{_lot(rng)}",
            None,
        ),
        (
            2,
            "azerty",
            lambda: _gtin(rng, 13).translate(str.maketrans("1234567890", "&é\"'(-è_çà")),
            {"keyboard": "azerty"},
        ),
        (
            5,
            "bad",
            lambda: rng.choice(
                [
                    "",
                    "\r\n",
                    "42100123456",
                    "8712345670117",
                    "]C1010871234567",
                    "]C101087123456701151728131510X",
                    "\ud800",
                    "x" * 5000,
                ]
            ),
            None,
        ),
    ]
    weights = [w for w, *_ in makers]
    out = []
    for _ in range(n):
        _, name, make, profile = rng.choices(makers, weights)[0]
        out.append((name, make(), profile))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()

    mix = make_mix(args.scans, args.seed)
    for _, raw, profile in mix[:200]:  # warm caches (regexes, biip's AI table)
        scanners.parse(raw, profile=profile)

    rates = []
    per_kind: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    outcomes: dict[str, int] = defaultdict(int)
    for round_no in range(args.rounds):
        start = time.perf_counter()
        for name, raw, profile in mix:
            t0 = time.perf_counter()
            scan = scanners.parse(raw, profile=profile)
            per_kind[name] += time.perf_counter() - t0
            if round_no == 0:
                counts[name] += 1
                outcomes["error" if scan.errors else "warning" if scan.warnings else "ok"] += 1
        rates.append(len(mix) / (time.perf_counter() - start))

    python = sys.version.split(" ")[0]
    print(f"scanners.parse: {len(mix)} mixed scans x {args.rounds} rounds (Python {python})")
    median, best, worst = statistics.median(rates), max(rates), min(rates)
    print(f"  parses/second: median {median:,.0f}  best {best:,.0f}  worst {worst:,.0f}")
    print(f"  outcomes: {dict(sorted(outcomes.items()))}")
    print("  by input (parses/second):")
    for name in sorted(counts, key=lambda k: -counts[k]):
        rate = counts[name] * args.rounds / per_kind[name]
        print(f"    {name:<16} {counts[name]:>6} scans  {rate:>10,.0f}/s")


if __name__ == "__main__":
    main()
