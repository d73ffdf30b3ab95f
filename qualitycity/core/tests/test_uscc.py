"""Unit tests for qualitycity.core.uscc (pure Python, no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualitycity.core import uscc
from qualitycity.core.uscc import USCCError

VALID = ["91110108551385082Q", "91110000600037341L", "91350100M000100Y43"]

authorities = st.sampled_from(sorted(uscc.AUTHORITY_CODES))
entity_types = st.sampled_from("123456789")
regions = st.sampled_from(["100000", "110000", "140500", "140502", "140525", "350100", "820000"])
serials = st.integers(min_value=0, max_value=31**8 - 1)
codes = st.builds(uscc.generate, authorities, entity_types, regions, serials)


def _error_code(raw: str, **kwargs: bool) -> str:
    with pytest.raises(USCCError) as excinfo:
        uscc.validate(raw, **kwargs)
    assert str(excinfo.value)
    return excinfo.value.code


def test_weights_are_powers_of_three() -> None:
    expected = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    assert expected == uscc.WEIGHTS
    assert all(weight % 31 for weight in uscc.WEIGHTS)


def test_alphabet() -> None:
    assert len(uscc.ALPHABET) == 31
    assert not set("IOZSV") & set(uscc.ALPHABET)


@pytest.mark.parametrize("code", VALID)
def test_known_valid_codes(code: str) -> None:
    assert uscc.validate(code) == code
    assert uscc.is_valid(code)
    assert uscc.calc_check_char(code[:17]) == code[17]
    assert uscc.calc_org_check(code[8:16]) == code[16]


@pytest.mark.parametrize(
    "raw",
    [
        "91110108551385082q",
        " 91110108551385082Q ",
        "9111 0108 5513 8508 2Q",
        "91-110108-551385082-Q",
        "911101085513850８２Ｑ",
        "９１１１０１０８５５１３８５０８２ｑ",
        "91110108\u3000551385082Q",
        "91110108\t551385082\u2014Q",
    ],
)
def test_formatting_is_canonicalised(raw: str) -> None:
    assert uscc.validate(raw) == "91110108551385082Q"


def test_normalize_does_not_validate() -> None:
    assert uscc.normalize(" ab-c\u3000ｄ ") == "ABCD"


@pytest.mark.parametrize("authority", ["A", "N", "Y"])
def test_letter_authorities_are_valid(authority: str) -> None:
    code = uscc.generate(authority, "1", "140500", 123456)
    assert code[0] == authority
    assert uscc.validate(code) == code


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        ("", "length"),
        ("91110108551385082", "length"),
        ("91110108551385082QQ", "length"),
        ("9111010855138508IQ", "charset"),
        ("9111010855138508OQ", "charset"),
        ("9111010855138508ZQ", "charset"),
        ("9111010855138508SQ", "charset"),
        ("9111010855138508VQ", "charset"),
        ("91110108551385082!", "charset"),
        ("B1110108551385082Q", "authority"),
        ("01110108551385082Q", "authority"),
        ("911A0108551385082Q", "region"),
        ("91990108551385082Q", "region"),
        ("91110108551385082R", "check_char"),
    ],
)
def test_error_codes(raw: str, error: str) -> None:
    assert _error_code(raw) == error
    assert not uscc.is_valid(raw)


def _with_bad_org_check(prefix: str) -> str:
    """A code with correct check character whose embedded org-code check is wrong."""
    body = "55138508"
    wrong = "3" if uscc.calc_org_check(body) != "3" else "4"
    first17 = f"{prefix}110108{body}{wrong}"
    return first17 + uscc.calc_check_char(first17)


def test_org_check_enforced_for_enterprises() -> None:
    code = _with_bad_org_check("91")
    assert _error_code(code) == "org_check"
    assert uscc.validate(code, check_org_code=False) == code
    assert uscc.is_valid(code, check_org_code=False)


@pytest.mark.parametrize("prefix", ["92", "93", "12", "51", "N2", "Y1"])
def test_org_check_not_enforced_for_others(prefix: str) -> None:
    code = _with_bad_org_check(prefix)
    assert uscc.validate(code) == code


@pytest.mark.parametrize(
    ("first8", "check"),
    [("55138508", "2"), ("60003734", "1"), ("M000100Y", "4"), ("D2143569", "X")],
)
def test_calc_org_check(first8: str, check: str) -> None:
    assert uscc.calc_org_check(first8) == check


def test_calc_org_check_zero_case() -> None:
    # r == 11 -> '0': the weighted sum must be divisible by 11.
    assert uscc.calc_org_check("00000000") == "0"


@pytest.mark.parametrize("bad", ["1234567", "123456789", "1234567*"])
def test_calc_org_check_rejects_bad_input(bad: str) -> None:
    with pytest.raises(USCCError):
        uscc.calc_org_check(bad)


def test_calc_check_char_rejects_bad_input() -> None:
    with pytest.raises(USCCError) as excinfo:
        uscc.calc_check_char("9111010855138508")
    assert excinfo.value.code == "length"
    with pytest.raises(USCCError) as excinfo:
        uscc.calc_check_char("9111010855138508I")
    assert excinfo.value.code == "charset"


def test_error_is_value_error_with_code() -> None:
    error = USCCError("region", "bad region")
    assert isinstance(error, ValueError)
    assert error.code == "region"
    assert str(error) == "bad region"
    with pytest.raises(ValueError, match="unknown USCCError code"):
        USCCError("nonsense", "x")


def test_generate_is_deterministic_and_injective() -> None:
    assert uscc.generate("9", "1", "140500", 42) == uscc.generate("9", "1", "140500", 42)
    generated = {uscc.generate("9", "1", "140500", serial) for serial in range(2000)}
    assert len(generated) == 2000


def test_generate_small_serials_are_numeric() -> None:
    code = uscc.generate("9", "1", "140500", 7)
    assert code.startswith("9114050000000007")


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("B", "1", "140500", 1), USCCError),
        (("9", "I", "140500", 1), ValueError),
        (("9", "12", "140500", 1), ValueError),
        (("9", "1", "14050", 1), USCCError),
        (("9", "1", "990000", 1), USCCError),
        (("9", "1", "140500", -1), ValueError),
        (("9", "1", "140500", 31**8), ValueError),
    ],
)
def test_generate_rejects_bad_arguments(args: tuple[str, str, str, int], error: type) -> None:
    with pytest.raises(error):
        uscc.generate(*args)


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("91110108551385082Q", "enterprise"),
        ("92", "individual_business"),
        ("93", "farmer_cooperative"),
        ("12", "institution"),
        ("51", "social_organisation"),
        ("n2", "rural_collective"),
        ("Y1", "other"),
        ("94", None),
        ("", None),
    ],
)
def test_entity_type_label(code: str, label: str | None) -> None:
    assert uscc.entity_type_label(code) == label


@given(codes)
def test_generated_codes_validate(code: str) -> None:
    assert uscc.validate(code) == code
    assert uscc.validate(code.lower()) == code


@given(codes, st.integers(min_value=0, max_value=17), st.integers(min_value=1, max_value=30))
def test_single_substitution_is_detected(code: str, position: int, shift: int) -> None:
    """Any single-character substitution fails.

    The check character makes sum(value * weight) == 0 (mod 31) with the weight of position 18
    being 1. Replacing one character changes the sum by (new - old) * weight, where
    0 < |new - old| < 31 and weight is a non-zero residue; 31 is prime, so the product is never
    0 mod 31 and the check character always catches it (other checks may fire first).
    """
    old = uscc.ALPHABET.index(code[position])
    new_char = uscc.ALPHABET[(old + shift) % 31]
    mutated = code[:position] + new_char + code[position + 1 :]
    assert mutated != code
    assert not uscc.is_valid(mutated)
    assert not uscc.is_valid(mutated, check_org_code=False)


@given(codes, st.integers(min_value=0, max_value=16), st.integers(min_value=1, max_value=30))
def test_single_substitution_changes_check_char(code: str, position: int, shift: int) -> None:
    old = uscc.ALPHABET.index(code[position])
    mutated = code[:position] + uscc.ALPHABET[(old + shift) % 31] + code[position + 1 : 17]
    assert uscc.calc_check_char(mutated) != code[17]


def test_exhaustive_substitutions_of_examples() -> None:
    for code in VALID:
        for position in range(18):
            for char in uscc.ALPHABET.replace(code[position], ""):
                mutated = code[:position] + char + code[position + 1 :]
                assert not uscc.is_valid(mutated, check_org_code=False), mutated


def test_stdnum_agrees_on_digit_authorities() -> None:
    """python-stdnum agrees with us except that it rejects letter authority codes."""
    stdnum_uscc = pytest.importorskip("stdnum.cn.uscc")
    for code in VALID:
        assert stdnum_uscc.is_valid(code)
    letter_code = uscc.generate("N", "2", "140525", 99)
    assert uscc.is_valid(letter_code)
    assert not stdnum_uscc.is_valid(letter_code)
