"""The typed result of reading one scan, and the device profile that shapes the reading."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal

import msgspec

Kind = Literal["gtin", "gs1", "sscc", "location", "tote", "order", "batch", "badge", "unknown"]
Source = Literal["wedge", "camera", "manual"]

#: Kinds that are Shipfloor's own codes (see `scanners.codes`).
INTERNAL_KINDS: tuple[str, ...] = ("location", "tote", "order", "batch", "badge")


class Problem(msgspec.Struct, frozen=True):
    """One warning or error, in words a handheld can show.

    `code` is stable (e.g. ``"check_digit"``, ``"separator_lost"``, ``"unknown_ai"``);
    `message` is an English sentence. Item access (``problem["code"]``) works as well as
    attribute access so that callers may treat it as the ``{code, message}`` mapping it encodes to.
    """

    code: str
    message: str

    def __getitem__(self, key: str) -> str:
        if key == "code":
            return self.code
        if key == "message":
            return self.message
        raise KeyError(key)


class Element(msgspec.Struct, frozen=True):
    """One GS1 element string: application identifier and its data (GS1 GenSpec 3.2)."""

    ai: str
    value: str


class Scan(msgspec.Struct, frozen=True, kw_only=True):
    """What one scan says, from `scanners.parse`.

    A scan with `errors` must not be trusted: its `kind` is ``"unknown"`` and every field is
    None; `kind_hint` then tells what it looked like (e.g. ``"gtin"`` for a wrong check digit).
    A scan with `warnings` parsed, but asks for a rescan or a confirmation; a field that is
    suspect is left None, never returned as if it were sound.

    Fields:
        raw: the text as received; lone surrogates replaced by U+FFFD so that it always
            encodes to JSON. `raw_escaped` is the exact input with control characters,
            surrogates and other non-printables written as ``\\xNN``/``\\uNNNN`` (for logs).
        normalized: text after the pipeline of `scanners.normalize` (suffix removed, AIM
            identifier removed, FNC1 stand-ins mapped to GS, keyboard layout undone); GS stays GS.
        symbology_identifier: the AIM/ISO/IEC 15424 identifier (``"]C1"``, ``"]E0"``...) or None.
        gtin14: GTIN of the scanned item as 14 digits (GS1 GenSpec 3.3.2, AI 01), or None.
        contained_gtin14: GTIN of the trade items inside a logistic unit (AI 02), or None.
        sscc: 18-digit Serial Shipping Container Code (AI 00, GenSpec 3.3.1), or None.
        lot (AI 10), serial (AI 21): str or None.
        expiry (AI 17), best_before (AI 15): `datetime.date`; day ``00`` means the last day of
            the month (GenSpec 3.4.5 and 7.12).
        count: units of trade items in a logistic unit (AI 37), int or None.
        weight_kg: net weight in kilograms (AI 310n; AI 320n pounds converted), Decimal or None.
        code: the body of a Shipfloor code (``"A-04-03-2"`` for a location), or None.
        elements: every GS1 element string read (trusted ones only).
    """

    raw: str
    raw_escaped: str
    normalized: str
    source: str = "wedge"
    symbology_identifier: str | None = None
    kind: Kind = "unknown"
    kind_hint: str | None = None
    gtin14: str | None = None
    contained_gtin14: str | None = None
    sscc: str | None = None
    lot: str | None = None
    serial: str | None = None
    expiry: dt.date | None = None
    best_before: dt.date | None = None
    count: int | None = None
    weight_kg: Decimal | None = None
    code: str | None = None
    elements: list[Element] = msgspec.field(default_factory=list)
    warnings: list[Problem] = msgspec.field(default_factory=list)
    errors: list[Problem] = msgspec.field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the scan carries no errors (warnings may still ask for a confirmation)."""
        return not self.errors


class DeviceProfile(msgspec.Struct, frozen=True, kw_only=True):
    """A scanner's habits.

    keyboard: the host keyboard layout the scanner's keystrokes are garbled by (``"qwerty"``,
        ``"azerty"``); only ``"azerty"`` changes anything.
    separator: the printable character the device sends in place of FNC1/GS (e.g. ``"|"``).
    suffix: the characters the device appends after each scan (e.g. ``"\\r"``); CR, LF and TAB
        at the end are always removed.
    """

    keyboard: str = "qwerty"
    separator: str | None = None
    suffix: str | None = None

    @classmethod
    def coerce(cls, profile: DeviceProfile | Mapping[str, Any] | None) -> DeviceProfile:
        """Accept a DeviceProfile, a plain mapping with the keys above, or None (defaults).

        Unknown keys are ignored; values of the wrong type are ignored rather than raised on,
        because a profile comes from device configuration that a scan must not crash on.
        """
        if isinstance(profile, DeviceProfile):
            return profile
        if not isinstance(profile, Mapping):
            return cls()
        keyboard = profile.get("keyboard")
        separator = profile.get("separator")
        suffix = profile.get("suffix")
        return cls(
            keyboard=keyboard.lower() if isinstance(keyboard, str) else "qwerty",
            separator=separator if isinstance(separator, str) and len(separator) == 1 else None,
            suffix=suffix if isinstance(suffix, str) and suffix else None,
        )
