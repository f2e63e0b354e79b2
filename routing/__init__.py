"""Shipfloor routing: warehouse layout model, pick-route algorithms and order batching.

A pure library: plain values in, plain values out; nothing here imports the server.

- :func:`parse_layout` / :func:`load_layout` read the layout document (DESIGN.md, "Warehouse
  layout file");
- :func:`route` computes the walking route through a list of location codes;
- :func:`evaluate` measures and checks any waypoint path the same way;
- :func:`batch` groups orders into cart loads.
"""

from routing.batching import Batch, Cart, Order, batch, fcfs
from routing.errors import (
    BatchingError,
    DisconnectedAisleError,
    DuplicateIdError,
    LayoutError,
    LayoutFormatError,
    LocationOutsideAisleError,
    MethodNotApplicableError,
    OverlappingAislesError,
    PointOffNetworkError,
    RoutingError,
    UnknownAisleError,
    UnknownLocationError,
    UnknownMethodError,
    UnreachableError,
)
from routing.evaluate import Evaluation, evaluate
from routing.generators import regular_layout
from routing.layout import Layout, load_layout, parse_layout
from routing.router import METHODS, Route, exact_method, route

__all__ = [
    "METHODS",
    "Batch",
    "Cart",
    "Order",
    "BatchingError",
    "DisconnectedAisleError",
    "DuplicateIdError",
    "Evaluation",
    "Layout",
    "LayoutError",
    "LayoutFormatError",
    "LocationOutsideAisleError",
    "MethodNotApplicableError",
    "OverlappingAislesError",
    "PointOffNetworkError",
    "Route",
    "RoutingError",
    "UnknownAisleError",
    "UnknownLocationError",
    "UnknownMethodError",
    "UnreachableError",
    "batch",
    "evaluate",
    "exact_method",
    "fcfs",
    "load_layout",
    "parse_layout",
    "regular_layout",
    "route",
]
