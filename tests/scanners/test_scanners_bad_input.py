"""Bad input gives a typed error with a clear message, never an exception."""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scanners
from scanners.normalize import MAX_LENGTH

GS = "\x1d"

BAD = [
    ("empty", "", "empty"),
    ("only_control", "\x00\x01\x1b\x1d\x1e", "control_only"),
    ("only_suffix", "\r\n", "empty"),
    ("ten_thousand", "0" * 10_000, "too_long"),
    ("lone_surrogate", "\ud800", "invalid_text"),
    ("surrogate_inside", "871234\udfff5670054", "invalid_text"),
    ("wrong_check_digit", "8712345670117", "check_digit"),
    ("wrong_check_in_gs1", "]C10108712345670116", "check_digit"),
    ("wrong_sscc_check", "]C100387123456700000018", "check_digit"),
    ("month_13", "]C101087123456701151728131510LT2510-A", "invalid_date"),
    ("cut_gs1", "]C1010871234567", "cut"),
    ("cut_after_date_ai", "]C1010871234567011517", "cut"),
    ("control_inside", "8712345\x0070054", "control_character"),
    ("bad_internal_check", "LOC-A-04-03-2-Z", "check_character"),
    ("malformed_internal", "TOT--", "code_format"),
    ("bad_digital_link", "https://example.com/no-gs1-here", "digital_link"),
    ("ean8_wrong_length", "]E4123", "gtin_length"),
    ("aim_only", "]C1", "empty"),
    ("conflicting_ai", "]C101087123456701150108712345670054", "conflicting_ai"),
    ("no_sound_gs1", "]C110" + "A" * 40, "unreadable"),
]


@pytest.mark.parametrize(("raw", "code"), [(r, c) for _, r, c in BAD], ids=[i for i, _, _ in BAD])
def test_bad_input_is_a_typed_error(raw, code):
    scan = scanners.parse(raw)
    assert [p.code for p in scan.errors][:1] == [code], scan.errors
    assert scan.errors[0].message.endswith((".", ")")) and len(scan.errors[0].message) > 10
    assert scan.kind == "unknown" and scan.gtin14 is None and scan.lot is None
    msgspec.json.encode(scan)  # always loggable, even with a lone surrogate


def test_too_long_is_reported_with_its_length():
    scan = scanners.parse("A" * 10_000)
    assert "10000" in scan.errors[0].message and str(MAX_LENGTH) in scan.errors[0].message


def test_raw_is_kept_and_escaped_for_logs():
    raw = "]C1010871234567011510LT\x1d17280531\r"
    scan = scanners.parse(raw)
    assert scan.raw == raw
    assert scan.raw_escaped == "]C1010871234567011510LT\\x1d17280531\\x0d"
    assert scanners.parse("\ud800").raw_escaped == "\\ud800"
    assert scanners.parse("\ud800").raw == "\ufffd"


@pytest.mark.parametrize("raw", [None, 12345, b"\xff\xfe", object()])
def test_non_text_never_raises(raw):
    scan = scanners.parse(raw)  # type: ignore[arg-type]
    assert scan.errors


def test_utf8_bytes_are_read():
    assert scanners.parse(b"]E08712345670054").gtin14 == "08712345670054"


@pytest.mark.parametrize(
    "profile", [{"separator": 7}, {"keyboard": None}, "azerty", [1, 2], {"suffix": ""}]
)
def test_odd_profiles_never_raise(profile):
    assert scanners.parse("8712345670054", profile=profile).gtin14 == "08712345670054"


def test_unknown_source_reads_as_wedge():
    assert scanners.parse("8712345670054", source="telepathy").source == "wedge"


_ALPHABET = st.sampled_from(list("0123456789()]CEd1Q3|-ABLOTX/:.?=" + GS + "\r\n\t\x00é&\"'"))


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_any_text_never_raises(raw):
    scan = scanners.parse(raw)
    msgspec.json.encode(scan)
    if scan.errors:
        assert scan.kind == "unknown" and scan.gtin14 is None


@settings(max_examples=400, deadline=None)
@given(
    st.lists(_ALPHABET, max_size=60).map("".join),
    st.sampled_from([None, {"separator": "|"}, {"keyboard": "azerty"}]),
)
def test_scanner_like_text_never_raises(raw, profile):
    scan = scanners.parse(raw, profile=profile)
    msgspec.json.encode(scan)
    if scan.kind == "gtin":
        assert scan.gtin14 is not None and len(scan.gtin14) == 14


@settings(max_examples=200, deadline=None)
@given(
    st.from_regex(
        r"\]C1(01\d{14}|17\d{6}|10[A-Z0-9]{1,20}\x1d|21[A-Z0-9]{1,20}\x1d|37\d{1,8}\x1d){1,5}",
        fullmatch=True,
    )
)
def test_gs1_like_text_never_raises(raw):
    scan = scanners.parse(raw)
    msgspec.json.encode(scan)


def test_a_failure_underneath_becomes_a_typed_error(monkeypatch):
    import scanners.reading as parse_module

    def boom(*args, **kwargs):
        raise RuntimeError("library bug")

    monkeypatch.setattr(parse_module, "_dispatch", boom)
    scan = scanners.parse("8712345670054")
    assert [p.code for p in scan.errors] == ["internal"]
    assert scan.kind == "unknown" and scan.raw == "8712345670054"
