"""Unit tests for qualitycity.core.pinyin (pure Python, no database)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualitycity.core.pinyin import PHRASE_OVERRIDES, initials, search_key, syllables

JINCHENG = [
    ("晋城市", "jcs", "jinchengshi"),
    ("城区", "cq", "chengqu"),
    ("泽州县", "zzx", "zezhouxian"),
    ("沁水县", "qsx", "qinshuixian"),
    ("阳城县", "ycx", "yangchengxian"),
    ("陵川县", "lcx", "lingchuanxian"),
    ("高平市", "gps", "gaopingshi"),
]


@pytest.mark.parametrize(("text", "expected", "full"), JINCHENG)
def test_jincheng_divisions(text: str, expected: str, full: str) -> None:
    assert initials(text) == expected
    assert search_key(text) == f"{expected} {full}"


@pytest.mark.parametrize(
    ("text", "expected_initials", "expected_full"),
    [
        ("长治市", "czs", "changzhishi"),
        ("长平之战", "cpzz", "changpingzhizhan"),
        ("高都镇", "gdz", "gaoduzhen"),
        ("解州镇", "xzz", "xiezhouzhen"),
        ("繁峙县", "fsx", "fanshixian"),
        ("洪洞县", "htx", "hongtongxian"),
        ("长子县", "zzx", "zhangzixian"),  # 长子 really is zhang zi: no override needed
    ],
)
def test_overrides(text: str, expected_initials: str, expected_full: str) -> None:
    assert initials(text) == expected_initials
    assert "".join(syllables(text)) == expected_full


def test_overrides_are_lower_case_syllables() -> None:
    for phrase, readings in PHRASE_OVERRIDES.items():
        assert len(phrase) == len(readings)
        assert all(re.fullmatch(r"[a-z]+", reading) for reading in readings)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ABC晋城1号", "abcjc1h"),
        ("晋城市（城区）市场监督管理局", "jcscqscjdglj"),
        ("Ｑ＆Ａ晋城", "qajc"),
        ("abc-123 晋城!", "abc123jc"),
        ("吕梁", "ll"),
        ("，。！", ""),
        ("", ""),
    ],
)
def test_initials_mixed(text: str, expected: str) -> None:
    assert initials(text) == expected


def test_syllables_keep_non_chinese_runs() -> None:
    assert syllables("ABC晋城1号") == ["abc", "jin", "cheng", "1", "hao"]
    assert syllables("吕梁") == ["lv", "liang"]


def test_search_key_examples() -> None:
    assert search_key("晋城市") == "jcs jinchengshi"
    assert search_key("ABC晋城1号") == "abcjc1h abcjincheng1hao"
    assert search_key("") == ""
    assert search_key("——") == ""


@pytest.mark.parametrize("query", ["jcs", "jincheng", "chengshi", "jinchengshi"])
def test_search_key_substring_match(query: str) -> None:
    assert query in search_key("晋城市")


@given(st.text(max_size=30))
def test_output_is_lower_ascii(text: str) -> None:
    assert re.fullmatch(r"[a-z0-9]*", initials(text))
    key = search_key(text)
    assert key == "" or re.fullmatch(r"[a-z0-9]+ [a-z0-9]+", key)


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), max_size=20))
def test_initials_are_first_letters_of_syllables(text: str) -> None:
    items = syllables(text)
    assert initials(text) == "".join(item[0] for item in items)
