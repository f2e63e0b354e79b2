"""Skip a stop for now: the bin is blocked or a pallet is in the way, and the picker comes back
to it after the other stops. The stop moves to the end of the walking order; its units, the
stock and the drawn route stay as they are."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from server.domain.orders.events import Context
from server.domain.picking.answers import Answer, accepted
from server.domain.picking.schemas import SkipIn
from server.domain.picking.shorts import _log, _open


async def skip_stop(session: AsyncSession, batch_id: int, stop_id: int, data: SkipIn, ctx: Context) -> Answer:
    st, stop, early = await _open(session, batch_id, stop_id, data.id, ctx)
    if early is not None:
        if st is not None:
            _log(session, st, data.id, "skip", early, ctx, None, "skip")
            await session.flush()
        return early
    last = max(s.row.seq for s in st.stops)
    if stop.row.seq != last:
        stop.row.seq = last + 1
    # Coming back later means walking back to the bin: it is scanned again then.
    stop.row.located = False
    st.stops.sort(key=lambda s: s.row.seq)
    await session.flush()
    answer = accepted(data.id or "", "skipped", f"{stop.code} comes last.", st.instruction(), st.progress())
    _log(session, st, data.id, "skip", answer, ctx, None, "skip")
    await session.flush()
    return answer
