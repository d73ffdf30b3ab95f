"""Unified Social Credit Code (统一社会信用代码, GB 32100-2015).

Layout of the 18 characters (1-based positions)::

    1      registration-authority code (1-9, A, N, Y)
    2      entity-type code within that authority
    3-8    region code (GB/T 2260 administrative division)
    9-17   organisation code body (GB 11714; position 17 is its own check character)
    18     check character over positions 1-17

All characters come from a 31-character alphabet without I, O, Z, S and V. Their values are
0-30 in alphabet order. Position ``i`` has the weight ``3 ** (i - 1) mod 31`` and the check
character makes the weighted sum of all 18 characters divisible by 31.

Because 31 is prime and every weight is non-zero modulo 31, changing any single character to a
different character of the alphabet always changes the weighted sum modulo 31, so every
single-character substitution error is detected by the check character.

We do not use ``stdnum.cn.uscc`` because it rejects valid codes whose authority code is a
letter (A, N or Y).

This module is pure Python and must not import Django.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "ALPHABET",
    "AUTHORITY_CODES",
    "ENTITY_TYPE_LABELS",
    "USCCError",
    "calc_check_char",
    "calc_org_check",
    "entity_type_label",
    "generate",
    "is_valid",
    "normalize",
    "validate",
]

ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 characters a USCC may contain; the value of a character is its index."""

LENGTH: Final = 18
WEIGHTS: Final = tuple(pow(3, i, 31) for i in range(LENGTH - 1))
"""Weights of positions 1-17: 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28."""

ORG_WEIGHTS: Final = (3, 7, 9, 10, 5, 8, 4, 2)
"""GB 11714 weights of the first eight characters of an organisation code."""

AUTHORITY_CODES: Final = frozenset("123456789ANY")
"""Registration-authority codes defined by GB 32100-2015 and its amendments."""

PROVINCE_PREFIXES: Final = frozenset(
    {"10"}  # 100000: national level (central authorities)
    | {f"{n}" for n in range(11, 16)}
    | {f"{n}" for n in range(21, 24)}
    | {f"{n}" for n in range(31, 38)}
    | {f"{n}" for n in range(41, 47)}
    | {f"{n}" for n in range(50, 55)}
    | {f"{n}" for n in range(61, 66)}
    | {"71", "81", "82"}
)
"""First two digits of GB/T 2260 codes (provinces, plus 10 for the national level)."""

ENTITY_TYPE_LABELS: Final[dict[str, str]] = {
    # 1 机构编制
    "11": "government_agency",
    "12": "institution",
    "13": "mass_organisation",
    "19": "other",
    # 2 外交
    "21": "foreign_press_office",
    "29": "other",
    # 3 司法行政
    "31": "law_firm",
    "32": "notary_office",
    "33": "legal_service_office",
    "34": "forensic_institution",
    "35": "arbitration_commission",
    "39": "other",
    # 4 文化
    "41": "foreign_cultural_centre",
    "49": "other",
    # 5 民政
    "51": "social_organisation",
    "52": "private_non_enterprise",
    "53": "foundation",
    "59": "other",
    # 6 旅游
    "61": "foreign_tourism_office",
    "62": "hmt_tourism_office",
    "69": "other",
    # 7 宗教
    "71": "religious_venue",
    "72": "religious_school",
    "79": "other",
    # 8 工会
    "81": "trade_union",
    "89": "other",
    # 9 工商 (market regulation)
    "91": "enterprise",
    "92": "individual_business",
    "93": "farmer_cooperative",
    # A 中央军委改革和编制办公室
    "A1": "military_institution",
    "A9": "other",
    # N 农业 (group, village and township level collective economic organisations)
    "N1": "rural_collective",
    "N2": "rural_collective",
    "N3": "rural_collective",
    "N9": "other",
    # Y 其他
    "Y1": "other",
}
"""Short English keys for the authority + entity-type prefix (positions 1-2)."""

