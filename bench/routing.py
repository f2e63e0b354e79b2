"""Routing and batching figures, every method on the same instances in one process.

    uv run --frozen python bench/routing.py            # full run (a few minutes on 2 cores)
    uv run --frozen python bench/routing.py --quick    # smaller samples (about a minute)

Per layout and pick count it prints length / best known (mean / p95 / max) and the time of one
call (p50 / p95, ms) for: our router (default method), our S-shape and largest gap, and the PyPI
peer pyWarehouse-routing (its s_shape, largest_gap and combined). Best known = the exact DP on
layouts with one to three blocks (where the general solver, fast-tsp with its default budget, is
shown beside it as a cross-check); elsewhere the shortest of all methods and of a long fast-tsp
run.
Then the solver choice for the general path (fast-tsp against PyVRP at equal budgets), and
batching: distance saved against picking each order alone and against first-come batches,
on synthetic waves and on the public OBP instances in ../shared/benchmarks (when present).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

_HERE = Path(__file__).resolve().parent
# This file is named like the library: keep its own folder off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

from bench.routing_instances import (  # noqa: E402
    SPECS,
    Peer,
    layout_doc,
    obp_files,
    obp_instance,
    sample_picks,
)
from bench.routing_solvers import PyVRP, fast_tsp_length  # noqa: E402
from routing import exact_method, parse_layout, route  # noqa: E402
from routing.batching import Cart, Order, batch, fcfs  # noqa: E402


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def ratio_cell(values: list[float]) -> str:
    if not values:
        return "n/a"
    return f"{statistics.fmean(values):.3f} / {pct(values, 0.95):.3f} / {max(values):.3f}"


def ms_cell(values: list[float]) -> str:
    if not values:
        return "n/a"
    return f"{pct(values, 0.5) * 1000:.1f} / {pct(values, 0.95) * 1000:.1f}"


def reps_for(n: int, scale: float) -> int:
    base = 30 if n <= 30 else 15 if n <= 60 else 6
    return max(1, int(base * scale))


def bench_routing(args, peer: Peer) -> None:
    print("## Routing: length / best known (mean / p95 / max), time per call p50 / p95 ms\n")
    if peer.error:
        print(f"pyWarehouse-routing peer: {peer.error}; its columns are skipped.\n")
    for spec in SPECS:
        if args.layouts and spec.key not in args.layouts:
            continue
        doc = layout_doc(spec)
        lay = parse_layout(doc)
        exact = exact_method(lay)
        use_peer = spec.peer_ok and not peer.error and not args.no_peer
        policies = not spec.one_way
        print(
            f"### {spec.key}: {spec.title} — our default: {exact or 'tsp'}; best known: "
            f"{'exact DP' if exact else f'min of all methods and fast-tsp {args.ref_budget} s'}\n"
        )
        head = ["n", "reps", "ours", "ours ms"]
        if exact:
            head += ["tsp (default budget)", "tsp ms"]
        head += ["S-shape", "largest gap"]
        if use_peer:
            head += ["peer s_shape", "peer largest_gap", "peer combined", "peer ms"]
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for n in args.picks:
            ratios: dict[str, list[float]] = {}
            times: dict[str, list[float]] = {"ours": [], "peer": [], "tsp": []}
            reps = reps_for(n, args.scale)
            for rep in range(reps):
                rnd = random.Random(f"{spec.key}-{n}-{rep}")
                picks = sample_picks(doc, n, rnd)
                lengths: dict[str, float] = {}
                t = time.perf_counter()
                lengths["ours"] = route(lay, picks).length_m
                times["ours"].append(time.perf_counter() - t)
                if exact:
                    t = time.perf_counter()
                    lengths["tsp"] = route(lay, picks, method="tsp").length_m
                    times["tsp"].append(time.perf_counter() - t)
                if policies:
                    lengths["s-shape"] = route(lay, picks, method="s-shape").length_m
                    lengths["largest-gap"] = route(lay, picks, method="largest-gap").length_m
                if use_peer:
                    t = time.perf_counter()
                    for k, v in peer.lengths(spec, picks).items():
                        lengths["peer " + k] = v
                    times["peer"].append((time.perf_counter() - t) / len(Peer.STRATEGIES))
                candidates = dict(lengths)
                if not exact:
                    candidates["ref"] = route(
                        lay, picks, method="tsp", time_budget_s=args.ref_budget
                    ).length_m
                best = lengths["ours"] if exact else min(candidates.values())
                for k, v in lengths.items():
                    ratios.setdefault(k, []).append(v / best)
            row = [str(n), str(reps), ratio_cell(ratios["ours"]), ms_cell(times["ours"])]
            if exact:
                row += [ratio_cell(ratios["tsp"]), ms_cell(times["tsp"])]
            row += [
                ratio_cell(ratios.get("s-shape", [])),
                ratio_cell(ratios.get("largest-gap", [])),
            ]
            if use_peer:
                row += [ratio_cell(ratios["peer " + s]) for s in Peer.STRATEGIES]
                row.append(ms_cell(times["peer"]))
            print("| " + " | ".join(row) + " |", flush=True)
        print()


def bench_solvers(args) -> None:
    print("## Solver choice for the general path: length / best known, solver time p50 / p95 ms\n")
    pv = PyVRP()
    if pv.error:
        print(f"PyVRP: {pv.error}; its columns are skipped.\n")
    runs = [("fast-tsp", 0.01), ("fast-tsp", 0.02)]
    if not pv.error:
        runs += [("PyVRP", 0.02), ("PyVRP", 0.1)]
    for key in ("E", "F"):
        spec = next(s for s in SPECS if s.key == key)
        doc = layout_doc(spec)
        lay = parse_layout(doc)
        net = lay.network
        print(f"### {key}: {spec.title}; best known: min of all and fast-tsp {args.ref_budget} s\n")
        head = ["n", "reps"] + [f"{name} {int(b * 1000)} ms" for name, b in runs]
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for n in (20, 60, 150):
            reps = max(2, int(10 * args.scale))
            ratios: dict[int, list[float]] = {i: [] for i in range(len(runs))}
            times: dict[int, list[float]] = {i: [] for i in range(len(runs))}
            for rep in range(reps):
                picks = sample_picks(doc, n, random.Random(f"solver-{key}-{n}-{rep}"))
                sites = [net.point_site(lay.start)] + list(
                    dict.fromkeys(
                        net.aisle_site(lay.locations[c].aisle, lay.locations[c].y) for c in picks
                    )
                )
                dist = net.matrix(sites)
                got = []
                for name, budget in runs:
                    f = fast_tsp_length if name == "fast-tsp" else pv.length
                    got.append(f(dist, budget))
                best = min([g for g, _ in got] + [fast_tsp_length(dist, args.ref_budget)[0]])
                for i, (length, took) in enumerate(got):
                    ratios[i].append(length / best)
                    times[i].append(took)
            cells = [f"{ratio_cell(ratios[i])} ({ms_cell(times[i])})" for i in range(len(runs))]
            print(f"| {n} | {reps} | " + " | ".join(cells) + " |", flush=True)
        print()


def bench_batching(args) -> None:
    print("## Batching on synthetic waves (layout A, uniform random storage)\n")
    spec = SPECS[0]
    doc = layout_doc(spec)
    lay = parse_layout(doc)
    codes = [loc["code"] for loc in doc["locations"]]
    print(
        "| scenario | waves | single order, m per order | FCFS saving | ours saving | "
        "ours vs FCFS | ours time p50 / max s |"
    )
    print("|---|---|---|---|---|---|---|")
    for n_orders, lines, totes in ((60, (1, 4), 8), (40, (5, 15), 4)):
        single = fc = ours = 0.0
        took = []
        for wave in range(args.waves):
            rnd = random.Random(f"wave-{n_orders}-{wave}")
            orders = [
                Order(f"o{i}", tuple(rnd.sample(codes, rnd.randint(*lines))))
                for i in range(n_orders)
            ]
            cart = Cart(totes)
            single += sum(route(lay, o.picks).length_m for o in orders)
            fc += sum(b.length_m for b in fcfs(orders, cart, lay))
            t = time.perf_counter()
            ours += sum(b.length_m for b in batch(orders, cart, lay, time_budget_s=args.budget))
            took.append(time.perf_counter() - t)
        print(
            f"| {n_orders} orders x {lines[0]}-{lines[1]} lines, cart {totes} | {args.waves} | "
            f"{single / (args.waves * n_orders):.1f} | {1 - fc / single:.1%} | "
            f"{1 - ours / single:.1%} | {1 - ours / fc:.1%} | "
            f"{pct(took, 0.5):.2f} / {max(took):.2f} |",
            flush=True,
        )
    print()


def bench_obp(args) -> None:
    files = obp_files()
    print("## Public OBP instances (Albareda et al. 2009 W1-W4; Henn et al. 2010 W5A)\n")
    if not files:
        print("../shared/benchmarks/obp-instances not found: skipped.\n")
        return
    if args.obp != "all":
        k = int(args.obp)
        if k <= 0:
            print("skipped (--obp 0).\n")
            return
        step = max(1, len(files) // k)
        files = files[::step][:k]
    print(
        "Every order routed by the exact DP; batches: capacity in items per cart (the files' "
        f"workerCapacity); our batching with a {args.obp_budget} s time budget.\n"
    )
    print(
        "| instance | orders | order route p95 ms | single order total m | FCFS m | ours m | "
        "ours vs single | ours vs FCFS | batching s |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    sums = {"single": 0.0, "fcfs": 0.0, "ours": 0.0}
    for path in files:
        doc, raw, capacity = obp_instance(path)
        lay = parse_layout(doc)
        orders = [Order(i, tuple(p), volume=w) for i, p, w in raw]
        cart = Cart(totes=len(orders), capacity=capacity)
        times, single = [], 0.0
        for o in orders:
            t = time.perf_counter()
            single += route(lay, o.picks).length_m
            times.append(time.perf_counter() - t)
        fc = sum(b.length_m for b in fcfs(orders, cart, lay))
        t = time.perf_counter()
        ours = sum(b.length_m for b in batch(orders, cart, lay, time_budget_s=args.obp_budget))
        took = time.perf_counter() - t
        sums["single"] += single
        sums["fcfs"] += fc
        sums["ours"] += ours
        print(
            f"| {path.stem} | {len(orders)} | {pct(times, 0.95) * 1000:.1f} | {single:.0f} | "
            f"{fc:.0f} | {ours:.0f} | {1 - ours / single:.1%} | {1 - ours / fc:.1%} | "
            f"{took:.1f} |",
            flush=True,
        )
    print(
        f"| **all {len(files)}** | | | {sums['single']:.0f} | {sums['fcfs']:.0f} | "
        f"{sums['ours']:.0f} | {1 - sums['ours'] / sums['single']:.1%} | "
        f"{1 - sums['ours'] / sums['fcfs']:.1%} | |\n"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="smaller samples (about a minute)")
    ap.add_argument(
        "--picks",
        type=lambda s: [int(x) for x in s.split(",")],
        default=[5, 10, 20, 30, 60, 100, 150],
    )
    ap.add_argument("--layouts", type=lambda s: s.split(","), default=None, help="e.g. A,D,E")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply the repetitions")
    ap.add_argument("--ref-budget", type=float, default=0.3, help="fast-tsp seconds, reference")
    ap.add_argument("--no-peer", action="store_true")
    ap.add_argument("--waves", type=int, default=3, help="synthetic batching waves")
    ap.add_argument("--budget", type=float, default=2.0, help="batching time budget, seconds")
    ap.add_argument("--obp", default="12", help="number of OBP files, 'all', or 0 to skip")
    ap.add_argument("--obp-budget", type=float, default=2.0)
    ap.add_argument("--skip", default="", help="comma list of: routing,solvers,batching,obp")
    args = ap.parse_args(argv)
    if args.quick:
        args.scale, args.ref_budget, args.waves, args.obp = 0.25, 0.3, 1, "4"
        args.budget = args.obp_budget = 1.0
        args.picks = [5, 10, 30, 60, 150]
    skip = set(filter(None, args.skip.split(",")))
    t0 = time.perf_counter()
    if "routing" not in skip:
        bench_routing(args, Peer())
    if "solvers" not in skip:
        bench_solvers(args)
    if "batching" not in skip:
        bench_batching(args)
    if "obp" not in skip:
        bench_obp(args)
    print(f"total bench time {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
