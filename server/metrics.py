"""Domain counters exported at ``/metrics`` beside Litestar's request metrics
(``shipfloor_requests_total``, ``shipfloor_request_duration_seconds`` per route template).

Domains increment these after their unit of work commits.
"""

from __future__ import annotations

from prometheus_client import Counter

ORDER_STATUS_CHANGES = Counter(
    "shipfloor_order_status_changes_total",
    "Order status changes, by new status.",
    ["status"],
)
SCANS = Counter(
    "shipfloor_scans_total",
    "Scans received from handhelds and packing stations, by where and with what outcome.",
    ["station", "outcome"],
)
LOGINS = Counter(
    "shipfloor_logins_total",
    "Login attempts, by method (password or badge) and outcome (ok, refused, rate_limited).",
    ["method", "outcome"],
)
