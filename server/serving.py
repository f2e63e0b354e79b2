"""The app as ``shipfloor serve`` runs it: ``create_app`` plus what only a long-running server
process wants.

Everything built at start-up (modules, the app, the mappers) lives as long as the process.
Frozen out of the cycle collector's sight (``gc.freeze``), a full collection walks only what
requests made since: its pause, during which every request of the process waits, drops from up
to 250 ms to a few milliseconds (``bench/scans.py``). Tests build many apps in one process and
keep ``create_app``.
"""

from __future__ import annotations

import gc

from litestar import Litestar

from server.app import create_app


def _freeze_start_up_heap() -> None:
    gc.collect()
    gc.freeze()


def create_served_app() -> Litestar:
    """``create_app()`` (settings from the environment) that freezes its start-up heap once
    started."""
    app = create_app()
    app.on_startup.append(_freeze_start_up_heap)
    return app
