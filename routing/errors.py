"""Typed errors of the routing library.

Every error is a ``ValueError`` subclass so that callers that only care about "bad input" can
catch one type; callers that want to tell the user what is wrong catch the specific class.
"""

from __future__ import annotations


class RoutingError(ValueError):
    """Base class of every error raised by ``routing``."""


class LayoutError(RoutingError):
    """The layout document is not a valid warehouse layout."""


class LayoutFormatError(LayoutError):
    """A field is missing, has the wrong type, or has an impossible value."""


class DuplicateIdError(LayoutError):
    """Two aisles share an id, or two locations share a code."""


class OverlappingAislesError(LayoutError):
    """Two aisles (or two cross aisles) occupy the same floor area."""


class UnknownAisleError(LayoutError):
    """A location or a closed segment refers to an aisle id that the layout does not define."""


class LocationOutsideAisleError(LayoutError):
    """A location's ``y`` lies outside its aisle's ``y_from``..``y_to``."""


class PointOffNetworkError(LayoutError):
    """A start or end point does not lie on a cross aisle of the walking network."""


class DisconnectedAisleError(LayoutError):
    """An aisle meets no cross aisle, so no picker can reach it."""


class UnknownLocationError(RoutingError):
    """A pick names a location code that the layout does not define."""

    def __init__(self, codes: list[str]) -> None:
        self.codes = list(codes)
        shown = ", ".join(repr(c) for c in self.codes[:10])
        more = f" and {len(self.codes) - 10} more" if len(self.codes) > 10 else ""
        super().__init__(f"unknown location code(s): {shown}{more}")


class UnreachableError(RoutingError):
    """A pick (or the end point) cannot be reached on the walking network, e.g. it lies inside a
    closed segment or behind a one-way aisle with no way back."""


class UnknownMethodError(RoutingError):
    """The routing method name is not one of ``routing.METHODS``."""


class MethodNotApplicableError(RoutingError):
    """The routing method exists but cannot be used on this layout (e.g. a classic policy on a
    layout with one-way aisles, or the exact DP on a layout with more than two blocks)."""


class BatchingError(RoutingError):
    """Orders or cart are inconsistent, e.g. an order does not fit in one tote."""
