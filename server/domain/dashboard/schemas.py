"""Dashboard bodies."""

from __future__ import annotations

from datetime import date

import msgspec


class DashboardOut(msgspec.Struct):
    """What the floor dashboard shows, as of ``today`` (a date in the warehouse time zone).

    ``by_status``: orders per status (every status, zeros included); ``on_hold``: held orders
    per hold reason (every reason). ``due_today``: open orders (not completed, not cancelled)
    whose requested ship date is today; ``late``: open orders whose requested ship date has
    passed; ``releasing_tomorrow``: orders on hold as scheduled whose ship date is tomorrow;
    ``backorders_waiting``: backorders (orders with a parent) on hold for stock;
    ``stock_arrived_today``: orders that waited for stock and were released today because it
    arrived (a receipt, an adjustment or a return).
    """

    today: date
    by_status: dict[str, int]
    on_hold: dict[str, int]
    due_today: int
    late: int
    releasing_tomorrow: int
    backorders_waiting: int
    stock_arrived_today: int


class BatchProgress(msgspec.Struct):
    """A batch not closed yet: units picked of the total (``percent_done``, rounded down),
    route length and metres walked so far along it (``walked_m``: from the start through the
    last stop done), pick lines done and their rate per hour since the start (null before it
    starts). ``picker``: who is walking it; ``assigned_picker`` (``assigned_picker_id``): who a
    supervisor gave it to."""

    id: int
    code: str
    status: str
    picker: str | None
    units_total: int
    units_picked: int
    percent_done: int
    route_length_m: float
    lines_picked: int
    lines_per_hour: float | None
    walked_m: float = 0.0
    assigned_picker: str | None = None
    assigned_picker_id: int | None = None


class PickRate(msgspec.Struct):
    """Units picked in each hour (0–23, warehouse time) of today, and the mean of the same
    weekday over the four weeks before."""

    today: list[int]
    weekday_average: list[float]


class FloorOut(msgspec.Struct):
    """``GET /api/dashboard/floor``: batches under way, totes set aside for a decision,
    put-away tasks open, and the pick rate."""

    batches: list[BatchProgress]
    totes_aside: int
    put_away_open: int
    pick_rate: PickRate


class CustomerHit(msgspec.Struct):
    """A customer found by name, email or company, with the address orders default to."""

    id: int
    name: str
    email: str | None
    company: str | None
    street: str | None
    postal_code: str | None
    city: str | None
    country: str | None


class ShippingPreviewOut(msgspec.Struct):
    """The method the shipping rules would choose; all null when no rule matches."""

    rule_id: int | None
    rule_name: str | None
    method_id: int | None
    method_code: str | None
    method_name: str | None