_VALUES: Final = {char: value for value, char in enumerate(ALPHABET)}
_SEPARATORS: Final = re.compile(r"[\s\-\u2010-\u2015\u2212]+")
_HALFWIDTH: Final = {point: point - 0xFEE0 for point in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_ORG_CHECK_ENFORCED: Final = frozenset({"91"})


class USCCError(ValueError):
    """A USCC failed validation.

    ``code`` is a stable machine-readable reason, one of ``"length"``, ``"charset"``,
    ``"authority"``, ``"region"``, ``"check_char"`` or ``"org_check"``; the exception message is
    a human-readable English explanation.
    """

    CODES: Final = frozenset({"length", "charset", "authority", "region", "check_char", "org_check"})

    def __init__(self, code: str, message: str) -> None:
        if code not in self.CODES:
            raise ValueError(f"unknown USCCError code: {code!r}")
        super().__init__(message)
        self.code = code
        self.message = message


def _to_halfwidth(text: str) -> str:
    """Convert full-width ASCII characters (U+FF01-U+FF5E) and U+3000 to half-width."""
    return text.translate(_HALFWIDTH)


def normalize(raw: str) -> str:
    """Return ``raw`` in canonical form without validating it.

    Converts full-width letters/digits to half-width, upper-cases, and removes all whitespace
    (including full-width spaces) and hyphens/dashes.
    """
    return _SEPARATORS.sub("", _to_halfwidth(raw)).upper()


def _check_length(code: str) -> None:
    if len(code) != LENGTH:
        raise USCCError("length", f"A USCC has {LENGTH} characters, got {len(code)}.")


def _check_charset(code: str) -> None:
    bad = sorted({char for char in code if char not in _VALUES})
    if bad:
        raise USCCError(
            "charset",
            f"Invalid character(s) {''.join(bad)!r}; allowed are digits and letters except I, O, Z, S and V.",
        )


def _check_authority(code: str) -> None:
    if code[0] not in AUTHORITY_CODES:
        raise USCCError("authority", f"Unknown registration-authority code {code[0]!r}.")


def _check_region(region: str) -> None:
    if not (region.isascii() and region.isdigit() and len(region) == 6):
        raise USCCError("region", f"Region code {region!r} must be 6 digits.")
    if region[:2] not in PROVINCE_PREFIXES:
        raise USCCError("region", f"Region code {region!r} has an unknown province prefix.")


def calc_check_char(first17: str) -> str:
    """Return the check character (position 18) for the first 17 characters of a USCC."""
    if len(first17) != LENGTH - 1:
        raise USCCError("length", f"Expected {LENGTH - 1} characters, got {len(first17)}.")
    _check_charset(first17)
    total = sum(_VALUES[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[-total % 31]


def _org_value(char: str) -> int:
    """GB 11714 character value: digits 0-9, letters A=10 ... Z=35."""
    if char.isascii() and char.isdigit():
        return int(char)
    if char.isascii() and char.isupper():
        return ord(char) - ord("A") + 10
    raise USCCError("charset", f"Invalid organisation-code character {char!r}.")


def calc_org_check(first8: str) -> str:
    """Return the GB 11714 check character ('0'-'9' or 'X') for an 8-character org-code body."""
    if len(first8) != len(ORG_WEIGHTS):
        raise USCCError("length", f"Expected {len(ORG_WEIGHTS)} characters, got {len(first8)}.")
    total = sum(_org_value(char) * weight for char, weight in zip(first8, ORG_WEIGHTS, strict=True))
    remainder = 11 - total % 11
    if remainder == 10:
        return "X"
    if remainder == 11:
        return "0"
    return str(remainder)


def _check_check_char(code: str) -> None:
    expected = calc_check_char(code[:-1])
    if code[-1] != expected:
        raise USCCError(
            "check_char",
            f"Check character is {code[-1]!r} but should be {expected!r}; the code probably contains a typo.",
        )


def _check_org_code(code: str) -> None:
    body = code[8:17]
    expected = calc_org_check(body[:8])
    if body[8] != expected:
        raise USCCError(
            "org_check",
            f"Embedded organisation code {body!r} has check character {body[8]!r} "
            f"but should have {expected!r}.",
        )


def validate(raw: str, *, check_org_code: bool = True) -> str:
    """Return the canonical form of ``raw`` or raise :class:`USCCError`.

    Checks, in this order: length, character set, authority code, region code (6 digits with a
    known province prefix), the check character, and the embedded organisation-code check.

    The organisation-code check (positions 9-17) only makes sense when that body really is a
    GB 11714 organisation code. That holds for enterprises (authority ``9``, type ``1``), but
    many genuine codes issued to individual businesses (``92``), and some issued by other
    authorities, use a body derived from an old registration number which has no valid GB 11714
    check character. Rejecting those would reject real, legally issued codes, so the check is
    only enforced for the ``91`` prefix, and only when ``check_org_code`` is true. The entity
    type code itself is not validated, so that types added by later amendments are accepted;
    :func:`entity_type_label` returns ``None`` for them.
    """
    code = normalize(raw)
    _check_length(code)
    _check_charset(code)
    _check_authority(code)
    _check_region(code[2:8])
    _check_check_char(code)
    if check_org_code and code[:2] in _ORG_CHECK_ENFORCED:
        _check_org_code(code)
    return code


def is_valid(raw: str, *, check_org_code: bool = True) -> bool:
    """Return whether ``raw`` is a valid USCC (see :func:`validate`)."""
    try:
        validate(raw, check_org_code=check_org_code)
    except USCCError:
        return False
    return True


def _encode_serial(serial: int) -> str:
    """Encode ``serial`` as 8 base-31 digits over :data:`ALPHABET` (bijective on [0, 31**8))."""
    if not 0 <= serial < 31**8:
        raise ValueError(f"serial must be in [0, 31**8), got {serial}")
    chars = []
    for _ in range(8):
        serial, digit = divmod(serial, 31)
        chars.append(ALPHABET[digit])
    return "".join(reversed(chars))


def generate(authority: str, entity_type: str, region: str, serial: int) -> str:
    """Build a deterministic, valid USCC, e.g. for demo data.

    The organisation-code body is ``serial`` written as 8 base-31 characters over
    :data:`ALPHABET` (serials below 10 give digits only), followed by its GB 11714 check
    character, so distinct serials give distinct codes for the same prefix.
    """
    if authority not in AUTHORITY_CODES:
        raise USCCError("authority", f"Unknown registration-authority code {authority!r}.")
    if len(entity_type) != 1 or entity_type not in _VALUES:
        raise ValueError(f"entity_type must be one character of the alphabet, got {entity_type!r}")
    _check_region(region)
    body = _encode_serial(serial)
    first17 = f"{authority}{entity_type}{region}{body}{calc_org_check(body)}"
    return first17 + calc_check_char(first17)


def entity_type_label(code: str) -> str | None:
    """Return a short English key for the entity type of ``code``, or ``None`` if unknown.

    Only the first two characters (authority + entity type) are used, so both a full USCC and a
    two-character prefix are accepted; the code itself is not validated.
    """
    return ENTITY_TYPE_LABELS.get(normalize(code)[:2])
