"""Answers to handheld scans: accepted (200, ``ScanOut``) or refused (a problem whose ``code``
is a reason of ``rules.REASONS``, with the instruction that still stands in ``next``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec

from server.domain.picking.rules import REASONS
from server.domain.picking.schemas import Instruction, Progress, ScanOut


@dataclass(slots=True)
class Answer:
    status: int
    body: dict[str, Any]

    @property
    def refused(self) -> bool:
        return self.status >= 400

    @property
    def reason(self) -> str | None:
        return self.body.get("code") if self.refused else None

    def stored(self) -> dict[str, Any]:
        return {"status": self.status, "body": self.body}

    @classmethod
    def from_stored(cls, stored: dict[str, Any]) -> Answer:
        body = {**stored["body"], "replayed": True}
        return cls(int(stored["status"]), body)


def accepted(
    scan_id: str, result: str, message: str, nxt: Instruction, progress: Progress, *,
    quantity: int | None = None, tote: int | None = None,
) -> Answer:
    out = ScanOut(id=scan_id, result=result, message=message, next=nxt, progress=progress,
                  quantity=quantity, tote=tote)
    return Answer(200, msgspec.to_builtins(out))


def refused(
    scan_id: str, code: str, detail: str, nxt: Instruction | None, progress: Progress | None,
    **extra: Any,
) -> Answer:
    status = REASONS[code]
    body: dict[str, Any] = {
        "type": f"https://shipfloor.dev/problems/{code}",
        "title": "Scan refused",
        "status": status,
        "detail": detail,
        "code": code,
        "id": scan_id,
        "next": msgspec.to_builtins(nxt) if nxt is not None else None,
        "progress": msgspec.to_builtins(progress) if progress is not None else None,
        "replayed": False,
    }
    body.update(extra)
    return Answer(status, body)
