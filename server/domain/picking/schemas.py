"""Request and response shapes of the picking API.

Reason codes of refused scans (``code`` of the problem body, stable; the handheld shows and
sounds them): see ``rules.REASONS``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

Uuid = Annotated[str, msgspec.Meta(min_length=8, max_length=36, pattern=r"^[0-9A-Za-z-]+$")]
Source = Literal["wedge", "camera", "manual"]


class BatchIn(msgspec.Struct, forbid_unknown_fields=True):
    """Orders (ids, 1-50) that are ``ready_for_picking`` to pick in one walk, cart order."""

    order_ids: Annotated[list[Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)]],
                         msgspec.Meta(min_length=1, max_length=50)]


class NextIn(msgspec.Struct, forbid_unknown_fields=True):
    """``totes``: cart size for this request (default: the setting ``SHIPFLOOR_CART_TOTES``)."""

    totes: Annotated[int, msgspec.Meta(ge=1, le=50)] | None = None


class StartIn(msgspec.Struct, forbid_unknown_fields=True):
    """Tote barcodes in cart order (one per order, as scanned: ``TOT-T017-X``); omitted: free
    totes are bound by the system."""

    totes: Annotated[list[Annotated[str, msgspec.Meta(max_length=200)]],
                     msgspec.Meta(max_length=50)] | None = None


class ScanIn(msgspec.Struct, forbid_unknown_fields=True):
    """One scan. ``id``: a UUID made by the handheld (a replay returns the first answer);
    ``code``: the text exactly as the scanner sent it; ``quantity``: units typed after a
    product scan (default 1); ``device``: the handheld's name for the log."""

    id: Uuid
    code: Annotated[str, msgspec.Meta(max_length=500)]
    quantity: Annotated[int, msgspec.Meta(ge=1, le=100_000)] | None = None
    source: Source = "wedge"
    device: Annotated[str, msgspec.Meta(max_length=64)] | None = None


class ShortIn(msgspec.Struct, forbid_unknown_fields=True):
    """A short pick: ``found`` units are in the bin now (before taking the rest of this stop).
    ``id``: client UUID as for scans."""

    found: Annotated[int, msgspec.Meta(ge=0, le=1_000_000)]
    id: Uuid | None = None


class SkipIn(msgspec.Struct, forbid_unknown_fields=True):
    """Come back to a stop later. ``id``: client UUID as for scans."""

    id: Uuid | None = None


class OverrideIn(msgspec.Struct, forbid_unknown_fields=True):
    """A supervisor confirms ``quantity`` units of a stop's current tote without a scan."""

    quantity: Annotated[int, msgspec.Meta(ge=1, le=100_000)]
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]


class ProductOut(msgspec.Struct):
    id: int
    sku: str
    name: str
    image_url: str | None = None


class ToteOut(msgspec.Struct):
    """A cart position (1..N) and its tote code (None until the batch starts); ``barcode``: the
    text of the tote's label (``TOT-T017-1`` for ``T017``; None without a tote)."""

    position: int
    code: str | None
    order_id: int
    order_number: str | None
    state: str
    barcode: str | None = None


class TaskOut(msgspec.Struct):
    """Units of one order line for one tote at a stop; ``tote_barcode``: the text of the tote's
    label (``TOT-T017-1`` for ``T017``; None until the batch starts)."""

    id: int
    order_id: int
    order_number: str | None
    tote_position: int
    tote_code: str | None
    quantity: int
    picked: int
    tote_barcode: str | None = None


class StopOut(msgspec.Struct):
    """A stop in route order: ``seq`` 1..; ``location`` the bin's code (its name, as on the
    layout), ``location_barcode`` the text of its label, which a scan must carry
    (``LOC-A-03-01-B-U`` for ``A-03-01-B``: prefix, code, check character; the pick list
    prints the same; None for a code no label can carry); ``location_words`` as the handheld
    says it."""

    id: int
    seq: int
    location: str
    location_words: str
    product: ProductOut
    quantity: int
    picked: int
    state: str
    tasks: list[TaskOut]
    location_barcode: str | None = None


class BatchOut(msgspec.Struct):
    """A pick batch with stops in route order. Lengths in metres: ``route_length_m`` the
    route, ``code_order_length_m`` the same stops in location-code order, ``saved_m`` their
    difference, ``walked_m`` the route walked so far (``walking.walked_m``). ``status``:
    ``created``, ``picking``, ``closed``. ``picker_id`` / ``picker``: who started it;
    ``assigned_picker_id`` / ``assigned_picker``: who a supervisor gave it to, or who asked for
    it with ``next`` (display name). ``next``: the instruction the handheld shows first, the
    same a scan answer's ``next`` is (``Instruction``) — while the batch is ``picking``, the
    current step; ``{"action": "batch_done"}`` once it is ``closed``; null while it is
    ``created`` (start it first)."""

    id: int
    code: str
    status: str
    picker_id: int | None
    route_method: str | None
    route_length_m: float
    code_order_length_m: float
    saved_m: float
    units_total: int
    units_picked: int
    totes: list[ToteOut]
    stops: list[StopOut]
    created_at: datetime
    started_at: datetime | None
    closed_at: datetime | None
    picker: str | None = None
    assigned_picker_id: int | None = None
    assigned_picker: str | None = None
    stops_done: int = 0
    walked_m: float = 0.0
    next: Instruction | None = None


