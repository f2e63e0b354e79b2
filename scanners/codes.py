"""Shipfloor's own codes: locations, totes, orders, pick batches and badges.

A code is ``PREFIX-BODY-C``: a letter prefix naming the kind, the body (``A-04-03-2``,
``1042-BO1``...) and one check character. The prefix starts with a letter, so the code can
never be read as a GTIN, SSCC or GS1 element string (those start with digits); the check
character catches a mistyped or misread code.

The check character is ISO/IEC 7064 MOD 37,36 (hybrid system, alphabet ``0-9A-Z``) over
the prefix and the body's letters and digits; hyphens are layout and do not count. It
detects every single substitution and every transposition of adjacent characters.
Letters are read case-insensitively (a wedge with Caps Lock on inverts case).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scanners.result import Problem

PREFIXES: dict[str, str] = {
    "location": "LOC",
    "tote": "TOT",
    "order": "ORD",
    "batch": "BAT",
    "badge": "BDG",
}
KINDS: dict[str, str] = {prefix: kind for kind, prefix in PREFIXES.items()}

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_VALUE = {ch: i for i, ch in enumerate(_ALPHABET)}
_BODY = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)*")
_CODE = re.compile(r"(?P<prefix>[A-Z]{3})-(?P<body>.+)-(?P<check>.)")
MAX_BODY = 40


def check_character(text: str) -> str:
    """ISO/IEC 7064 MOD 37,36 check character of `text` (letters and digits; ``-`` skipped).

    Raises ValueError on any other character.
    """
    m = 36
    p = m
    for ch in text.upper():
        if ch == "-":
            continue
        if ch not in _VALUE:
            raise ValueError(f"character {ch!r} is not allowed in a Shipfloor code")
        p = (p + _VALUE[ch]) % m or m
        p = (p * 2) % (m + 1)
    return _ALPHABET[(m + 1 - p) % m]


def make_code(kind: str, body: str) -> str:
    """Return the barcode text for a Shipfloor code, e.g. ``make_code("location", "A-04-03-2")``.

    `kind` is one of ``location``, ``tote``, ``order``, ``batch``, ``badge``. `body` holds
    letters, digits and single inner hyphens, at most 40 characters; lower case is upper-cased.
    Raises ValueError on an unknown kind or a body outside those rules.
    """
    if kind not in PREFIXES:
        raise ValueError(f"unknown code kind {kind!r}; expected one of {sorted(PREFIXES)}")
    body = body.upper()
    if len(body) > MAX_BODY or not _BODY.fullmatch(body):
        raise ValueError(
            f"code body {body!r} must be 1-{MAX_BODY} letters, digits and single inner hyphens"
        )
    prefix = PREFIXES[kind]
    return f"{prefix}-{body}-{check_character(prefix + body)}"


def label_code(kind: str, body: str) -> str | None:
    """``make_code(kind, body)``, or None for a body no code can carry (a bin or tote name
    with other characters): such a name is printed and shown as text only."""
    try:
        return make_code(kind, body)
    except ValueError:
        return None


@dataclass(frozen=True)
class CodeRead:
    """A text read as a Shipfloor code: its kind, body, and an error when it does not verify."""

    kind: str
    body: str
    error: Problem | None = None


def read_code(text: str) -> CodeRead | None:
    """Read `text` as a Shipfloor code; None when it does not start with a known prefix.

    A known prefix with a wrong check character or a malformed body gives a `CodeRead`
    whose `error` has code ``check_character`` or ``code_format``.
    """
    upper = text.upper()
    head = upper[:4]
    if len(head) < 4 or head[3] != "-" or head[:3] not in KINDS:
        return None
    kind = KINDS[head[:3]]
    match = _CODE.fullmatch(upper)
    if not match or len(match["body"]) > MAX_BODY or not _BODY.fullmatch(match["body"]):
        return CodeRead(
            kind,
            "",
            Problem("code_format", f"This looks like {'an' if kind[0] in 'aeiou' else 'a'} {kind} code "
                    "but is malformed; scan again."),
        )
    body = match["body"]
    if match["check"] != check_character(match["prefix"] + body):
        return CodeRead(
            kind,
            body,
            Problem(
                "check_character",
                f"The {kind} code {body} does not verify (wrong check character); "
                "scan again or type it.",
            ),
        )
    return CodeRead(kind, body)


def verify_code(text: str, kind: str | None = None) -> bool:
    """True when `text` is a well-formed Shipfloor code (of `kind`, when given) that verifies."""
    read = read_code(text)
    return read is not None and read.error is None and (kind is None or read.kind == kind)
