"""Expand a range of location codes such as ``A-01..A-10`` against the codes that exist."""

from __future__ import annotations

from collections.abc import Iterable

_Key = tuple[tuple[int, int, str], ...]


def natural_key(code: str) -> _Key:
    """Sort key that orders ``A-2`` before ``A-10``: numeric segments compare as numbers.

    Segments are split on ``-``; a numeric segment sorts before a text one at the same place.
    """
    key = []
    for segment in code.upper().split("-"):
        if segment.isascii() and segment.isdigit():
            key.append((0, int(segment), ""))
        else:
            key.append((1, 0, segment))
    return tuple(key)


def expand_range(spec: str, known_codes: Iterable[str]) -> list[str]:
    """The known codes that `spec` names, in natural order, each once.

    `spec` is a comma-separated list of items; an item is a code or a range ``FIRST..LAST``.
    Ends compare segment by segment (``-``) and numerically, and an end may be a leading part
    of codes: ``A-01..A-10`` names every code from the first starting with ``A-01`` to the last
    starting with ``A-10`` (``A-01-01-1`` ... ``A-10-20-4``); ``A-04-03-2`` alone names that
    code, ``A-04`` alone every code in aisle ``A-04``.

    Raises ValueError when an item is empty, a range runs backwards, or an item names no
    known code.
    """
    known = sorted(set(known_codes), key=natural_key)
    keys = [natural_key(c) for c in known]
    picked: set[str] = set()
    for raw_item in spec.split(","):
        item = raw_item.replace(" ", "")
        if not item:
            raise ValueError(f"empty item in {spec!r}")
        first, sep, last = item.partition("..")
        if not sep:
            last = first
        if not first or not last:
            raise ValueError(f"range {item!r} needs both ends")
        lo, hi = natural_key(first), natural_key(last)
        if hi[: len(lo)] < lo[: len(hi)]:
            raise ValueError(f"range {item!r} runs backwards")
        found = [
            code
            for code, key in zip(known, keys, strict=True)
            if key[: len(lo)] >= lo and key[: len(hi)] <= hi
        ]
        if not found:
            raise ValueError(f"{item!r} names no known location")
        picked.update(found)
    return [c for c in known if c in picked]