class Instruction(msgspec.Struct, omit_defaults=True):
    """What the handheld shows next. ``action``: ``scan_location``, ``scan_product``,
    ``scan_tote``, ``set_tote_aside``, ``batch_done``. For a stop: its ``stop_id``, ``seq``,
    ``location`` code, ``location_barcode`` (the text of the bin's label, what a scan or a
    typed entry must carry: ``LOC-A-03-01-B-U`` for ``A-03-01-B``) and ``location_words``,
    ``product``, ``quantity`` still to put in ``tote`` (cart position) with ``tote_code`` and
    ``tote_barcode`` (its label's text: ``TOT-T017-1`` for ``T017``), and the
    ``order_number``. Members without a value are left out."""

    action: str
    stop_id: int | None = None
    seq: int | None = None
    location: str | None = None
    location_barcode: str | None = None
    location_words: str | None = None
    product: ProductOut | None = None
    quantity: int | None = None
    tote: int | None = None
    tote_code: str | None = None
    tote_barcode: str | None = None
    order_number: str | None = None


class Progress(msgspec.Struct):
    stops_done: int
    stops_total: int
    units_picked: int
    units_total: int
    status: str


class ScanOut(msgspec.Struct):
    """The answer to an accepted scan. ``result``: ``located`` (bin confirmed), ``picked``
    (``quantity`` units into ``tote``), ``tote_confirmed``, ``order_picked`` (that tote's
    order is complete: it went to ``ready_for_packing``), ``put_away``, ``skipped`` (the stop
    comes last); ``next`` is the instruction to show; ``replayed`` is true when this UUID was
    answered before."""

    id: str
    result: str
    message: str
    next: Instruction
    progress: Progress
    quantity: int | None = None
    tote: int | None = None
    replayed: bool = False


class PutAwayOut(msgspec.Struct):
    id: int
    order_id: int
    product: ProductOut
    location: str
    location_words: str
    tote_code: str | None
    quantity: int
    state: str


class ProposalsIn(msgspec.Struct, forbid_unknown_fields=True):
    """``order_ids``: the orders to group (1-200; omitted: every order waiting, oldest 200 by
    priority and ship date); ``totes``: orders per cart (default ``SHIPFLOOR_CART_TOTES``)."""

    order_ids: Annotated[list[Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)]],
                         msgspec.Meta(min_length=1, max_length=200)] | None = None
    totes: Annotated[int, msgspec.Meta(ge=1, le=50)] | None = None


class ProposalOrderOut(msgspec.Struct):
    """An order of a proposed cart: ``units`` allocated to pick."""

    id: int
    number: str | None
    customer_name: str | None
    priority: int
    requested_ship_date: date | None
    units: int


class ProposalOut(msgspec.Struct):
    """A proposed cart, not created: ``order_ids`` in tote order (create it with
    ``POST /api/pick-batches`` and these ids), ``token`` (the ids joined by dots) for its map
    ``GET /api/pick-batches/proposals/{token}/route.svg``; ``stops`` (one per bin and
    product) and ``units`` as the batch would have them. Lengths in metres: ``route_length_m``
    the computed route, ``code_order_length_m`` the same stops in location-code order,
    ``saved_m`` their difference."""

    token: str
    order_ids: list[int]
    orders: list[ProposalOrderOut]
    stops: int
    units: int
    route_method: str
    route_length_m: float
    code_order_length_m: float
    saved_m: float


class SkippedOut(msgspec.Struct):
    """A given order left out of the proposals, with the ``code`` creating a batch of it would
    answer (``order_not_found``, ``order_not_ready``, ``order_in_batch``) and its status."""

    id: int
    code: str
    status: str | None


class ProposalsOut(msgspec.Struct):
    """``carts`` proposed for ``totes`` orders each, in waiting order; ``skipped`` orders;
    ``waiting``: orders waiting for picking that were grouped (all waiting ones, when no
    order ids were given)."""

    totes: int
    carts: list[ProposalOut]
    skipped: list[SkippedOut]
    waiting: int


class RouteIn(msgspec.Struct, forbid_unknown_fields=True):
    """Orders (ids, 1-50, tote order) of a proposed cart whose route to draw."""

    order_ids: Annotated[list[Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)]],
                         msgspec.Meta(min_length=1, max_length=50)]


class AssignIn(msgspec.Struct, forbid_unknown_fields=True):
    """``picker_id``: the picker to give the batch to (null: take the assignment back);
    ``force``: move a batch another picker has started to this one."""

    picker_id: Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)] | None
    force: bool = False


class PickerOut(msgspec.Struct, omit_defaults=True):
    """An active user with the picker role; ``batch_id``: the batch they are picking now (null:
    none); ``assigned_batch_id``: a batch assigned to them and not started yet (made for them
    by ``POST /api/pick-batches/next`` or given to them by a supervisor; the oldest when
    several, the one ``next`` answers once they pick nothing), left out when there is none."""

    id: int
    username: str
    display_name: str
    batch_id: int | None
    assigned_batch_id: int | None = None
