"""Undo the keyboard-layout garbling of a wedge scanner that types US key positions on an
AZERTY (French) host.

The scanner sends key positions; the host's layout turns them into characters. On AZERTY the
unshifted number row gives ``& é " ' ( - è _ ç à ) =`` where a US layout gives
``1 2 3 4 5 6 7 8 9 0 - =``, and the letters A/Q and Z/W trade places.
"""

from __future__ import annotations

# Received character -> character the scanner meant.
_AZERTY_TO_US = {
    "&": "1", "é": "2", '"': "3", "'": "4", "(": "5", "-": "6", "è": "7", "_": "8",
    "ç": "9", "à": "0", ")": "-",
    "A": "Q", "Q": "A", "Z": "W", "W": "Z", "a": "q", "q": "a", "z": "w", "w": "z",
}  # fmt: skip

# Characters that a US-layout scan of digits never contains but an AZERTY-garbled one does;
# '-' is left out because it is also a real character of Shipfloor codes.
_MARKERS = frozenset("&é\"'(è_çà")

_TABLE = str.maketrans(_AZERTY_TO_US)


def looks_azerty(text: str) -> bool:
    """True when `text` holds a character of the AZERTY number row (a garbled digit)."""
    return any(ch in _MARKERS for ch in text)


def undo_azerty(text: str) -> str:
    """Map each character received on an AZERTY host back to what the scanner meant.

    Only call this when the device profile says the device types AZERTY: the map is not
    a guess that can be made from the text alone (``-`` is both a garbled 6 and a hyphen).
    """
    return text.translate(_TABLE)
