"""Route and cart solving in a worker process of its own.

The solvers (``routing.route``, ``routing.batch``) are pure Python CPU work of tens of
milliseconds. Run in a thread they hold the GIL that the event loop needs, so every request of
that server process (a picker's scan included) waits behind them; in a process of their own
they leave the loop free. Each server process gets one solver process, started (``spawn``) on
first use at a lower priority (nice 10): solves queue there and yield the cores to requests.
It lives as long as its server process and exits within a second of it, however that ends. When
the process cannot be used (it died, or the platform forbids it) the solve runs in a thread.

Layouts travel as ``LayoutRef`` (a cache key and the layout document); a solver process
parses each layout once and keeps it.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, TypeVar

import routing
from routing.layout import Layout

logger = logging.getLogger("shipfloor.solver")
T = TypeVar("T")

NICENESS = 10
_POOL: ProcessPoolExecutor | None = None
_PARSED: dict[tuple[Any, ...], Layout] = {}


@dataclass(frozen=True, slots=True)
class LayoutRef:
    """A layout by its cache key (database, layout id, creation time) and document (the
    layout file as JSON, DESIGN.md "Warehouse layout")."""

    key: tuple[Any, ...]
    document: dict[str, Any]

    def layout(self) -> Layout:
        """The parsed layout, parsed once per process. Raises ``routing.LayoutError``."""
        found = _PARSED.get(self.key)
        if found is None:
            if len(_PARSED) > 8:
                _PARSED.clear()
            found = _PARSED[self.key] = routing.parse_layout(self.document)
        return found


def _start_solver(parent: int) -> None:
    # A picker waits for one solve at the start of a batch but for every scan after it: when
    # the cores are busy, the scheduler should favour the server processes.
    os.nice(NICENESS)
    threading.Thread(target=_exit_with, args=(parent,), daemon=True, name="exit-with-server").start()


def _exit_with(parent: int) -> None:
    # A worker blocked on its task queue never notices a server process that died without
    # shutting the pool down (killed, crashed): it would live on as an orphan.
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def _pool() -> ProcessPoolExecutor:
    global _POOL
    if _POOL is None:
        _POOL = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                    initializer=_start_solver, initargs=(os.getpid(),))
    return _POOL


def _ready() -> None:
    import server.domain.picking.routes  # noqa: F401 - what the solves unpickle


def warm() -> None:
    """Start the solver process now and let it import what solves need, without waiting for
    it: the first picker asking for a cart then does not wait for a process to start."""
    try:
        _pool().submit(_ready)
    except (RuntimeError, OSError) as exc:
        logger.warning("solver process unavailable, solving in a thread", extra={"error": repr(exc)})


async def solve(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` in the solver process (``fn`` a module-level function, arguments and result
    picklable); in a thread when the process is not available. Raises what ``fn`` raises."""
    global _POOL
    loop = asyncio.get_running_loop()
    try:
        future = loop.run_in_executor(_pool(), fn, *args)
    except (RuntimeError, OSError) as exc:
        # The pool was shut down (interpreter exit) or no process can be started here.
        logger.warning("solver process unavailable, solving in a thread", extra={"error": repr(exc)})
        return await asyncio.to_thread(fn, *args)
    try:
        return await future
    except BrokenProcessPool as exc:
        logger.warning("solver process died, solving in a thread", extra={"error": repr(exc)})
        _POOL = None
        return await asyncio.to_thread(fn, *args)
