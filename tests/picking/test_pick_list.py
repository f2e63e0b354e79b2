"""The printed pick list opens, shows the route's stops in order, and its barcodes decode."""

from __future__ import annotations


import pypdfium2 as pdfium
import zxingcpp

from scanners import make_code
from tests.picking.conftest import STOCK, tote


async def test_pick_list_pdf_has_batch_location_product_and_tote_barcodes(client, world, enter, supervisor, picker):
    o1 = await enter({"MUG": 1})
    o2 = await enter({"BOWL": 2})
    bid = (await client.post("/api/pick-batches", json={"order_ids": [o1["id"], o2["id"]]},
                             headers=supervisor)).json()["id"]
    started = await client.post(f"/api/pick-batches/{bid}/start", json={"totes": [tote("P1"), tote("P2")]},
                                headers=picker)
    assert started.status_code == 200, started.text
    stops = started.json()["stops"]
    response = await client.get(f"/api/pick-batches/{bid}/pick-list.pdf", headers=picker)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/pdf")
    pdf = pdfium.PdfDocument(response.content)
    page = pdf[0]
    text = page.get_textpage().get_text_range()
    image = page.render(scale=4).to_pil().convert("L")
    found = {r.text for r in zxingcpp.read_barcodes(image)}
    expected = {make_code("batch", str(bid))}
    expected |= {make_code("location", s["location"]) for s in stops}
    expected |= {STOCK[s["product"]["sku"]][1] for s in stops}
    expected |= {make_code("tote", "P1"), make_code("tote", "P2")}
    assert expected <= found, expected - found
    # Stops print in route order, the same order as the handheld's.
    positions = [text.index(f"{s['seq']}. {s['location']}") for s in stops]
    assert positions == sorted(positions)


async def test_route_svg_numbers_the_stops(client, world, enter, supervisor, picker):
    order = await enter({"MUG": 1, "PLATE": 1})
    bid = (await client.post("/api/pick-batches", json={"order_ids": [order["id"]]}, headers=supervisor)).json()["id"]
    response = await client.get(f"/api/pick-batches/{bid}/route.svg", headers=picker)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.text.startswith("<svg") and "2 stops" in response.text
