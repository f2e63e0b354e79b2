"""Location labels for a range: the PDF holds a barcode for exactly the bins of the range."""

from __future__ import annotations

import pypdfium2 as pdfium

from scanners import make_code
from tests.scanners.conftest import decode_image
from tests.warehouse.conftest import FIRST


async def decoded(client, headers, query: str) -> list[str]:
    response = await client.get(f"/api/locations/labels.pdf?{query}", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/pdf")
    pdf = pdfium.PdfDocument(response.content)
    assert len(pdf) == 1  # at most 24 labels: one page
    image = pdf[0].render(scale=4).to_pil()
    return sorted(text for _, text in decode_image(image))


def expected(*codes: str) -> list[str]:
    return sorted(make_code("location", code) for code in codes)


async def test_labels_for_a_range_of_codes(backend, client, admin, upload, login):
    await upload(FIRST)
    supervisor = await login("supervisor")
    # From A-01-01 to A-02-02: the two bins of aisle A01 and the two of A02, not A03's.
    assert await decoded(client, supervisor, "from=A-01-01&to=A-02-02") == expected(
        "A-01-01", "A-01-02", "A-02-01", "A-02-02"
    )
    # Ends may be leading parts of codes.
    assert await decoded(client, admin, "from=A-02&to=A-03") == expected(
        "A-02-01", "A-02-02", "A-03-01", "A-03-02"
    )
    assert await decoded(client, admin, "range=A-01-02,A-03-01") == expected("A-01-02", "A-03-01")
    # By layout aisle.
    assert await decoded(client, admin, "aisle=A03") == expected("A-03-01", "A-03-02")
    # One code alone.
    assert await decoded(client, admin, "from=A-02-01") == expected("A-02-01")


async def test_bad_ranges_are_problems(backend, client, admin, upload, login):
    await upload(FIRST)
    picker = await login("picker")
    assert (await client.get("/api/locations/labels.pdf?from=A-01&to=A-02", headers=picker)).status_code == 403
    cases = {
        "": "missing_range",
        "from=A-03&to=A-01": "invalid_range",
        "from=B-01&to=B-09": "invalid_range",
        "aisle=A09": "invalid_range",
    }
    for query, code in cases.items():
        response = await client.get(f"/api/locations/labels.pdf?{query}", headers=admin)
        assert response.status_code == 422, (query, response.text)
        assert response.json()["code"] == code, query
