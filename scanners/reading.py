"""`parse`: the one entry point from raw scanner text to a typed `Scan`."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from biip import ParseError
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_element_strings import GS1ElementString

from scanners import codes, gs1, gtin
from scanners.keyboard import looks_azerty, undo_azerty
from scanners.normalize import GS, Normalized, escape, normalize, safe_text
from scanners.result import DeviceProfile, Element, Problem, Scan

# AIM symbology identifiers (ISO/IEC 15424; GS1 GenSpec 5.1.2 figure 5.1.2-1).
GTIN_AIMS = frozenset({"]E0", "]E3", "]E4", "]I1"})
GS1_AIMS = frozenset({"]C1", "]e0", "]e1", "]e2", "]d2", "]Q3", "]J1"})

_POUND_KG = Decimal("0.45359237")


def parse(
    raw: str,
    *,
    source: str = "wedge",
    profile: DeviceProfile | Mapping[str, Any] | None = None,
) -> Scan:
    """Read one scan. Never raises, whatever the input.

    Args:
        raw: the text exactly as the scanner delivered it (GS as 0x1D, suffix included);
            UTF-8 `bytes` are accepted too.
        source: ``"wedge"`` (keyboard wedge), ``"camera"`` or ``"manual"`` (typed; spaces at
            both ends are dropped). Other values are read as ``"wedge"``.
        profile: a `DeviceProfile` or a mapping with the keys ``keyboard``, ``separator`` and
            ``suffix`` (see `DeviceProfile`); None means no habits are known.

    Returns:
        A `Scan`. Kinds: ``gtin`` (EAN/UPC/ITF-14, GenSpec 3.3.2), ``gs1`` (element strings in
        GS1-128, DataMatrix, QR, DataBar or a Digital Link URI), ``sscc`` (bare 18 digits or AI
        00), Shipfloor codes (``location``, ``tote``, ``order``, ``batch``, ``badge``; see
        `scanners.codes`), or ``unknown`` (any other text, e.g. a merchant's own product code,
        or any scan with errors).

    Without an AIM identifier (and without GS or parentheses), text is read as GS1 element
    strings only when that reading is believable: it holds AI 00, 01 or 02, or two or more
    element strings none of which is company-internal (AI 90-99). Bare digits of a GTIN
    length with a valid check digit are a GTIN; when they also read believably as element
    strings, the scan carries the warning ``ambiguous``. Bare 18 digits with a valid check
    digit are an SSCC.

    Errors (``errors[i].code``): ``empty``, ``control_only``, ``control_character``,
    ``too_long``, ``invalid_text``, ``not_text``, ``gtin_length``, ``check_digit``,
    ``check_character``, ``code_format``, ``cut``, ``invalid_date``, ``invalid_value``,
    ``unknown_ai`` (when nothing before it was sound), ``unreadable``, ``conflicting_ai``,
    ``hri_format``, ``digital_link``, ``keyboard_layout``, ``internal``. Warnings:
    ``ambiguous``, ``separator_lost``, ``unknown_ai``, ``suspect_field``, ``unreadable_tail``.
    """
    try:
        return _parse(raw, source, profile)
    except Exception as exc:  # noqa: BLE001
        # The last line of defence: a handheld must get an answer, not a 500, whatever a
        # library underneath does with strange input.
        text = raw if isinstance(raw, str) else repr(raw)
        return Scan(
            raw=safe_text(text),
            raw_escaped=escape(text),
            normalized="",
            source=source if isinstance(source, str) else "wedge",
            errors=[
                Problem(
                    "internal", f"The scan could not be read ({type(exc).__name__}); scan again."
                )
            ],
        )


def _parse(raw: Any, source: Any, profile: Any) -> Scan:
    if isinstance(raw, bytes | bytearray):
        try:
            raw = bytes(raw).decode("utf-8")
        except UnicodeDecodeError:
            raw = bytes(raw).decode("utf-8", errors="surrogateescape")
    if not isinstance(raw, str):
        return Scan(
            raw="",
            raw_escaped=escape(repr(raw)),
            normalized="",
            errors=[Problem("not_text", "The scan is not text.")],
        )
    if source not in ("wedge", "camera", "manual"):
        source = "wedge"
    device = DeviceProfile.coerce(profile)
    norm = normalize(raw, source=source, profile=device)
    base: dict[str, Any] = {
        "raw": safe_text(raw),
        "raw_escaped": escape(raw),
        "normalized": norm.text,
        "source": source,
        "symbology_identifier": norm.symbology_identifier,
    }
    if norm.errors:
        return Scan(**base, errors=norm.errors)
    return _dispatch(norm, base)


def _dispatch(norm: Normalized, base: dict[str, Any]) -> Scan:
    text = norm.text
    aim = norm.symbology_identifier
    if aim in GTIN_AIMS:
        return _from_gtin_symbology(text, aim, base)
    if aim in GS1_AIMS:
        if _is_url(text):
            return _from_digital_link(text, base)
        if text.startswith("("):
            return _from_gs1(gs1.read_hri(text), base)
        return _from_gs1(gs1.read_message(text), base)
    gs1_allowed = aim is None
    if _is_url(text):
        return _from_digital_link(text, base)
    if gs1_allowed and text.startswith("(") and text[1:2].isdigit():
        return _from_gs1(gs1.read_hri(text), base)
    code = codes.read_code(text)
    if code is not None:
        if code.error:
            return Scan(**base, kind_hint=code.kind, errors=[code.error])
        return Scan(**base, kind=code.kind, code=code.body)  # type: ignore[arg-type]
    if gs1_allowed and (norm.leading_gs or GS in text):
        return _from_gs1(gs1.read_message(text), base)
    if gtin.is_digits(text):
        return _from_digits(text, base, gs1_allowed)
    if gs1_allowed and text[:2].isascii() and text[:2].isdigit():
        read = gs1.read_message(text)
        if _plausible(read):
            return _from_gs1(read, base)
    hint = _azerty_hint(text) if looks_azerty(text) else None
    if hint:
        return Scan(
            **base,
            kind_hint=hint,
            errors=[
                Problem(
                    "keyboard_layout",
                    "This looks like a code typed on an AZERTY keyboard layout; set the "
                    "scanner's keyboard country, or the device profile to AZERTY.",
                )
            ],
        )
    return Scan(**base)


def _is_url(text: str) -> bool:
    head = text[:8].lower()
    return head.startswith(("http://", "https://"))


def _azerty_hint(text: str) -> str | None:
    """What `text` would be if an AZERTY layout garbled it: ``gtin``, a code kind, or None."""
    repaired = undo_azerty(text)
    if gtin.is_digits(repaired):
        return "gtin"
    code = codes.read_code(repaired)
    return code.kind if code is not None and code.error is None else None


def _plausible(read: gs1.Gs1Read) -> bool:
    """Is a GS1 reading of text without any GS1 marker believable?"""
    if read.errors or not read.elements:
        return False
    ais = {es.ai.ai for es in read.elements}
    if ais & {"00", "01", "02"}:
        return True
    # Company-internal AIs (90-99) take any data, so almost any digit string "reads" as one.
    return len(read.elements) >= 2 and not any(ai[:1] == "9" for ai in ais)


def _from_gtin_symbology(text: str, aim: str, base: dict[str, Any]) -> Scan:
    digits = text
    if aim == "]E3" and gtin.is_digits(text) and len(text) in (15, 18):
        digits = text[:13]  # EAN-13 + 2- or 5-digit add-on; the add-on is no part of the GTIN
    if aim == "]E4" and len(digits) != 8:
        return Scan(
            **base,
            kind_hint="gtin",
            errors=[Problem("gtin_length", "EAN-8 data must be 8 digits.")],
        )
    if aim == "]I1" and len(digits) != 14:
        return Scan(
            **base,
            kind_hint="gtin",
            errors=[Problem("gtin_length", "ITF-14 data must be 14 digits.")],
        )
    gtin14, problem = gtin.read_gtin(digits)
    if problem:
        return Scan(**base, kind_hint="gtin", errors=[problem])
    return Scan(**base, kind="gtin", gtin14=gtin14)


def _from_digits(text: str, base: dict[str, Any], gs1_allowed: bool) -> Scan:
    if len(text) in gtin.GTIN_LENGTHS:
        gtin14, problem = gtin.read_gtin(text)
        read = gs1.read_message(text) if gs1_allowed else None
        plausible = read is not None and _plausible(read)
        if problem is None:
            scan = Scan(**base, kind="gtin", gtin14=gtin14)
            if plausible:
                assert read is not None
                hri = "".join(es.as_hri() for es in read.elements)
                scan.warnings.append(
                    Problem(
                        "ambiguous", f"Read as GTIN {text}; it also reads as GS1 {hri}. Confirm."
                    )
                )
            return scan
        if plausible:
            assert read is not None
            return _from_gs1(read, base)
        return Scan(**base, kind_hint="gtin", errors=[problem])
    if len(text) == gtin.SSCC_LENGTH:
        sscc, problem = gtin.read_sscc(text)
        if problem is None:
            return Scan(**base, kind="sscc", sscc=sscc)
    if gs1_allowed:
        read = gs1.read_message(text)
        if _plausible(read):
            return _from_gs1(read, base)
    _, problem = gtin.read_gtin(text)
    if len(text) == gtin.SSCC_LENGTH:
        _, problem = gtin.read_sscc(text)
    assert problem is not None
    return Scan(**base, kind_hint="gtin", errors=[problem])


def _from_digital_link(text: str, base: dict[str, Any]) -> Scan:
    try:
        uri = GS1DigitalLinkURI.parse(text)
    except ParseError as exc:
        return Scan(**base, errors=[Problem("digital_link", f"Not a GS1 Digital Link URI: {exc}")])
    read = gs1.Gs1Read()
    for es in uri.element_strings:
        problem = gs1._element_problem(es)
        if problem:
            read.errors.append(problem)
            read.elements.clear()
            break
        read.elements.append(es)
    return _from_gs1(read, base)


def _from_gs1(read: gs1.Gs1Read, base: dict[str, Any]) -> Scan:
    gs1.check_duplicates(read)
    if read.errors:
        return Scan(**base, kind_hint="gs1", warnings=read.warnings, errors=read.errors)
    fields: dict[str, Any] = {}
    for es in read.elements:
        _apply(es, fields)
    kind = "sscc" if "sscc" in fields else "gs1"
    elements = [Element(es.ai.ai, es.value) for es in read.elements]
    return Scan(**base, kind=kind, elements=elements, warnings=read.warnings, **fields)


def _apply(es: GS1ElementString, fields: dict[str, Any]) -> None:
    ai = es.ai.ai
    if ai == "00":
        fields["sscc"] = es.value
    elif ai == "01":
        fields["gtin14"] = es.value
    elif ai == "02":
        fields["contained_gtin14"] = es.value
    elif ai == "10":
        fields["lot"] = es.value
    elif ai == "21":
        fields["serial"] = es.value
    elif ai == "17":
        fields["expiry"] = es.date
    elif ai == "15":
        fields["best_before"] = es.date
    elif ai == "37":
        fields["count"] = int(es.value)
    elif ai.startswith("310") and es.decimal is not None:
        fields["weight_kg"] = es.decimal
    elif ai.startswith("320") and es.decimal is not None:
        fields["weight_kg"] = es.decimal * _POUND_KG
