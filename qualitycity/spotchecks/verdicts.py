"""Judging one reported value against a test item's limit: pure functions, no database.

A lab reports values as text: "0.12", "<0.01", "≤0.005", "未检出", "ND", "符合", "阴性",
"1.2×10³". `parse_value` reads such text; `judge` gives the verdict against a limit of
`LimitKind`; `normalise_unit` lets "mg/kg" and "毫克/千克" be the same unit while "g/kg" is not.
A value below the detection limit ("<0.01", "未检出") passes an upper limit at or above that
detection limit and "must not be detected"; it cannot prove a lower bound."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext

from qualitycity.spotchecks.choices import LimitKind, Verdict

NOT_DETECTED_WORDS = {"未检出", "nd", "n.d.", "not detected", "阴性", "negative", "未检测到"}
DETECTED_WORDS = {"检出", "detected", "阳性", "positive"}
CONFORMS_WORDS = {"符合", "合格", "conforms", "pass", "符合要求", "正常"}
NONCONFORMS_WORDS = {"不符合", "不合格", "fails", "fail", "不符合要求", "异常"}

UNIT_ALIASES = {
    "毫克/千克": "mg/kg",
    "mg/kg": "mg/kg",
    "mg/l": "mg/l",
    "毫克/升": "mg/l",
    "μg/kg": "ug/kg",
    "µg/kg": "ug/kg",
    "ug/kg": "ug/kg",
    "微克/千克": "ug/kg",
    "μg/l": "ug/l",
    "µg/l": "ug/l",
    "ug/l": "ug/l",
    "微克/升": "ug/l",
    "g/kg": "g/kg",
    "克/千克": "g/kg",
    "g/100g": "g/100g",
    "克/100克": "g/100g",
    "%": "%",
    "％": "%",
    "cfu/g": "cfu/g",
    "cfu/ml": "cfu/ml",
    "mpn/g": "mpn/g",
    "mpn/100g": "mpn/100g",
    "mpn/100ml": "mpn/100ml",
    "°": "°",
    "%vol": "%vol",
    "％vol": "%vol",
}


@dataclass(frozen=True)
class ParsedValue:
    """A reported value: a number, an upper bound ("<0.01": below the detection limit), a
    detection word, or a conformity word."""

    number: Decimal | None = None
    below: Decimal | None = None
    not_detected: bool = False
    detected: bool = False
    conforms: bool | None = None

    @property
    def is_numeric(self) -> bool:
        return self.number is not None


class InvalidValue(ValueError):
    """The text is not a value a lab reports."""


_SCI = re.compile(r"^([0-9]*\.?[0-9]+)\s*[x×*]\s*10\^?([-−]?[0-9]+|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)$")
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def _number(text: str) -> Decimal:
    text = text.replace(",", "").replace("，", "").strip()
    match = _SCI.match(text)
    try:
        if match:
            mantissa, exponent = match.groups()
            return Decimal(mantissa) * (
                Decimal(10) ** int(exponent.translate(_SUPERSCRIPT).replace("−", "-"))
            )
        value = Decimal(text)
    except (InvalidOperation, ValueError) as exc:
        raise InvalidValue(text) from exc
    if not value.is_finite():
        raise InvalidValue(text)
    return value


def parse_value(text: str) -> ParsedValue:
    """Read a reported value; raises `InvalidValue` for text that is no value."""
    raw = (text or "").strip()
    if not raw:
        raise InvalidValue(raw)
    lowered = raw.lower()
    if lowered in NOT_DETECTED_WORDS:
        return ParsedValue(not_detected=True)
    if lowered in DETECTED_WORDS:
        return ParsedValue(detected=True)
    if lowered in CONFORMS_WORDS:
        return ParsedValue(conforms=True)
    if lowered in NONCONFORMS_WORDS:
        return ParsedValue(conforms=False)
    for prefix in ("<", "＜", "≤", "<="):
        if lowered.startswith(prefix):
            return ParsedValue(below=_number(raw[len(prefix) :]))
    if lowered.startswith(("未检出(<", "未检出（<", "未检出(＜", "未检出（＜")):
        inner = re.sub(r"^未检出[(（][<＜]|[)）]$", "", raw)
        return ParsedValue(below=_number(inner), not_detected=True)
    return ParsedValue(number=_number(raw))


def normalise_unit(unit: str) -> str:
    key = re.sub(r"\s+", "", (unit or "")).lower()
    return UNIT_ALIASES.get(key, key)


def same_unit(a: str, b: str) -> bool:
    return normalise_unit(a) == normalise_unit(b)


class CannotJudge(ValueError):
    """The value cannot be judged against the limit (e.g. "<0.5" against "≤0.2"); the message
    says why."""


def judge(
    value: ParsedValue,
    kind: str,
    low: Decimal | None = None,
    high: Decimal | None = None,
) -> str:
    """The verdict of a value against a limit of `kind` (`LimitKind`)."""
    if kind == LimitKind.QUALITATIVE:
        if value.conforms is None:
            if value.not_detected:
                return Verdict.PASS
            if value.detected:
                return Verdict.FAIL
            raise CannotJudge("qualitative")
        return Verdict.PASS if value.conforms else Verdict.FAIL
    if kind == LimitKind.NOT_DETECTED:
        if value.not_detected or value.below is not None:
            return Verdict.PASS
        if value.detected:
            return Verdict.FAIL
        if value.number is not None:
            return Verdict.PASS if value.number == 0 else Verdict.FAIL
        raise CannotJudge("not_detected")
    if value.conforms is not None or value.detected:
        raise CannotJudge("numeric")
    if kind in (LimitKind.MAX, LimitKind.BELOW):
        assert high is not None
        if value.not_detected and value.below is None:
            return Verdict.PASS
        if value.below is not None:
            if value.below <= high:
                return Verdict.PASS
            raise CannotJudge("detection_limit")
        assert value.number is not None
        ok = value.number <= high if kind == LimitKind.MAX else value.number < high
        return Verdict.PASS if ok else Verdict.FAIL
    if kind in (LimitKind.MIN, LimitKind.ABOVE, LimitKind.RANGE):
        assert low is not None
        if value.number is None:
            # below the detection limit: fails a lower bound at or above that detection limit
            if value.below is not None and value.below <= low:
                return Verdict.FAIL
            if value.not_detected and value.below is None and low > 0:
                return Verdict.FAIL
            raise CannotJudge("detection_limit")
        if kind == LimitKind.RANGE:
            assert high is not None
            return Verdict.PASS if low <= value.number <= high else Verdict.FAIL
        ok = value.number >= low if kind == LimitKind.MIN else value.number > low
        return Verdict.PASS if ok else Verdict.FAIL
    raise CannotJudge("no_limit")


def _fmt(value: Decimal | None) -> str:
    if value is None:
        return "?"
    return format(Decimal(value).normalize(), "f")


def limit_text(kind: str, low: Decimal | None, high: Decimal | None, unit: str, requirement: str = "") -> str:
    """The limit as a report prints it."""
    suffix = f" {unit}" if unit else ""
    if kind == LimitKind.MAX:
        return f"≤{_fmt(high)}{suffix}"
    if kind == LimitKind.BELOW:
        return f"<{_fmt(high)}{suffix}"
    if kind == LimitKind.MIN:
        return f"≥{_fmt(low)}{suffix}"
    if kind == LimitKind.ABOVE:
        return f">{_fmt(low)}{suffix}"
    if kind == LimitKind.RANGE:
        return f"{_fmt(low)}–{_fmt(high)}{suffix}"
    if kind == LimitKind.NOT_DETECTED:
        return str(LimitKind.NOT_DETECTED.label)
    if kind == LimitKind.QUALITATIVE:
        return requirement or gettext("Conforms to the requirement")
    return ""
