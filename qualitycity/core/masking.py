"""Masking of personal data wherever it is published (portal pages, exports, public lists).

Every function accepts ``None`` or an empty string and returns ``""`` for them. Phone and ID
masking keeps the length of the input and every non-digit character in place, and all maskers
are idempotent: masking an already masked value returns it unchanged.

This module is pure Python and must not import Django.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["MASK", "mask_address", "mask_id_number", "mask_name", "mask_phone", "mask_text"]

MASK: Final = "*"

_PHONE_SLOT: Final = re.compile(r"[0-9*]")
_ID_SLOT: Final = re.compile(r"[0-9A-Za-z*]")
_MOBILE: Final = re.compile(r"((?:00)?86)?1[3-9][0-9*]{9}")
_LANDLINE: Final = re.compile(r"0[0-9][0-9*]{8,10}")

# A township/street-level token ends the part of an address that is kept. The token must not be
# the first character of a division name (乡宁县, 镇江市, 路桥区), so it may not directly follow a
# province/prefecture/county suffix or the start of the text. A 村 directly followed (at most
# one character later) by 镇/乡/街道 belongs to a town name (金村镇, 原村乡, 樊村河乡), so the
# match extends to the end of that town.
_TOWNSHIP: Final = re.compile(
    r"(?<=.)(?<![省市县区旗盟])(?:街道|乡|镇|路|村(?:[\u4e00-\u9fff]?(?:镇|乡|街道))?)"
)
# Fallback: province, then prefecture, then county (a county only after a prefecture, so that a
# residential compound such as "某某小区" is not mistaken for a district).
_DIVISIONS: Final = re.compile(
    r"(?:[^省]{1,8}省)?"
    r"(?:[^市州盟]{1,10}(?:市|自治州|地区|盟)(?:[^区县市旗]{1,10}[区县市旗])?)?"
)

_DAY: Final = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
_IN_TEXT: Final = re.compile(
    rf"(?<![0-9])(?P<id18>[0-9]{{6}}(?:18|19|20)[0-9]{{2}}{_DAY}[0-9]{{3}}[0-9Xx])(?![0-9])"
    rf"|(?<![0-9])(?P<id15>[0-9]{{8}}{_DAY}[0-9]{{3}})(?![0-9])"
    r"|(?<![0-9])(?P<mobile>(?:(?:\+|00)?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2})(?![0-9])"
)


def _mask_slots(text: str, slot: re.Pattern[str], keep_head: int, keep_tail: int) -> str:
    """Mask the slot characters of ``text`` except the first ``keep_head`` and last ``keep_tail``.

    Characters that are not slots (separators, spaces, ``+``) stay where they are.
    """
    positions = [match.start() for match in slot.finditer(text)]
    chars = list(text)
    for index in positions[keep_head : max(keep_head, len(positions) - keep_tail)]:
        chars[index] = MASK
    return "".join(chars)


def mask_name(name: str | None) -> str:
    """Keep the first character of a name and replace every other character by ``*``.

    ``"张三"`` -> ``"张*"``, ``"欧阳娜娜"`` -> ``"欧***"``, ``"John Smith"`` -> ``"J*** *****"``.
    Surrounding whitespace is removed; spaces inside Latin names are kept.
    """
    if not name or not name.strip():
        return ""
    name = name.strip()
    return name[0] + "".join(char if char.isspace() else MASK for char in name[1:])


def _area_code_length(digits: str) -> int:
    """Mainland area codes: 010 and 02X have three digits, all others four."""
    return 3 if digits[1] in "12" else 4


def mask_phone(phone: str | None) -> str:
    """Mask a phone number, keeping its length and separators.

    * Mobile (``1[3-9]`` + 9 digits, optionally after ``86``/``0086``): keep the first 3 and
      last 4 digits, ``"13812345678"`` -> ``"138****5678"``.
    * Landline with area code (``0`` + 9-11 digits): keep the area code and the last 4 digits,
      ``"0356-1234567"`` -> ``"0356-***4567"``.
    * Anything else: mask all digits but the last 2.
    """
    if not phone:
        return ""
    slots = "".join(_PHONE_SLOT.findall(phone))
    mobile = _MOBILE.fullmatch(slots)
    if mobile:
        prefix = len(mobile.group(1) or "")
        return _mask_slots(phone, _PHONE_SLOT, prefix + 3, 4)
    if _LANDLINE.fullmatch(slots):
        return _mask_slots(phone, _PHONE_SLOT, _area_code_length(slots), 4)
    return _mask_slots(phone, _PHONE_SLOT, 0, 2)


def mask_id_number(id_number: str | None) -> str:
    """Mask a resident ID number, keeping the first 4 and last 4 characters.

    Works for 18-character and old 15-digit numbers alike, e.g. ``"140502199001011234"`` ->
    ``"1405**********1234"``. Values with fewer than 9 characters keep only the last 2.
    """
    if not id_number:
        return ""
    slot_count = len(_ID_SLOT.findall(id_number))
    if slot_count < 9:
        return _mask_slots(id_number, _ID_SLOT, 0, 2)
    return _mask_slots(id_number, _ID_SLOT, 4, 4)


def _kept_length(address: str) -> int:
    """Return how many leading characters of ``address`` may be published."""
    token = _TOWNSHIP.search(address)
    if token:
        return token.end()
    divisions = _DIVISIONS.match(address)
    return divisions.end() if divisions else 0


def mask_address(address: str | None) -> str:
    """Keep an address up to its first township/street-level token and replace the rest by ``***``.

    The tokens are 街道, 乡, 镇, 村 and 路: ``"山西省晋城市城区北石店镇某某村12号"`` ->
    ``"山西省晋城市城区北石店镇***"``. Without such a token, the leading administrative divisions
    (province, prefecture, county) are kept; if none are recognised, everything is masked.
    """
    if not address or not address.strip():
        return ""
    address = address.strip()
    keep = _kept_length(address)
    if keep >= len(address):
        return address
    return address[:keep] + MASK * 3


def _mask_match(match: re.Match[str]) -> str:
    if match.group("mobile"):
        return mask_phone(match.group(0))
    return mask_id_number(match.group(0))


def mask_text(text: str | None) -> str:
    """Mask mainland mobile numbers and 18/15-digit resident ID numbers inside free text.

    ID numbers are recognised by their shape (region, plausible birth date, sequence), not by
    their check digit, so mistyped IDs are masked too. Mobiles may contain spaces or hyphens and
    a ``+86``/``0086`` prefix.
    """
    if not text:
        return ""
    return _IN_TEXT.sub(_mask_match, text)
