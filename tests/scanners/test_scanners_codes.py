"""Shipfloor's own codes: prefix + body + ISO/IEC 7064 MOD 37,36 check character."""

from __future__ import annotations

import itertools

import pytest
from stdnum.iso7064 import mod_37_36

import scanners
from scanners.codes import PREFIXES, check_character, label_code, make_code, read_code, verify_code


def test_check_character_by_hand():
    # MOD 37,36 over "LOC1": p=36; L(21): (36+21)%36=21, *2%37=5; O(24): 29, 58%37=21;
    # C(12): 33, 66%37=29; 1: 30, 60%37=23; check = (37-23)%36 = 14 = "E".
    assert make_code("location", "1") == "LOC-1-E"


@pytest.mark.parametrize("body", ["A-04-03-2", "1042-BO1", "T017", "Z", "20261129-3", "U0042"])
@pytest.mark.parametrize("kind", sorted(PREFIXES))
def test_check_character_matches_independent_implementation(kind, body):
    code = make_code(kind, body)
    alnum = (PREFIXES[kind] + body).replace("-", "")
    assert code[-1] == mod_37_36.calc_check_digit(alnum)
    assert mod_37_36.is_valid(alnum + code[-1])


@pytest.mark.parametrize("kind", sorted(PREFIXES))
def test_codes_parse_to_their_kind(kind):
    code = make_code(kind, "a-04-03-2")
    scan = scanners.parse(code)
    assert (scan.kind, scan.code, scan.errors) == (kind, "A-04-03-2", [])
    assert scanners.parse(code.lower()).kind == kind  # Caps Lock on the wedge
    assert scanners.parse("]C0" + code).kind == kind


def test_every_single_substitution_and_adjacent_transposition_is_caught():
    code = make_code("location", "A-04-03-2")
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    positions = [i for i, ch in enumerate(code) if ch != "-" and i >= 4]
    for i in positions:
        for ch in alphabet:
            if ch != code[i]:
                typo = code[:i] + ch + code[i + 1 :]
                assert not verify_code(typo), typo
    alnum = [i for i in positions]
    for a, b in itertools.pairwise(alnum):
        if code[a] != code[b]:
            chars = list(code)
            chars[a], chars[b] = chars[b], chars[a]
            assert not verify_code("".join(chars))


def test_a_mistyped_code_is_an_error_not_a_code():
    code = make_code("tote", "T017")
    typo = code.replace("T017", "T071")
    scan = scanners.parse(typo)
    assert scan.kind == "unknown" and scan.kind_hint == "tote"
    assert scan.errors[0].code == "check_character"


def test_codes_never_look_like_gs1():
    for kind in PREFIXES:
        scan = scanners.parse(make_code(kind, "0108712345670115"))
        assert scan.kind == kind and scan.gtin14 is None


@pytest.mark.parametrize("body", ["", "A--1", "-A", "A-", "A B", "A_1", "É", "X" * 41])
def test_bad_bodies_are_refused(body):
    with pytest.raises(ValueError):
        make_code("location", body)


def test_label_code_is_the_code_or_none_for_a_body_no_code_carries():
    # The same hand-computed "LOC-1-E" as above; a space or an underscore fits no code.
    assert label_code("location", "1") == "LOC-1-E"
    assert label_code("location", "A B") is None
    assert label_code("tote", "A_1") is None


def test_a_malformed_code_names_its_kind():
    assert read_code("ORD--1-X").error.message == "This looks like an order code but is malformed; scan again."
    assert read_code("LOC--1-X").error.message == "This looks like a location code but is malformed; scan again."


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown code kind"):
        make_code("pallet", "1")


def test_read_code_ignores_other_text():
    assert read_code("SKU-88123") is None
    assert read_code("8712345670054") is None
    assert verify_code(make_code("badge", "U0042"), "badge")
    assert not verify_code(make_code("badge", "U0042"), "tote")


def test_check_character_refuses_foreign_characters():
    with pytest.raises(ValueError):
        check_character("A_B")


def test_azerty_garbled_location_code_is_repaired_only_with_the_profile():
    code = make_code("location", "A-04-03-2")  # LOC-A-04-03-2-O
    garbled = code.translate(str.maketrans("A-0432", "Q)à'\"é"))  # US keys on an AZERTY host
    assert garbled == "LOC)Q)à')à\")é)O"
    refused = scanners.parse(garbled)
    assert (refused.kind, refused.kind_hint) == ("unknown", "location")
    assert [p.code for p in refused.errors] == ["keyboard_layout"]
    scan = scanners.parse(garbled, profile={"keyboard": "azerty"})
    assert (scan.kind, scan.code) == ("location", "A-04-03-2")
