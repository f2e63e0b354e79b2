"""The demo users: one per role, password ``demo``, each with a badge and a PIN."""

from __future__ import annotations

DEMO_PASSWORD = "demo"

# (username, display name, roles, badge barcode, PIN)
DEMO_USERS = [
    ("admin", "Alex Admin", ["admin"], "BADMIN01", "1111"),
    ("supervisor", "Sam Supervisor", ["supervisor"], "BSUPER01", "2222"),
    ("picker", "Pat Picker", ["picker"], "BPICK001", "3333"),
    ("packer", "Kim Packer", ["packer"], "BPACK001", "4444"),
]
