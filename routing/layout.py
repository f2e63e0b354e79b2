"""Warehouse layout model: parse and validate the layout document of DESIGN.md ("Warehouse
layout file") into immutable objects.

Lengths are metres. x runs across the aisles, y along them. The picker walks on aisle centre lines
and cross-aisle centre lines only; widths are used for validation (overlap, snapping a start or end
point onto a cross aisle) and for drawing, never for walking distance.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from routing.errors import (
    DisconnectedAisleError,
    DuplicateIdError,
    LayoutFormatError,
    LocationOutsideAisleError,
    OverlappingAislesError,
    PointOffNetworkError,
    UnknownAisleError,
    UnknownLocationError,
)

if TYPE_CHECKING:
    from routing.network import Network

EPS = 1e-6


@dataclass(frozen=True)
class CrossAisle:
    y: float
    width: float


@dataclass(frozen=True)
class Aisle:
    id: str
    x: float
    width: float
    y_from: float
    y_to: float
    one_way: str | None  # None, "up" (increasing y) or "down"


@dataclass(frozen=True)
class Closure:
    aisle: str
    y_from: float
    y_to: float


@dataclass(frozen=True)
class Location:
    code: str
    aisle: str
    y: float
    side: str
    level: str | None
    bay: str | None = None


@dataclass(frozen=True)
class Layout:
    """A validated warehouse layout. Build it with :func:`parse_layout` or :func:`load_layout`.

    ``cross_aisles`` are sorted by y; ``start`` and ``end`` are ``(x, y)`` in metres, already
    snapped onto the centre line of the cross aisle they lie on.
    """

    name: str
    cross_aisles: tuple[CrossAisle, ...]
    aisles: tuple[Aisle, ...]
    closed: tuple[Closure, ...]
    start: tuple[float, float]
    end: tuple[float, float]
    locations: dict[str, Location] = field(repr=False)
    aisle_by_id: dict[str, Aisle] = field(repr=False)
    x_min: float = 0.0
    x_max: float = 0.0

    def position(self, code: str) -> tuple[float, float]:
        """The walking position ``(x, y)`` (metres) of a location code: the centre line of its
        aisle at the location's y. Raises :class:`UnknownLocationError`."""
        loc = self.locations.get(code)
        if loc is None:
            raise UnknownLocationError([code])
        return (self.aisle_by_id[loc.aisle].x, loc.y)

    @property
    def blocks(self) -> int:
        """Number of blocks: cross aisles minus one (0 for a single cross aisle)."""
        return len(self.cross_aisles) - 1

    @cached_property
    def network(self) -> Network:
        """The walking graph of this layout (built once, then cached)."""
        from routing.network import Network

        return Network(self)

    def network_for(self, *points: tuple[float, float]) -> Network:
        """The walking graph with a column at each of ``points`` (start and end points other
        than the layout's own need one); cached per set of extra columns."""
        net = self.network
        extra = tuple(sorted({p[0] for p in points if not net.has_column(p[0])}))
        if not extra:
            return net
        from routing.network import Network

        cache = self.__dict__.setdefault("_extra_networks", {})
        if extra not in cache:
            if len(cache) > 32:
                cache.clear()
            cache[extra] = Network(self, extra)
        return cache[extra]

    def snap_point(self, point: Any, what: str = "point") -> tuple[float, float]:
        """Return ``point`` (``{"x", "y"}`` or ``(x, y)``) snapped onto the cross aisle it lies
        on. Raises :class:`PointOffNetworkError` when it lies on no cross aisle or beyond the
        cross aisles' ends (one aisle pitch beyond the outermost aisles)."""
        x, y = _xy(point, what)
        for ca in self.cross_aisles:
            if abs(y - ca.y) <= ca.width / 2 + EPS:
                if self.x_min - EPS <= x <= self.x_max + EPS:
                    return (x, ca.y)
                raise PointOffNetworkError(
                    f"{what} ({x}, {y}) lies beyond the ends of the cross aisle at y={ca.y} "
                    f"(x from {self.x_min} to {self.x_max})"
                )
        raise PointOffNetworkError(f"{what} ({x}, {y}) lies on no cross aisle")


