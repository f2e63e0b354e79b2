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
    ``backorders_waiting``: backorders (orders with a parent) on hold for stock.
    """

    today: date
    by_status: dict[str, int]
    on_hold: dict[str, int]
    due_today: int
    late: int
    releasing_tomorrow: int
    backorders_waiting: int


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
