"""Read GS1 element strings (GS1 General Specifications 3 and 7.8) on top of biip.

biip parses one element string at a time; this module walks the message itself so that it can
keep the sound element strings before an unknown AI, tell a cut string from a bad value, and
flag a variable-length field that seems to have swallowed further element strings because
the FNC1 separator was lost on the way (biip returns such a field as if it were sound).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from biip import ParseConfig, ParseError
from biip.gs1_application_identifiers import GS1ApplicationIdentifier
from biip.gs1_element_strings import GS1ElementString

from scanners.result import Problem

GS = "\x1d"
_CONFIG = ParseConfig(separator_chars=[GS])

#: Element strings of predefined length, by the first two digits of the AI, with the total
#: length (AI + data): GenSpec figure 7.8.5-2. Every other AI needs FNC1 unless it comes last.
PREDEFINED_LENGTH: dict[str, int] = {
    "00": 20, "01": 16, "02": 16, "03": 16, "04": 18,
    "11": 8, "12": 8, "13": 8, "14": 8, "15": 8, "16": 8, "17": 8, "18": 8, "19": 8,
    "20": 4, "31": 10, "32": 10, "33": 10, "34": 10, "35": 10, "36": 10, "41": 16,
}  # fmt: skip

# A swallowed tail shorter than this (e.g. "2025" read as AI 20) is too common in real lots
# to be worth a rescan.
_MIN_SWALLOWED = 8

_DATE_AIS = frozenset({"11", "12", "13", "15", "16", "17"})
_HRI = re.compile(r"\((\d{2,4})\)([^()]*)")


@dataclass
class Gs1Read:
    """Element strings that can be trusted, and what went wrong."""

    elements: list[GS1ElementString] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)


def _ai_label(text: str) -> str:
    digits = ""
    for ch in text[:4]:
        if not ch.isascii() or not ch.isdigit():
            break
        digits += ch
    return f"({digits[:2]})" if len(digits) >= 2 else repr(text[:4])


def _element_problem(es: GS1ElementString) -> Problem | None:
    label = f"({es.ai.ai})"
    if es.gtin_error:
        return Problem(
            "check_digit", f"The GTIN in {label} {es.value} does not verify: wrong check digit."
        )
    if es.sscc_error:
        return Problem(
            "check_digit", f"The SSCC in {label} {es.value} does not verify: wrong check digit."
        )
    if es.gln_error:
        return Problem(
            "check_digit", f"The GLN in {label} {es.value} does not verify: wrong check digit."
        )
    return None


def _bad_value(ai: GS1ApplicationIdentifier, data: str) -> Problem:
    """Tell a cut string, an impossible date and any other bad value apart."""
    label = f"({ai.ai})"
    total = PREDEFINED_LENGTH.get(ai.ai[:2])
    if total is not None and len(ai.ai) + len(data) < total:
        return Problem(
            "cut",
            f"The GS1 data ends inside {label}: {total - len(ai.ai)} characters expected, "
            f"{len(data)} found; scan again.",
        )
    if ai.ai in _DATE_AIS and len(data) >= 6 and data[:6].isascii() and data[:6].isdigit():
        return Problem(
            "invalid_date",
            f"{label} {data[:6]} is no date (YYMMDD: month {data[2:4]}, day {data[4:6]}); "
            "the label is wrong or misread.",
        )
    return Problem("invalid_value", f"{label} does not accept {data!r} (format {ai.format}).")


def _extract(rest: str) -> tuple[GS1ElementString | None, Problem | None, bool]:
    """Extract one element string; return (element, problem, ai_known)."""
    try:
        return GS1ElementString.extract(rest, config=_CONFIG), None, True
    except ParseError:
        pass
    try:
        ai = GS1ApplicationIdentifier.extract(rest)
    except ParseError:
        label = _ai_label(rest)
        return (
            None,
            Problem("unknown_ai", f"unknown AI {label}: the data from there on is not read."),
            False,
        )
    data = rest[len(ai.ai) :]
    end = data.find(GS)
    return None, _bad_value(ai, data if end < 0 else data[:end]), True


def _walks_clean(text: str) -> bool:
    """True when the whole of `text` reads as sound element strings."""
    pos = 0
    while pos < len(text):
        es, problem, _ = _extract(text[pos:])
        if es is None or problem or _element_problem(es):
            return False
        pos += len(es)
        while pos < len(text) and text[pos] == GS:
            pos += 1
    return True


def swallowed_tail(value: str) -> str | None:
    """The end of a variable-length `value` that reads as further element strings, or None.

    Only a tail that starts with a predefined-length AI, holds that element string whole and
    valid (date, check digit), and leaves nothing unreadable after it counts: a lot such as
    ``LT2510-A17280531`` gives ``17280531``, i.e. ``(17)280531`` lost its FNC1.
    """
    for start in range(1, len(value) - _MIN_SWALLOWED + 1):
        tail = value[start:]
        total = PREDEFINED_LENGTH.get(tail[:2])
        if total is None or len(tail) < total or len(tail) < _MIN_SWALLOWED:
            continue
        if _walks_clean(tail):
            return tail
    return None


def read_message(text: str) -> Gs1Read:
    """Read `text` (element strings, FNC1 as GS; no AIM identifier) as a GS1 message.

    An unknown AI after sound element strings keeps them, with a warning ``unknown_ai``;
    a known AI with a bad value is an error (``cut``, ``invalid_date``, ``invalid_value``,
    ``check_digit``) and nothing is trusted. A variable-length field that ends the data without
    a separator and whose end reads as further element strings is dropped, with a warning
    ``separator_lost`` (GenSpec 7.8.6: FNC1 must follow every variable-length field but the last).
    """
    read = Gs1Read()
    pos = 0
    # Whether the element just read was closed by a GS or by its own fixed length.
    closed = True
    while pos < len(text):
        es, problem, known = _extract(text[pos:])
        if es is None:
            assert problem is not None
            if known or not read.elements:
                read.errors.append(problem)
                read.elements.clear()
                return read
            if not closed:
                dropped = read.elements.pop()
                read.warnings.append(
                    Problem(
                        "suspect_field",
                        f"({dropped.ai.ai}) was cut short by unexpected data; it is not used.",
                    )
                )
            read.warnings.append(problem)
            if not read.elements:
                read.errors.append(
                    Problem("unreadable", "No sound GS1 data in the scan; scan again.")
                )
            return read
        element_problem = _element_problem(es)
        if element_problem:
            read.errors.append(element_problem)
            read.elements.clear()
            return read
        read.elements.append(es)
        pos += len(es)
        closed = not es.ai.separator_required or (pos < len(text) and text[pos] == GS)
        while pos < len(text) and text[pos] == GS:
            pos += 1
    if read.elements:
        last = read.elements[-1]
        if last.ai.separator_required:
            tail = swallowed_tail(last.value)
            if tail is not None:
                read.elements.pop()
                read.warnings.append(
                    Problem(
                        "separator_lost",
                        f"({last.ai.ai}) {last.value} ends in {tail}, which reads as "
                        f"{_hri_of(tail)}: the separator seems lost. Scan again or confirm.",
                    )
                )
    if not read.elements and not read.errors:
        read.errors.append(Problem("empty", "No GS1 element strings found."))
    return read


def check_duplicates(read: Gs1Read) -> None:
    """Refuse a message that repeats an AI with a different value (GenSpec 4.14.1)."""
    seen: dict[str, str] = {}
    for es in read.elements:
        if seen.setdefault(es.ai.ai, es.value) != es.value:
            read.errors.append(
                Problem(
                    "conflicting_ai",
                    f"({es.ai.ai}) appears twice with different values; the label is wrong.",
                )
            )
            read.elements.clear()
            return


def _hri_of(text: str) -> str:
    parts = []
    pos = 0
    while pos < len(text):
        es, _, _ = _extract(text[pos:])
        if es is None:
            break
        parts.append(es.as_hri())
        pos += len(es)
        while pos < len(text) and text[pos] == GS:
            pos += 1
    return "".join(parts)


def read_hri(text: str) -> Gs1Read:
    """Read the human-readable form ``(01)08712345670115(10)LT2510-A`` (GenSpec 4.15).

    Same outcomes as `read_message`; no separator can be lost in this form.
    """
    read = Gs1Read()
    pos = 0
    for match in _HRI.finditer(text):
        if match.start() != pos:
            break
        pos = match.end()
        ai_digits, data = match.group(1), match.group(2)
        try:
            es = GS1ElementString.parse(ai_digits + data, config=_CONFIG)
        except ParseError:
            es = None
        if es is None:
            _, problem, known = _extract(ai_digits + data)
            if known or not read.elements:
                read.errors.append(
                    problem or Problem("invalid_value", f"({ai_digits}) is malformed.")
                )
                read.elements.clear()
                return read
            read.warnings.append(problem or Problem("unknown_ai", f"unknown AI ({ai_digits})"))
            return read
        element_problem = _element_problem(es)
        if element_problem:
            read.errors.append(element_problem)
            read.elements.clear()
            return read
        read.elements.append(es)
    if pos != len(text):
        if not read.elements:
            read.errors.append(Problem("hri_format", "Expected (AI)data(AI)data...; scan again."))
        else:
            read.warnings.append(
                Problem("unreadable_tail", f"The text after {text[:pos]!r} is not read.")
            )
    return read
