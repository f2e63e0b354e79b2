"""Turn the raw text a scanner delivered into the text the parsers read.

The pipeline, in order (each step a pure function of the text and the device profile):

1. refuse text Python cannot encode (lone surrogates) and text longer than `MAX_LENGTH`;
2. remove the profile's suffix, then any CR, LF and TAB at the end, and nothing else (typed
   text, source ``"manual"``, also loses spaces at its ends, and inside digits and HRI);
3. pull off a leading AIM symbology identifier (ISO/IEC 15424: ``]`` + symbology + modifier),
   dropping a GS before or after it (some decoders send the start FNC1 as data);
4. undo an AZERTY layout, only when the profile says the device types AZERTY;
5. map the profile's printable FNC1 stand-in to GS (0x1D);
6. refuse any control character left other than GS.

No step calls bare ``str.strip()``/``str.split()``: Python treats GS (0x1D) as whitespace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scanners.keyboard import looks_azerty, undo_azerty
from scanners.result import DeviceProfile, Problem

GS = "\x1d"

#: Longest text read. GS1 DataMatrix holds at most 3116 digits (ISO/IEC 16022), QR 7089; a
#: warehouse scan longer than this is a stuck key or pasted junk, not a barcode.
MAX_LENGTH = 4096

_SUFFIX_CHARS = "\r\n\t"
_AIM = re.compile(r"\][A-Za-z][0-9A-Za-z]")


@dataclass
class Normalized:
    """Result of `normalize`: `text` for the parsers, the AIM identifier, and errors found."""

    text: str
    symbology_identifier: str | None = None
    leading_gs: bool = False
    layout_repaired: bool = False
    errors: list[Problem] = field(default_factory=list)


def escape(raw: str) -> str:
    """Return `raw` with every non-printable code point written as an escape, for logs.

    ``"\\x1d"`` becomes the six characters ``\\x1d``; a lone surrogate becomes ``\\ud800``;
    a backslash becomes ``\\\\`` so that the escaped form is unambiguous.
    """
    out: list[str] = []
    for ch in raw:
        cp = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif 0xD800 <= cp <= 0xDFFF:
            out.append(f"\\u{cp:04x}")
        elif ch.isprintable():
            out.append(ch)
        elif cp <= 0xFF:
            out.append(f"\\x{cp:02x}")
        elif cp <= 0xFFFF:
            out.append(f"\\u{cp:04x}")
        else:
            out.append(f"\\U{cp:08x}")
    return "".join(out)


def has_surrogate(text: str) -> bool:
    """True when `text` holds a lone UTF-16 surrogate (it cannot be encoded as UTF-8)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def safe_text(text: str) -> str:
    """`text` with lone surrogates replaced by U+FFFD, so that it always encodes to JSON."""
    if not has_surrogate(text):
        return text
    return "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)


def _drop_suffix(text: str, profile: DeviceProfile) -> str:
    if profile.suffix and text.endswith(profile.suffix):
        text = text[: -len(profile.suffix)]
    end = len(text)
    while end and text[end - 1] in _SUFFIX_CHARS:
        end -= 1
    return text[:end]


def _drop_leading_gs(text: str) -> tuple[str, bool]:
    start = 0
    while start < len(text) and text[start] == GS:
        start += 1
    return text[start:], start > 0


def normalize(
    raw: str, *, source: str = "wedge", profile: DeviceProfile | None = None
) -> Normalized:
    """Run the pipeline above on `raw`; never raises for any `str`.

    Errors (codes): ``invalid_text`` (lone surrogate), ``too_long``, ``empty``,
    ``control_only``, ``control_character``. With errors, `text` is what was read so far.
    """
    profile = profile or DeviceProfile()
    if has_surrogate(raw):
        return Normalized(
            safe_text(raw),
            errors=[
                Problem(
                    "invalid_text", "The scan holds invalid text (a lone surrogate); scan again."
                )
            ],
        )
    if len(raw) > MAX_LENGTH:
        return Normalized(
            raw[:64],
            errors=[
                Problem(
                    "too_long",
                    f"The scan is {len(raw)} characters long, more than the {MAX_LENGTH} a "
                    "barcode holds; check that no key is stuck and scan again.",
                )
            ],
        )
    text = _drop_suffix(raw, profile)
    if source == "manual":
        text = text.lstrip(" ").rstrip(" ")
        spaceless = text.replace(" ", "")
        # People type GTINs in groups as printed ("5 901234 123457") and HRI with spaces;
        # GS1 data never holds a space (GenSpec 7.11, CSET 82), so dropping them is safe there.
        if spaceless.isascii() and (spaceless.isdigit() or spaceless.startswith("(")):
            text = spaceless
    if not text:
        return Normalized("", errors=[Problem("empty", "Nothing was scanned.")])
    if all(not ch.isprintable() for ch in text):
        return Normalized(
            text,
            errors=[Problem("control_only", "The scan holds only control characters; scan again.")],
        )

    text, gs_before = _drop_leading_gs(text)
    aim = None
    match = _AIM.match(text)
    if match:
        aim = match.group()
        text = text[match.end() :]
    text, gs_after = _drop_leading_gs(text)
    result = Normalized(text, symbology_identifier=aim, leading_gs=gs_before or gs_after)

    if profile.keyboard == "azerty" and looks_azerty(text):
        result.text = text = undo_azerty(text)
        result.layout_repaired = True
    if profile.separator and profile.separator != GS:
        result.text = text = text.replace(profile.separator, GS)

    for pos, ch in enumerate(text):
        if ch != GS and not ch.isprintable():
            result.errors.append(
                Problem(
                    "control_character",
                    f"Unexpected control character {escape(ch)} at position {pos + 1}; "
                    "check the scanner's prefix and suffix settings.",
                )
            )
            break
    if not text and not result.errors:
        result.errors.append(Problem("empty", "The scan holds no data after its identifier."))
    return result
