"""What the handheld is told to scan: the texts of the bin and tote labels beside their names
(in a batch's stops, its totes and every instruction), the instruction a batch carries
(``next``) from the start, and a bare bin or tote name refused with the label to scan
instead, changing nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from server.db.models import PickConfirmation, PickScan
from tests.picking.conftest import STOCK, loc, stock, tote

# The bin of PLATE (conftest.STOCK) and its label, the check character worked out by hand:
# ISO/IEC 7064 MOD 37,36 over L O C A 0 3 0 1 B (values 21 24 12 10 0 3 0 1 11; hyphens do
# not count). p starts at 36; for each value v: p = (p + v) mod 36 (0 read as 36), then
# p = 2p mod 37. p runs 5, 21, 29, 6, 12, 30, 23, 11, 7; the check is (37 - 7) mod 36 = 30: U.
PLATE_BIN = "A-03-01-B"
PLATE_LABEL = "LOC-A-03-01-B-U"
# A tote label asserted in tests/scanners/test_scanners_labels.py (the ZPL tote label of T017).
TOTE_BODY = "T017"
TOTE_LABEL = "TOT-T017-1"


async def _batch(client, supervisor, order_ids: list[int]) -> dict:
    made = await client.post("/api/pick-batches", json={"order_ids": order_ids}, headers=supervisor)
    assert made.status_code == 201, made.text
    return made.json()


async def _scan_log(db, reason: str) -> list[tuple[str, str]]:
    async with db() as session:
        rows = await session.execute(select(PickScan.outcome, PickScan.raw_escaped).where(PickScan.reason == reason)
                                     .order_by(PickScan.id))
        return [tuple(r) for r in rows]


async def test_stops_totes_and_instructions_carry_the_label_texts(client, world, enter, supervisor, picker, scan):
    order = await enter({"PLATE": 1})
    created = await _batch(client, supervisor, [order["id"]])
    [stop] = created["stops"]
    assert (stop["location"], stop["location_barcode"]) == (PLATE_BIN, PLATE_LABEL)
    assert stop["tasks"][0]["tote_barcode"] is None  # no tote before the start
    assert created["totes"][0]["barcode"] is None
    assert created["status"] == "created" and created["next"] is None

    started = await client.post(f"/api/pick-batches/{created['id']}/start", json={"totes": [TOTE_LABEL]},
                                headers=picker)
    assert started.status_code == 200, started.text
    batch = started.json()
    [stop] = batch["stops"]
    assert (batch["totes"][0]["code"], batch["totes"][0]["barcode"]) == (TOTE_BODY, TOTE_LABEL)
    assert (stop["tasks"][0]["tote_code"], stop["tasks"][0]["tote_barcode"]) == (TOTE_BODY, TOTE_LABEL)
    assert stop["location_barcode"] == PLATE_LABEL
    first = {
        "action": "scan_location", "stop_id": stop["id"], "seq": 1, "location": PLATE_BIN,
        "location_barcode": PLATE_LABEL, "location_words": stop["location_words"], "product": stop["product"],
        "quantity": 1, "tote": 1, "tote_code": TOTE_BODY, "tote_barcode": TOTE_LABEL,
        "order_number": order["number"],
    }
    assert batch["next"] == first
    view = (await client.get(f"/api/pick-batches/{batch['id']}", headers=picker)).json()
    assert view["next"] == first
    assert view["stops"][0]["location_barcode"] == PLATE_LABEL

    # The label's text, typed as the handheld shows it, confirms the bin.
    response = await client.post(f"/api/pick-batches/{batch['id']}/scans",
                                 json={"id": "typed-label-1", "code": PLATE_LABEL.lower(), "source": "manual"},
                                 headers=picker)
    assert response.status_code == 200, response.text
    located = response.json()
    assert located["result"] == "located"
    assert located["next"] == {**first, "action": "scan_product"}
    # GET follows the batch: its ``next`` is the scan answer's.
    view = (await client.get(f"/api/pick-batches/{batch['id']}", headers=picker)).json()
    assert view["next"] == located["next"]

    done = await scan(batch["id"], STOCK["PLATE"][1])
    assert (done["result"], done["next"]) == ("order_picked", {"action": "batch_done"})
    view = (await client.get(f"/api/pick-batches/{batch['id']}", headers=picker)).json()
    assert (view["status"], view["next"]) == ("closed", {"action": "batch_done"})
    # The labels stay on the closed batch's stops (the pick list prints them too).
    assert view["stops"][0]["location_barcode"] == PLATE_LABEL


async def test_next_carries_the_instruction_once_the_batch_is_picked(client, world, enter, picker):
    await enter({"CUP": 2})
    offered = await client.post("/api/pick-batches/next", headers=picker)
    assert offered.status_code == 200, offered.text
    batch = offered.json()
    assert (batch["status"], batch["next"]) == ("created", None)
    started = (await client.post(f"/api/pick-batches/{batch['id']}/start", headers=picker)).json()
    [stop] = started["stops"]
    code = started["totes"][0]["code"]
    assert started["next"]["action"] == "scan_location"
    assert (started["next"]["stop_id"], started["next"]["location"]) == (stop["id"], "A-02-05-B")
    assert started["next"]["location_barcode"] == loc("A-02-05-B")
    assert (started["next"]["quantity"], started["next"]["tote_code"]) == (2, code)
    assert started["next"]["tote_barcode"] == tote(code)
    # Asking again answers the batch in progress, with the same instruction.
    again = (await client.post("/api/pick-batches/next", headers=picker)).json()
    assert (again["id"], again["next"]) == (batch["id"], started["next"])


async def test_a_bare_bin_or_tote_name_is_refused_with_the_label_to_scan(client, db, world, enter, supervisor,
                                                                         picker, scan):
    order = await enter({"PLATE": 1, "CUP": 2})
    created = await _batch(client, supervisor, [order["id"]])
    started = (await client.post(f"/api/pick-batches/{created['id']}/start", json={"totes": [tote("T1")]},
                                 headers=picker)).json()
    bid = started["id"]
    first = started["next"]
    here = first["location"]
    there = next(s["location"] for s in started["stops"] if s["location"] != here)
    levels = [world.levels[("PLATE", PLATE_BIN)], world.levels[("CUP", "A-02-05-B")]]
    stock_before = [await stock(db, level) for level in levels]
    assert stock_before == [(3, 1), (20, 2)]

    cases = [
        # This stop's bin, by name, as typed (any case): its label is named.
        (here.lower(), "bare_location", f"{here} is the bin's name; scan its label {loc(here)}."),
        (here, "bare_location", f"{here} is the bin's name; scan its label {loc(here)}."),
        # Another stop's bin: the label of this stop's bin.
        (there, "bare_location", f"{there} is a bin's name, and this stop is at {here}: scan its label {loc(here)}."),
        # A bin of no stop of this batch (found among the layout's locations).
        ("a-01-01-a", "bare_location",
         f"A-01-01-A is a bin's name, and this stop is at {here}: scan its label {loc(here)}."),
        # The cart's tote by name.
        ("t1", "bare_tote", f"T1 is the tote's name; scan its label {tote('T1')}."),
    ]
    for code, reason, detail in cases:
        body = await scan(bid, code, expect=422)
        assert (body["code"], body["detail"]) == (reason, detail), code
        assert body["next"] == first
        assert body["progress"] == {"stops_done": 0, "stops_total": 2, "units_picked": 0, "units_total": 3,
                                    "status": "picking"}
    # Text that names no bin, tote or product keeps its words.
    unknown = await scan(bid, "A-01-01", expect=422)
    assert (unknown["code"], unknown["detail"]) == ("unknown_code", "No product has this barcode.")

    # Nothing changed: the bin is still to be confirmed, stock, stops and picks as they were.
    assert [await stock(db, level) for level in levels] == stock_before
    view = (await client.get(f"/api/pick-batches/{bid}", headers=picker)).json()
    assert view["next"] == first
    assert [(s["id"], s["state"], s["picked"]) for s in view["stops"]] == [
        (s["id"], "open", 0) for s in started["stops"]]
    assert (view["units_picked"], view["stops_done"]) == (0, 0)
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(PickConfirmation)) == 0
    # Each refusal is in the scan log, as refused.
    assert await _scan_log(db, "bare_location") == [("refused", c) for c, r, _ in cases if r == "bare_location"]
    assert await _scan_log(db, "bare_tote") == [("refused", "t1")]

    # The named label confirms the bin; a product step refuses the bin's name alike.
    located = await scan(bid, loc(here))
    assert located["result"] == "located"
    named = await scan(bid, here, expect=422)
    assert (named["code"], named["next"]) == ("bare_location", located["next"])


async def test_a_bare_tote_name_while_the_tote_scan_waits(monkeypatch, client, db, world, enter, supervisor,
                                                          picker, scan):
    monkeypatch.setenv("SHIPFLOOR_PICK_TOTE_SCAN", "1")
    o1, o2 = await enter({"BOWL": 1}), await enter({"BOWL": 1})
    created = await _batch(client, supervisor, [o1["id"], o2["id"]])
    bid = created["id"]
    await client.post(f"/api/pick-batches/{bid}/start", json={"totes": [tote("D1"), tote("D2")]}, headers=picker)
    await scan(bid, loc("A-02-03-A"))
    picked = await scan(bid, STOCK["BOWL"][1])
    waiting = picked["next"]
    assert (waiting["action"], waiting["tote"], waiting["tote_code"]) == ("scan_tote", 1, "D1")
    assert waiting["tote_barcode"] == tote("D1")
    level = world.levels[("BOWL", "A-02-03-A")]
    assert await stock(db, level) == (7, 1)

    same = await scan(bid, "d1", expect=422)
    assert (same["code"], same["detail"]) == ("bare_tote", f"D1 is the tote's name; scan its label {tote('D1')}.")
    other = await scan(bid, "D2", expect=422)
    assert (other["code"], other["detail"]) == (
        "bare_tote", f"D2 is a tote's name, and the last pick went into tote 1: scan its label {tote('D1')}.")
    for body in (same, other):
        assert body["next"] == waiting
        assert body["progress"] == picked["progress"]
    # Any other text still asks for the tote.
    assert (await scan(bid, "A-02-03-A", expect=409))["code"] == "scan_tote_first"
    assert await stock(db, level) == (7, 1)
    view = (await client.get(f"/api/pick-batches/{bid}", headers=picker)).json()
    assert view["next"] == waiting

    confirmed = await scan(bid, tote("D1"))
    assert (confirmed["result"], confirmed["next"]["tote_barcode"]) == ("tote_confirmed", tote("D2"))
