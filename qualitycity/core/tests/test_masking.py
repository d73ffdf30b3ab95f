"""Unit tests for qualitycity.core.masking (pure Python, no database)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualitycity.core.masking import (
    mask_address,
    mask_id_number,
    mask_name,
    mask_phone,
    mask_text,
)

mobiles = st.builds(
    lambda second, rest: f"1{second}{rest}",
    st.sampled_from("3456789"),
    st.text(alphabet="0123456789", min_size=9, max_size=9),
)
landlines = st.builds(
    lambda area, local: f"{area}-{local}",
    st.sampled_from(["010", "021", "0351", "0356", "0755"]),
    st.text(alphabet="0123456789", min_size=7, max_size=8),
)
any_phones = st.text(alphabet="0123456789 -+*", max_size=20)
id18 = st.builds(
    lambda body, check: body + check,
    st.text(alphabet="0123456789", min_size=17, max_size=17),
    st.sampled_from("0123456789Xx"),
)
id15 = st.text(alphabet="0123456789", min_size=15, max_size=15)
ids = st.one_of(id18, id15)
plausible_ids = st.builds(
    lambda region, birthday, sequence, check: f"{region}{birthday:%Y%m%d}{sequence}{check}",
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2029, 12, 31)),
    st.text(alphabet="0123456789", min_size=3, max_size=3),
    st.sampled_from("0123456789X"),
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("张三", "张*"),
        ("欧阳娜娜", "欧***"),
        ("李", "李"),
        (" 王小明 ", "王**"),
        ("John Smith", "J*** *****"),
        ("迪丽热巴·迪力木拉提", "迪*********"),
        ("", ""),
        ("   ", ""),
        (None, ""),
    ],
)
def test_mask_name(name: str | None, expected: str) -> None:
    assert mask_name(name) == expected


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138 **** 5678"),
        ("138-1234-5678", "138-****-5678"),
        ("+86 138 1234 5678", "+86 138 **** 5678"),
        ("8613812345678", "86138****5678"),
        ("0356-1234567", "0356-***4567"),
        ("0356-12345678", "0356-****5678"),
        ("03561234567", "0356***4567"),
        ("010-12345678", "010-****5678"),
        ("(021) 87654321", "(021) ****4321"),
        ("1234567", "*****67"),
        ("12315", "***15"),
        ("12", "12"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone(phone: str | None, expected: str) -> None:
    assert mask_phone(phone) == expected


@pytest.mark.parametrize(
    ("id_number", "expected"),
    [
        ("140502199001011234", "1405**********1234"),
        ("14050219900101123X", "1405**********123X"),
        ("140502900101123", "1405*******1123"),
        ("1234567", "*****67"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_id_number(id_number: str | None, expected: str) -> None:
    assert mask_id_number(id_number) == expected


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("山西省晋城市城区北石店镇某某村12号", "山西省晋城市城区北石店镇***"),
        ("晋城市泽州县金村镇府城村3号", "晋城市泽州县金村镇***"),
        ("晋城市城区东街街道凤台东街1号", "晋城市城区东街街道***"),
        ("晋城市城区泽州路123号", "晋城市城区泽州路***"),
        ("高平市原村乡上董峰村", "高平市原村乡***"),
        ("沁水县樊村河乡樊村河村5号", "沁水县樊村河乡***"),
        ("泽州县南村镇", "泽州县南村镇"),
        ("阳城县町店镇大宁村", "阳城县町店镇***"),
        ("陵川县礼义镇", "陵川县礼义镇"),
        ("临汾市乡宁县昌宁镇新华街5号", "临汾市乡宁县昌宁镇***"),
        ("江苏省镇江市京口区中山东路1号", "江苏省镇江市京口区中山东路***"),
        ("晋城市城区某某小区3号楼2单元", "晋城市城区***"),
        ("某某小区3号楼", "***"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_address(address: str | None, expected: str) -> None:
    assert mask_address(address) == expected


def test_mask_text() -> None:
    text = (
        "联系人张三，电话13812345678，身份证140502199001011234，旧证140502900101123，"
        "手机 +86 139-1234-5678，信用代码91110108551385082Q，座机0356-1234567。"
    )
    assert mask_text(text) == (
        "联系人张三，电话138****5678，身份证1405**********1234，旧证1405*******1123，"
        "手机 +86 139-****-5678，信用代码91110108551385082Q，座机0356-1234567。"
    )


@pytest.mark.parametrize(
    "text",
    [
        "订单号 138123456789012",  # 15 digits but no plausible birth date
        "编号123138123456789",  # a mobile-like run inside a longer number
        "12345678901",  # 11 digits not starting with 1[3-9]
    ],
)
def test_mask_text_leaves_other_numbers(text: str) -> None:
    assert mask_text(text) == text


def test_mask_text_empty() -> None:
    assert mask_text("") == ""
    assert mask_text(None) == ""


@given(mobiles)
def test_mobile_property(phone: str) -> None:
    masked = mask_phone(phone)
    assert len(masked) == len(phone)
    assert masked == phone[:3] + "****" + phone[7:]
    assert mask_phone(masked) == masked


@given(landlines)
def test_landline_property(phone: str) -> None:
    masked = mask_phone(phone)
    area, local = phone.split("-")
    assert len(masked) == len(phone)
    assert masked == f"{area}-{'*' * (len(local) - 4)}{local[-4:]}"
    assert mask_phone(masked) == masked


@given(any_phones)
def test_any_phone_keeps_length_and_is_idempotent(phone: str) -> None:
    masked = mask_phone(phone)
    assert len(masked) == len(phone)
    assert mask_phone(masked) == masked
    assert [c for c in masked if not c.isdigit() and c != "*"] == [
        c for c in phone if not c.isdigit() and c != "*"
    ]


@given(ids)
def test_id_property(id_number: str) -> None:
    masked = mask_id_number(id_number)
    assert len(masked) == len(id_number)
    assert masked[:4] == id_number[:4]
    assert masked[-4:] == id_number[-4:]
    assert set(masked[4:-4]) == {"*"}
    assert mask_id_number(masked) == masked


@given(
    st.lists(st.one_of(mobiles, plausible_ids), min_size=1, max_size=3),
    st.sampled_from(["，", "。", " ", ";", "：", "电话", "身份证号"]),
)
def test_mask_text_property(secrets: list[str], separator: str) -> None:
    text = "备注" + separator.join(secrets) + "结束"
    masked = mask_text(text)
    assert len(masked) == len(text)
    assert mask_text(masked) == masked
    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", masked)
    assert not re.search(r"\d{15}", masked)
    assert masked.count("*") == sum(4 if len(s) == 11 else 10 for s in secrets)


@given(st.text(max_size=40))
def test_maskers_are_idempotent_on_any_text(text: str) -> None:
    for masker in (mask_name, mask_phone, mask_id_number, mask_address, mask_text):
        once = masker(text)
        assert masker(once) == once
