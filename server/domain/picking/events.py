"""Batch progress on the live ``batches`` channel (published after commit)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import PickBatch
from server.db.session import queue_event


def progress(session: AsyncSession, batch: PickBatch, kind: str, **extra: Any) -> None:
    """Queue ``{"type": kind, "batch_id", "status", ...extra}`` on ``batches``."""
    queue_event(session, "batches", {"type": kind, "batch_id": batch.id, "status": batch.status, **extra})
