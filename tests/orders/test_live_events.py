"""Order changes go out on the ``orders`` channel after the commit, and refused ones not at all."""


async def test_status_changes_are_published_after_commit(app, client, enter, act):
    published = []
    app.state.event_bus.publish = lambda channel, payload: published.append((channel, payload))
    order = await enter()
    assert [(c, p["type"]) for c, p in published] == [("orders", "order.created")]
    published.clear()
    await act(order["id"], "hold")
    assert published == [("orders", {"type": "order.held", "order_id": order["id"], "number": order["number"],
                                     "from": "draft", "to": "on_hold", "hold_reason": "manual"})]
    published.clear()
    await act(order["id"], "hold", expect=409)
    await act(order["id"], "cancel", expect=200)
    await act(order["id"], "cancel", expect=409)
    assert [p["type"] for _, p in published] == ["order.cancelled"]
