"""Judging reported values against limits: properties (hypothesis) and the texts labs write."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualitycity.spotchecks.choices import LimitKind, Verdict
from qualitycity.spotchecks.verdicts import (
    CannotJudge,
    InvalidValue,
    judge,
    limit_text,
    parse_value,
    same_unit,
)

decimals = st.decimals(
    min_value=Decimal("0"), max_value=Decimal("100000"), places=4, allow_nan=False, allow_infinity=False
)


@given(value=decimals, limit=decimals)
def test_upper_limit_passes_exactly_the_values_at_or_below_it(value: Decimal, limit: Decimal) -> None:
    verdict = judge(parse_value(str(value)), LimitKind.MAX, None, limit)
    assert (verdict == Verdict.PASS) == (value <= limit)


@given(value=decimals, limit=decimals)
def test_strict_bounds_exclude_the_limit(value: Decimal, limit: Decimal) -> None:
    assert (judge(parse_value(str(value)), LimitKind.BELOW, None, limit) == Verdict.PASS) == (value < limit)
    assert (judge(parse_value(str(value)), LimitKind.ABOVE, limit, None) == Verdict.PASS) == (value > limit)


@given(value=decimals, low=decimals, high=decimals)
def test_range_passes_inside_only(value: Decimal, low: Decimal, high: Decimal) -> None:
    low, high = min(low, high), max(low, high)
    verdict = judge(parse_value(str(value)), LimitKind.RANGE, low, high)
    assert (verdict == Verdict.PASS) == (low <= value <= high)


@given(detection=decimals, limit=decimals)
def test_below_detection_limit_passes_an_upper_limit_at_or_above_it(
    detection: Decimal, limit: Decimal
) -> None:
    parsed = parse_value(f"<{detection}")
    if detection <= limit:
        assert judge(parsed, LimitKind.MAX, None, limit) == Verdict.PASS
    else:
        with pytest.raises(CannotJudge):
            judge(parsed, LimitKind.MAX, None, limit)


@given(value=st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("1000"), places=4))
def test_any_detected_amount_fails_must_not_be_detected(value: Decimal) -> None:
    assert judge(parse_value(str(value)), LimitKind.NOT_DETECTED) == Verdict.FAIL


@given(text=st.text(alphabet="abcxyz!?#@ ", min_size=1, max_size=12))
def test_text_that_is_no_value_is_refused(text: str) -> None:
    if text.strip().lower() in {
        "nd",
        "pass",
        "fail",
        "fails",
        "detected",
        "negative",
        "positive",
        "conforms",
    }:
        return
    with pytest.raises(InvalidValue):
        parse_value(text)


@pytest.mark.parametrize(
    ("text", "kind", "low", "high", "verdict"),
    [
        ("未检出", LimitKind.NOT_DETECTED, None, None, Verdict.PASS),
        ("ND", LimitKind.MAX, None, Decimal("0.2"), Verdict.PASS),
        ("检出", LimitKind.NOT_DETECTED, None, None, Verdict.FAIL),
        ("<0.01", LimitKind.NOT_DETECTED, None, None, Verdict.PASS),
        ("符合", LimitKind.QUALITATIVE, None, None, Verdict.PASS),
        ("不符合", LimitKind.QUALITATIVE, None, None, Verdict.FAIL),
        ("阴性", LimitKind.QUALITATIVE, None, None, Verdict.PASS),
        ("1.2×10³", LimitKind.MAX, None, Decimal("1000"), Verdict.FAIL),
        ("9.5×10^2", LimitKind.MAX, None, Decimal("1000"), Verdict.PASS),
        ("1,200", LimitKind.MIN, Decimal("400"), None, Verdict.PASS),
        ("<5", LimitKind.MIN, Decimal("10"), None, Verdict.FAIL),
    ],
)
def test_values_as_labs_write_them(text, kind, low, high, verdict) -> None:
    assert judge(parse_value(text), kind, low, high) == verdict


def test_a_conformity_word_cannot_judge_a_numeric_limit() -> None:
    with pytest.raises(CannotJudge):
        judge(parse_value("合格"), LimitKind.MAX, None, Decimal("0.2"))


def test_units_compare_by_meaning_not_spelling() -> None:
    assert same_unit("mg/kg", "毫克/千克")
    assert same_unit("μg/kg", "ug/kg")
    assert same_unit("％", "%")
    assert not same_unit("mg/kg", "g/kg")


def test_limit_text_reads_like_a_report() -> None:
    assert limit_text(LimitKind.MAX, None, Decimal("0.200"), "mg/kg") == "≤0.2 mg/kg"
    assert limit_text(LimitKind.RANGE, Decimal("0.5"), Decimal("1.5"), "%") == "0.5–1.5 %"
    assert limit_text(LimitKind.MIN, Decimal(400), None, "MPa") == "≥400 MPa"