def load_layout(path: str | Path) -> Layout:
    """Read and validate a layout JSON file. Raises :class:`LayoutError` subclasses, and
    ``OSError`` when the file cannot be read."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise LayoutFormatError(f"{path}: not JSON: {exc}") from exc
    return parse_layout(doc)


def parse_layout(doc: Any) -> Layout:
    """Validate a layout document (a dict as in DESIGN.md) and return a :class:`Layout`.

    Raises: :class:`LayoutFormatError` (missing or ill-typed field, empty aisle, ...),
    :class:`DuplicateIdError`, :class:`OverlappingAislesError`, :class:`UnknownAisleError`,
    :class:`LocationOutsideAisleError`, :class:`DisconnectedAisleError`,
    :class:`PointOffNetworkError`.
    """
    if isinstance(doc, Layout):
        return doc
    if not isinstance(doc, dict):
        raise LayoutFormatError("a layout is a JSON object")
    name = str(doc.get("name", ""))
    cross = [_cross_aisle(c, i) for i, c in enumerate(_list(doc, "cross_aisles"))]
    if not cross:
        raise LayoutFormatError("a layout needs at least one cross aisle")
    cross.sort(key=lambda c: c.y)
    for a, b in zip(cross, cross[1:]):
        if b.y - a.y < (a.width + b.width) / 2 - EPS:
            raise OverlappingAislesError(f"cross aisles at y={a.y} and y={b.y} overlap")
    aisles = [_aisle(a, i) for i, a in enumerate(_list(doc, "aisles"))]
    if not aisles:
        raise LayoutFormatError("a layout needs at least one aisle")
    by_id: dict[str, Aisle] = {}
    for a in aisles:
        if a.id in by_id:
            raise DuplicateIdError(f"aisle id {a.id!r} is used twice")
        by_id[a.id] = a
    _check_aisle_overlap(aisles)
    for a in aisles:
        if not any(a.y_from - EPS <= c.y <= a.y_to + EPS for c in cross):
            raise DisconnectedAisleError(f"aisle {a.id!r} meets no cross aisle")
    closed = [_closure(c, i, by_id) for i, c in enumerate(doc.get("closed") or [])]
    locations: dict[str, Location] = {}
    for i, raw in enumerate(_list(doc, "locations", required=False)):
        loc = _location(raw, i, by_id)
        if loc.code in locations:
            raise DuplicateIdError(f"location code {loc.code!r} is used twice")
        locations[loc.code] = loc
    xs = sorted({a.x for a in aisles})
    pitch = min((b - a for a, b in zip(xs, xs[1:])), default=3.0)
    layout = Layout(
        name=name,
        cross_aisles=tuple(cross),
        aisles=tuple(sorted(aisles, key=lambda a: (a.x, a.y_from))),
        closed=tuple(closed),
        start=(0.0, 0.0),
        end=(0.0, 0.0),
        locations=locations,
        aisle_by_id=by_id,
        # A cross aisle runs one aisle pitch beyond the outermost aisles: room for a cart park.
        x_min=xs[0] - pitch,
        x_max=xs[-1] + pitch,
    )
    points = doc.get("points")
    if not isinstance(points, dict) or "start" not in points:
        raise LayoutFormatError("points.start is required")
    start = layout.snap_point(points["start"], "start")
    end = layout.snap_point(points.get("end") or points["start"], "end")
    object.__setattr__(layout, "start", start)
    object.__setattr__(layout, "end", end)
    return layout


def _xy(point: Any, what: str) -> tuple[float, float]:
    if isinstance(point, dict):
        return (_num(point, "x", what), _num(point, "y", what))
    if isinstance(point, (tuple, list)) and len(point) == 2:
        return (_finite(point[0], f"{what}.x"), _finite(point[1], f"{what}.y"))
    raise LayoutFormatError(f"{what} must be {{'x': .., 'y': ..}} or (x, y)")


def _list(doc: dict, key: str, required: bool = True) -> list:
    value = doc.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise LayoutFormatError(f"{key} must be a list")
    return value


def _finite(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise LayoutFormatError(f"{what} must be a finite number, not {value!r}")
    return float(value)


def _num(obj: Any, key: str, what: str, default: float | None = None) -> float:
    if not isinstance(obj, dict):
        raise LayoutFormatError(f"{what} must be an object")
    if key not in obj or obj[key] is None:
        if default is not None:
            return default
        raise LayoutFormatError(f"{what}.{key} is required")
    return _finite(obj[key], f"{what}.{key}")


def _cross_aisle(raw: Any, i: int) -> CrossAisle:
    what = f"cross_aisles[{i}]"
    width = _num(raw, "width", what, default=0.0)
    if width < 0:
        raise LayoutFormatError(f"{what}.width must not be negative")
    return CrossAisle(y=_num(raw, "y", what), width=width)


def _aisle(raw: Any, i: int) -> Aisle:
    what = f"aisles[{i}]"
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not raw["id"]:
        raise LayoutFormatError(f"{what}.id must be a non-empty string")
    y_from, y_to = _num(raw, "y_from", what), _num(raw, "y_to", what)
    if y_to <= y_from:
        raise LayoutFormatError(f"{what} ({raw['id']}): y_to must be greater than y_from")
    width = _num(raw, "width", what, default=0.0)
    if width < 0:
        raise LayoutFormatError(f"{what}.width must not be negative")
    one_way = raw.get("one_way")
    if one_way not in (None, "up", "down"):
        raise LayoutFormatError(f"{what}.one_way must be null, 'up' or 'down', not {one_way!r}")
    return Aisle(raw["id"], _num(raw, "x", what), width, y_from, y_to, one_way)


def _check_aisle_overlap(aisles: list[Aisle]) -> None:
    for i, a in enumerate(aisles):
        for b in aisles[i + 1 :]:
            dx = abs(b.x - a.x)
            apart = dx > EPS and dx >= (a.width + b.width) / 2 - EPS
            overlap_y = min(a.y_to, b.y_to) - max(a.y_from, b.y_from) > EPS
            if not apart and overlap_y:
                raise OverlappingAislesError(f"aisles {a.id!r} and {b.id!r} overlap")


def _closure(raw: Any, i: int, by_id: dict[str, Aisle]) -> Closure:
    what = f"closed[{i}]"
    if not isinstance(raw, dict) or not isinstance(raw.get("aisle"), str):
        raise LayoutFormatError(f"{what}.aisle must be an aisle id")
    aisle = by_id.get(raw["aisle"])
    if aisle is None:
        raise UnknownAisleError(f"{what} refers to unknown aisle {raw['aisle']!r}")
    y_from = _num(raw, "y_from", what, default=aisle.y_from)
    y_to = _num(raw, "y_to", what, default=aisle.y_to)
    if y_to <= y_from:
        raise LayoutFormatError(f"{what}: y_to must be greater than y_from")
    return Closure(aisle.id, y_from, y_to)


def _location(raw: Any, i: int, by_id: dict[str, Aisle]) -> Location:
    what = f"locations[{i}]"
    if not isinstance(raw, dict):
        raise LayoutFormatError(f"{what} must be an object")
    code = raw.get("code")
    if not isinstance(code, str) or not code:
        raise LayoutFormatError(f"{what}.code must be a non-empty string")
    aisle = by_id.get(raw.get("aisle"))  # type: ignore[arg-type]
    if aisle is None:
        raise UnknownAisleError(f"location {code!r} refers to unknown aisle {raw.get('aisle')!r}")
    y = _num(raw, "y", what)
    if not aisle.y_from - EPS <= y <= aisle.y_to + EPS:
        raise LocationOutsideAisleError(
            f"location {code!r} at y={y} lies outside aisle {aisle.id!r} "
            f"({aisle.y_from}..{aisle.y_to})"
        )
    side = raw.get("side", "left")
    if side not in ("left", "right"):
        raise LayoutFormatError(f"location {code!r}: side must be 'left' or 'right'")
    level, bay = raw.get("level"), raw.get("bay")
    return Location(
        code,
        aisle.id,
        y,
        side,
        None if level is None else str(level),
        None if bay is None else str(bay),
    )
