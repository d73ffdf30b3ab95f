"""Pinyin helpers for search: initials ("jcs") and a combined search key.

:func:`search_key` produces ``"<initials> <full pinyin>"`` (``"jcs jinchengshi"`` for 晋城市),
meant for an indexed column that is searched by substring, so both ``"jcs"`` and
``"jincheng"`` find 晋城市.

pypinyin already reads the Jincheng county names (泽州县, 沁水县, 阳城县, 陵川县, 高平市,
城区) correctly. :data:`PHRASE_OVERRIDES` fixes the few nearby Shanxi place names where its
default reading of a polyphonic character is wrong. Overrides are applied locally instead of
with ``pypinyin.load_phrases_dict`` so that importing this module has no global side effects.

Only ASCII letters and digits survive in the output: non-Chinese letters and digits are kept
lower-cased (full-width forms are folded to ASCII), everything else (punctuation, spaces,
symbols, other scripts) is dropped. ``ü`` is written as ``v`` (吕梁 -> ``lvliang``).

This module is pure Python and must not import Django.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from pypinyin import Style, lazy_pinyin

__all__ = ["PHRASE_OVERRIDES", "initials", "search_key", "syllables"]

PHRASE_OVERRIDES: Final[dict[str, tuple[str, ...]]] = {
    "长治": ("chang", "zhi"),  # pypinyin: zhang zhi
    "长平": ("chang", "ping"),  # 长平之战, Gaoping; pypinyin: zhang ping
    "高都": ("gao", "du"),  # 高都镇, Zezhou; pypinyin: gao dou
    "解州": ("xie", "zhou"),  # Yuncheng; pypinyin: jie zhou
    "繁峙": ("fan", "shi"),  # Xinzhou; pypinyin: fan zhi
    "洪洞": ("hong", "tong"),  # Linfen; pypinyin: hong dong
}
"""Place-name phrases whose pypinyin default reading is wrong, mapped to their syllables."""

_OVERRIDE_RE: Final = re.compile(
    "|".join(re.escape(phrase) for phrase in sorted(PHRASE_OVERRIDES, key=len, reverse=True))
)
_NOT_ALNUM: Final = re.compile(r"[^a-z0-9]+")


def _clean(item: str) -> str:
    """Lower-case ``item`` and keep only ASCII letters and digits."""
    return _NOT_ALNUM.sub("", item.lower())


def _override_items(phrase: str, style: Style) -> list[str]:
    """Return the overridden syllables of ``phrase`` (or their first letters) in ``style``."""
    readings = PHRASE_OVERRIDES[phrase]
    if style == Style.FIRST_LETTER:
        return [reading[0] for reading in readings]
    return list(readings)


def _pinyin_items(text: str, style: Style) -> list[str]:
    """Convert ``text`` in ``style``, applying :data:`PHRASE_OVERRIDES`; items are cleaned.

    Non-Chinese runs come back from pypinyin unchanged and are cleaned like everything else.
    """
    text = unicodedata.normalize("NFKC", text)
    items: list[str] = []
    position = 0
    for match in _OVERRIDE_RE.finditer(text):
        items.extend(lazy_pinyin(text[position : match.start()], style=style))
        items.extend(_override_items(match.group(0), style))
        position = match.end()
    items.extend(lazy_pinyin(text[position:], style=style))
    return [cleaned for cleaned in map(_clean, items) if cleaned]


def syllables(text: str) -> list[str]:
    """Return the toneless pinyin syllables of ``text``, with non-Chinese runs as their own items.

    ``syllables("ABC晋城1号") == ["abc", "jin", "cheng", "1", "hao"]``.
    """
    return _pinyin_items(text, Style.NORMAL)


def initials(text: str) -> str:
    """Return the lower-case pinyin initials of ``text``: ``initials("晋城市") == "jcs"``.

    Non-Chinese letters and digits are kept whole and lower-cased (``"ABC晋城1号"`` ->
    ``"abcjc1h"``); punctuation and spaces are dropped.
    """
    items = _pinyin_items(text, Style.FIRST_LETTER)
    return "".join(items)


def search_key(text: str) -> str:
    """Return ``"<initials> <full pinyin>"`` for substring search, e.g. ``"jcs jinchengshi"``.

    Returns ``""`` when ``text`` contains nothing searchable.
    """
    full = "".join(syllables(text))
    if not full:
        return ""
    return f"{initials(text)} {full}"
