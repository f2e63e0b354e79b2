"""The demo users: one per role, password ``demo``, each with a badge and a PIN."""

from __future__ import annotations

from scanners import make_code

DEMO_PASSWORD = "demo"

# (username, display name, roles, badge barcode, PIN); badges are Shipfloor codes with a check
# character (scanners.codes), printed as Code 128.
DEMO_USERS = [
    ("admin", "Alex Admin", ["admin"], make_code("badge", "ADMIN01"), "1111"),
    ("supervisor", "Sam Supervisor", ["supervisor"], make_code("badge", "SUPER01"), "2222"),
    ("picker", "Pat Picker", ["picker"], make_code("badge", "PICK01"), "3333"),
    ("packer", "Kim Packer", ["packer"], make_code("badge", "PACK01"), "4444"),
]
