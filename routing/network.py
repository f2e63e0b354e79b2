"""The walking graph of a layout: aisle centre lines x cross-aisle centre lines.

Nodes are the points where a column (an aisle's x, or the x of a start or end point) crosses a
cross aisle; every cross aisle runs through every column. Aisles are cut into *pieces*: walkable
stretches of an aisle between two nodes, or between a node and a dead end (an aisle end beyond the
last cross aisle, or the edge of a closed segment). A piece carries the aisle's one-way rule.
Distances are metres, measured along centre lines only.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from routing.errors import UnreachableError

if TYPE_CHECKING:
    from routing.layout import Layout

EPS = 1e-6
INF = float("inf")
FW_LIMIT = 700


@dataclass(frozen=True)
class Piece:
    aisle: str
    col: int
    y_lo: float
    y_hi: float
    lo_node: int | None
    hi_node: int | None
    up_ok: bool
    down_ok: bool


@dataclass(frozen=True)
class Site:
    """A point on the network: a node, or a point inside a piece."""

    x: float
    y: float
    node: int | None
    piece: int | None

    @property
    def xy(self) -> tuple[float, float]:
        return (self.x, self.y)


class Network:
    """Graph of one layout. ``xs`` (columns) and ``ys`` (cross aisles) are sorted; node ids are
    ``col * h + k`` with ``h = len(ys)``."""

    def __init__(self, layout: Layout, extra_xs: tuple[float, ...] = ()) -> None:
        self.layout = layout
        cols = {a.x for a in layout.aisles} | {layout.start[0], layout.end[0]} | set(extra_xs)
        self.xs: list[float] = _dedupe(sorted(cols))
        self.ys: list[float] = [c.y for c in layout.cross_aisles]
        self.h = len(self.ys)
        self.n_nodes = len(self.xs) * self.h
        self.adj: list[list[tuple[int, float]]] = [[] for _ in range(self.n_nodes)]
        for k in range(self.h):
            for c in range(len(self.xs) - 1):
                u, v = c * self.h + k, (c + 1) * self.h + k
                w = self.xs[c + 1] - self.xs[c]
                self.adj[u].append((v, w))
                self.adj[v].append((u, w))
        self.pieces: list[Piece] = []
        self.pieces_by_aisle: dict[str, list[int]] = {}
        for aisle in layout.aisles:
            self._add_aisle(aisle)
        self.one_way = any(a.one_way for a in layout.aisles)
        self.has_closures = bool(layout.closed)
        self._dist: np.ndarray | None = None

    def has_column(self, x: float) -> bool:
        return any(abs(cx - x) <= EPS for cx in self.xs)

    # -- construction -------------------------------------------------------------------------
    def col_of(self, x: float) -> int:
        for c, cx in enumerate(self.xs):
            if abs(cx - x) <= EPS:
                return c
        raise UnreachableError(f"x={x} is not a column of the network")

    def node_xy(self, node: int) -> tuple[float, float]:
        c, k = divmod(node, self.h)
        return (self.xs[c], self.ys[k])

    def _add_aisle(self, aisle) -> None:
        col = self.col_of(aisle.x)
        intervals = [(aisle.y_from, aisle.y_to)]
        for cl in self.layout.closed:
            if cl.aisle != aisle.id:
                continue
            nxt = []
            for lo, hi in intervals:
                if cl.y_to <= lo or cl.y_from >= hi:
                    nxt.append((lo, hi))
                    continue
                if cl.y_from > lo + EPS:
                    nxt.append((lo, cl.y_from))
                if cl.y_to < hi - EPS:
                    nxt.append((cl.y_to, hi))
            intervals = nxt
        up_ok = aisle.one_way in (None, "up")
        down_ok = aisle.one_way in (None, "down")
        ids = self.pieces_by_aisle.setdefault(aisle.id, [])
        for lo, hi in intervals:
            cuts = [lo] + [y for y in self.ys if lo + EPS < y < hi - EPS] + [hi]
            for a, b in zip(cuts, cuts[1:]):
                pa, pb = self._node_at(col, a), self._node_at(col, b)
                piece = Piece(aisle.id, col, a, b, pa, pb, up_ok, down_ok)
                ids.append(len(self.pieces))
                self.pieces.append(piece)
                if pa is not None and pb is not None:
                    if up_ok:
                        self.adj[pa].append((pb, b - a))
                    if down_ok:
                        self.adj[pb].append((pa, b - a))

    def _node_at(self, col: int, y: float) -> int | None:
        for k, cy in enumerate(self.ys):
            if abs(cy - y) <= EPS:
                return col * self.h + k
        return None

    # -- sites ---------------------------------------------------------------------------------
    def point_site(self, xy: tuple[float, float]) -> Site:
        """The node at a start or end point (which lies on a cross aisle)."""
        node = self._node_at(self.col_of(xy[0]), xy[1])
        if node is None:
            raise UnreachableError(f"point {xy} is not on a cross aisle")
        return Site(*self.node_xy(node), node, None)

    def aisle_site(self, aisle: str, y: float) -> Site:
        """The site of a point on an aisle. Raises :class:`UnreachableError` inside a closed
        segment."""
        for pid in self.pieces_by_aisle.get(aisle, ()):
            p = self.pieces[pid]
            if p.y_lo - EPS <= y <= p.y_hi + EPS:
                if p.lo_node is not None and abs(y - p.y_lo) <= EPS:
                    return Site(*self.node_xy(p.lo_node), p.lo_node, None)
                if p.hi_node is not None and abs(y - p.y_hi) <= EPS:
                    return Site(*self.node_xy(p.hi_node), p.hi_node, None)
                return Site(self.xs[p.col], y, None, pid)
        raise UnreachableError(f"y={y} on aisle {aisle!r} lies in a closed segment")

    def exits(self, s: Site) -> list[tuple[int, float]]:
        """Nodes reachable from ``s`` without passing another node, with their distance."""
        if s.node is not None:
            return [(s.node, 0.0)]
        p = self.pieces[s.piece]  # type: ignore[index]
        out = []
        if p.lo_node is not None and p.down_ok:
            out.append((p.lo_node, s.y - p.y_lo))
        if p.hi_node is not None and p.up_ok:
            out.append((p.hi_node, p.y_hi - s.y))
        return out

    def entries(self, s: Site) -> list[tuple[int, float]]:
        """Nodes from which ``s`` is reached without passing another node."""
        if s.node is not None:
            return [(s.node, 0.0)]
        p = self.pieces[s.piece]  # type: ignore[index]
        out = []
        if p.lo_node is not None and p.up_ok:
            out.append((p.lo_node, s.y - p.y_lo))
        if p.hi_node is not None and p.down_ok:
            out.append((p.hi_node, p.y_hi - s.y))
        return out

    def _direct(self, a: Site, b: Site) -> float:
        if a.piece is None or a.piece != b.piece:
            return INF
        p = self.pieces[a.piece]
        if b.y >= a.y and p.up_ok:
            return b.y - a.y
        if b.y <= a.y and p.down_ok:
            return a.y - b.y
        return INF

    # -- distances ---------------------------------------------------------------------------
    @property
    def node_dist(self) -> np.ndarray:
        """All-pairs shortest walking distance between nodes (metres, directed; inf when
        unreachable), computed once per layout: Floyd–Warshall on numpy for up to
        ``FW_LIMIT`` nodes, else one Dijkstra per node (O(N^2 log N) instead of O(N^3))."""
        if self._dist is None:
            n = self.n_nodes
            if n <= FW_LIMIT:
                d = np.full((n, n), INF)
                np.fill_diagonal(d, 0.0)
                for u, nbrs in enumerate(self.adj):
                    for v, w in nbrs:
                        d[u, v] = min(d[u, v], w)
                for k in range(n):
                    np.minimum(d, d[:, k : k + 1] + d[k : k + 1, :], out=d)
            else:
                d = np.array([self._dijkstra(u) for u in range(n)])
            self._dist = d
        return self._dist

    def _dijkstra(self, src: int) -> list[float]:
        dist = [INF] * self.n_nodes
        dist[src] = 0.0
        heap = [(0.0, src)]
        while heap:
            du, u = heapq.heappop(heap)
            if du > dist[u]:
                continue
            for v, w in self.adj[u]:
                if du + w < dist[v]:
                    dist[v] = du + w
                    heapq.heappush(heap, (du + w, v))
        return dist

    def matrix(self, sites: list[Site]) -> np.ndarray:
        """Shortest walking distance between every ordered pair of sites (metres)."""
        n = len(sites)
        d = self.node_dist
        ex_n = np.zeros((n, 2), dtype=np.int64)
        ex_c = np.full((n, 2), INF)
        en_n = np.zeros((n, 2), dtype=np.int64)
        en_c = np.full((n, 2), INF)
        for i, s in enumerate(sites):
            for j, (node, cost) in enumerate(self.exits(s)):
                ex_n[i, j], ex_c[i, j] = node, cost
            for j, (node, cost) in enumerate(self.entries(s)):
                en_n[i, j], en_c[i, j] = node, cost
        m = np.full((n, n), INF)
        for a in range(2):
            for b in range(2):
                via = ex_c[:, a, None] + d[np.ix_(ex_n[:, a], en_n[:, b])] + en_c[None, :, b]
                np.minimum(m, via, out=m)
        by_piece: dict[int, list[int]] = {}
        for i, s in enumerate(sites):
            if s.piece is not None:
                by_piece.setdefault(s.piece, []).append(i)
        for members in by_piece.values():
            for i in members:
                for j in members:
                    m[i, j] = min(m[i, j], self._direct(sites[i], sites[j]))
        np.fill_diagonal(m, 0.0)
        return m

    def path(self, a: Site, b: Site) -> list[tuple[float, float]]:
        """Waypoints of a shortest walk from ``a`` to ``b`` (both ends included). Raises
        :class:`UnreachableError`."""
        if a.xy == b.xy:
            return [a.xy]
        direct = self._direct(a, b)
        d = self.node_dist
        best, pair = direct, None
        for e, ce in self.exits(a):
            for f, cf in self.entries(b):
                total = ce + d[e, f] + cf
                if total < best - 1e-9:
                    best, pair = total, (e, f)
        if best == INF:
            raise UnreachableError(f"no walk from {a.xy} to {b.xy}")
        if pair is None:
            return [a.xy, b.xy]
        out = [a.xy] + [self.node_xy(n) for n in self.node_path(*pair)] + [b.xy]
        return _dedupe_points(out)

    def node_path(self, u: int, t: int) -> list[int]:
        d = self.node_dist
        out = [u]
        while u != t:
            for v, w in self.adj[u]:
                if abs(w + d[v, t] - d[u, t]) <= 1e-7:
                    u = v
                    break
            else:  # pragma: no cover - distances and adjacency disagree
                raise UnreachableError("inconsistent distance table")
            out.append(u)
        return out


def _dedupe(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in values:
        if not out or v - out[-1] > EPS:
            out.append(v)
    return out


def _dedupe_points(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for p in points:
        if not out or abs(p[0] - out[-1][0]) > EPS or abs(p[1] - out[-1][1]) > EPS:
            out.append(p)
    return out
