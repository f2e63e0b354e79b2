"""Badge labels share the location labels' sheet: a name too wide for the label is shortened,
and every barcode still reads back as the badge it was made from."""

from __future__ import annotations

import scanners
from scanners import make_code
from scanners.labels import badge_sheet_pdf
from tests.users.conftest import pdf_page


def test_long_names_are_shortened_and_badges_decode():
    long_name = "Maximiliaan Alexander van Oldenbarnevelt-Wassenaer"
    badges = [(long_name, make_code("badge", "LONG01")), ("Jo", make_code("badge", "JO01"))]
    text, codes = pdf_page(badge_sheet_pdf(badges))
    assert codes == {make_code("badge", "LONG01"), make_code("badge", "JO01")}
    assert all(scanners.parse(code).kind == "badge" for code in codes)
    # 70 mm less 4 mm margins each side holds about 37 characters of 8 pt Helvetica Bold, so
    # the name (50 characters) cannot stand whole; what stands is its start and an ellipsis.
    assert long_name not in text
    first_line = text.splitlines()[0].strip()
    assert first_line.endswith("…") and long_name.startswith(first_line[:-1].rstrip())
    assert "Jo" in text
