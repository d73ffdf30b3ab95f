"""Tests for qualitycity.core.workdays (pure pytest, no Django)."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycity.core.workdays import (
    CalendarNotAvailable,
    MappingOverrides,
    WorkdayCalendar,
    library_years,
)

CSV_PATH = Path(__file__).parent / "data" / "cn_holidays_2024_2026.csv"
CSV_COLUMNS = ["date", "day_type", "holiday_key", "holiday_name_en", "holiday_name_zh", "in_lieu"]
EXPECTED_ZH = {
    "new_years_day": "元旦",
    "spring_festival": "春节",
    "tomb_sweeping_day": "清明节",
    "labour_day": "劳动节",
    "dragon_boat_festival": "端午节",
    "mid_autumn_festival": "中秋节",
    "national_day": "国庆节",
}


def _load_rows() -> list[dict[str, str]]:
    with CSV_PATH.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == CSV_COLUMNS
        return list(reader)


ROWS = _load_rows()
LISTED = {date.fromisoformat(r["date"]) for r in ROWS}

CAL = WorkdayCalendar()

D = date  # short alias for the many literal dates below


def _naive_add(cal: WorkdayCalendar, start: date, n: int) -> date:
    """Day-by-day reference implementation of add_workdays."""
    if n == 0:
        d = start
        while not cal.is_workday(d):
            d += timedelta(days=1)
        return d
    step = timedelta(days=1 if n > 0 else -1)
    d, left = start, abs(n)
    while left:
        d += step
        if cal.is_workday(d):
            left -= 1
    return d


# --- the reference CSV --------------------------------------------------------------------------


def test_fixture_shape() -> None:
    assert len(ROWS) == 108
    assert sum(r["day_type"] == "holiday" for r in ROWS) == 89
    assert sum(r["day_type"] == "workday" for r in ROWS) == 19
    assert len(LISTED) == 108


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['date']}-{r['day_type']}" for r in ROWS])
def test_csv_row(row: dict[str, str]) -> None:
    d = date.fromisoformat(row["date"])
    if row["day_type"] == "holiday":
        assert not CAL.is_workday(d)
        assert CAL.is_rest_day(d)
        if row["in_lieu"] == "yes":
            assert d.weekday() < 5  # an in-lieu day off is always a weekday
    else:
        assert row["day_type"] == "workday"
        assert CAL.is_workday(d)
        assert d.weekday() >= 5  # make-up workdays are weekend days
    assert CAL.day_name(d) == EXPECTED_ZH[row["holiday_key"]]
    assert CAL.day_info(d).source == "library"


def test_unlisted_days_follow_weekday_rule() -> None:
    d, checked = D(2024, 1, 1), 0
    while d <= D(2026, 12, 31):
        if d not in LISTED:
            assert CAL.is_workday(d) is (d.weekday() < 5), d
            assert CAL.day_name(d) is None, d
            checked += 1
        d += timedelta(days=1)
    assert checked == 1096 - 108


def test_2026_notice_matches() -> None:
    """The 2026 国务院办公厅 notice, checked against the calendar day by day."""

    def span(a: date, b: date) -> list[date]:
        return [a + timedelta(days=i) for i in range((b - a).days + 1)]

    off = {
        "元旦": span(D(2026, 1, 1), D(2026, 1, 3)),
        "春节": span(D(2026, 2, 15), D(2026, 2, 23)),
        "清明节": span(D(2026, 4, 4), D(2026, 4, 6)),
        "劳动节": span(D(2026, 5, 1), D(2026, 5, 5)),
        "端午节": span(D(2026, 6, 19), D(2026, 6, 21)),
        "中秋节": span(D(2026, 9, 25), D(2026, 9, 27)),
        "国庆节": span(D(2026, 10, 1), D(2026, 10, 7)),
    }
    worked = {
        D(2026, 1, 4): "元旦",
        D(2026, 2, 14): "春节",
        D(2026, 2, 28): "春节",
        D(2026, 5, 9): "劳动节",
        D(2026, 9, 20): "国庆节",
        D(2026, 10, 10): "国庆节",
    }
    for name, days in off.items():
        for d in days:
            assert CAL.is_rest_day(d), d
            assert CAL.day_name(d) == name, d
    for d, name in worked.items():
        assert d.weekday() >= 5
        assert CAL.is_workday(d), d
        assert CAL.day_name(d) == name, d
    special = {d for days in off.values() for d in days} | set(worked)
    d = D(2026, 1, 1)
    while d.year == 2026:
        if d not in special:
            assert CAL.is_workday(d) is (d.weekday() < 5), d
        d += timedelta(days=1)


# --- add_workdays -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # 国庆 2026: 1-7 Oct off; Sun 20 Sep and Sat 10 Oct worked; 中秋 25-27 Sep off.
        (D(2026, 9, 30), 1, D(2026, 10, 8)),
        (D(2026, 9, 18), 1, D(2026, 9, 20)),  # Fri -> the make-up Sunday
        (D(2026, 10, 8), 2, D(2026, 10, 10)),  # -> the make-up Saturday
        (D(2026, 10, 3), 1, D(2026, 10, 8)),
        # 春节 2026: 15-23 Feb off; Sat 14 Feb and Sat 28 Feb worked.
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 14), 1, D(2026, 2, 24)),
        (D(2026, 2, 27), 1, D(2026, 2, 28)),
        # Year boundaries.
        (D(2025, 12, 31), 1, D(2026, 1, 4)),  # 1-3 Jan off, Sun 4 Jan worked
        (D(2025, 12, 31), 0, D(2025, 12, 31)),
        (D(2024, 12, 31), 1, D(2025, 1, 2)),
        # Zero: the start itself if it is a workday, else the next workday.
        (D(2026, 10, 8), 0, D(2026, 10, 8)),
        (D(2026, 10, 3), 0, D(2026, 10, 8)),
        (D(2026, 9, 19), 0, D(2026, 9, 20)),
        # Negative: the n-th workday before start.
        (D(2026, 10, 8), -1, D(2026, 9, 30)),
        (D(2026, 2, 24), -1, D(2026, 2, 14)),
        (D(2026, 2, 24), -2, D(2026, 2, 13)),
        (D(2026, 10, 5), -1, D(2026, 9, 30)),
        (D(2026, 1, 5), -2, D(2025, 12, 31)),
    ],
)
def test_add_workdays_examples(start: date, n: int, expected: date) -> None:
    assert CAL.add_workdays(start, n) == expected


def test_new_year_2026_makeup_sunday() -> None:
    # 4 Jan 2026 (Sun) is worked, so the first workday after 31 Dec 2025 is... 4 Jan.
    assert CAL.is_workday(D(2026, 1, 4))
    assert CAL.add_workdays(D(2025, 12, 31), 1) == D(2026, 1, 4)


def test_twenty_workday_deadline_over_spring_festival() -> None:
    # By hand, after Fri 6 Feb 2026: 9-13 Feb (5), Sat 14 Feb (6), [15-23 Feb off],
    # 24-27 Feb (10), Sat 28 Feb (11), 2-6 Mar (16), 9-12 Mar (20).
    assert CAL.add_workdays(D(2026, 2, 6), 20) == D(2026, 3, 12)
    assert CAL.workdays_between(D(2026, 2, 6), D(2026, 3, 12)) == 20
    # Without the holiday it would have been Fri 6 Mar.
    assert D(2026, 3, 12) - D(2026, 3, 6) == timedelta(days=6)


def test_seven_workday_deadline_over_national_day() -> None:
    # By hand, after Mon 28 Sep 2026: 29, 30 Sep (2), [1-7 Oct off], 8, 9 Oct (4),
    # Sat 10 Oct (5), 12, 13 Oct (7).
    assert CAL.add_workdays(D(2026, 9, 28), 7) == D(2026, 10, 13)
    # After Fri 18 Sep 2026: Sun 20 Sep (1), 21-24 Sep (5), [25-27 Sep off], 28, 29 Sep (7).
    assert CAL.add_workdays(D(2026, 9, 18), 7) == D(2026, 9, 29)


def test_add_workdays_accepts_datetime() -> None:
    assert CAL.add_workdays(datetime(2026, 9, 30, 17, 45), 1) == D(2026, 10, 8)
    assert CAL.is_workday(datetime(2026, 10, 10, 9, 0))


def test_add_workdays_matches_naive_over_long_span() -> None:
    start = D(2024, 1, 1)
    assert CAL.add_workdays(start, 600) == _naive_add(CAL, start, 600)
    assert CAL.add_workdays(D(2026, 12, 31), -700) == _naive_add(CAL, D(2026, 12, 31), -700)


# --- workdays_between ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 9, 30), D(2026, 10, 8), 1),
        (D(2026, 9, 30), D(2026, 10, 7), 0),
        (D(2026, 9, 30), D(2026, 9, 30), 0),
        (D(2026, 10, 1), D(2026, 10, 10), 3),  # 8, 9, Sat 10
        (D(2026, 2, 13), D(2026, 2, 28), 6),  # Sat 14, 24-27, Sat 28
        (D(2025, 12, 31), D(2026, 1, 9), 6),  # Sun 4 Jan, 5-9 Jan
        (D(2024, 1, 1), D(2024, 12, 31), 251),  # 1 Jan 2024 is a holiday anyway
        # Backwards: -(workdays in [end, start)).
        (D(2026, 10, 8), D(2026, 9, 30), -1),
        (D(2026, 10, 7), D(2026, 9, 30), -1),
        (D(2026, 1, 9), D(2025, 12, 31), -6),  # 31 Dec, Sun 4 Jan, 5-8 Jan
    ],
)
def test_workdays_between_examples(start: date, end: date, expected: int) -> None:
    assert CAL.workdays_between(start, end) == expected


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        # By hand: weekdays - weekday holidays + make-up weekend workdays.
        (2024, 262 - 19 + 8),  # 251
        (2025, 261 - 18 + 5),  # 248
        (2026, 261 - 19 + 6),  # 248
    ],
)
def test_workdays_per_year(year: int, expected: int) -> None:
    assert CAL.workdays_between(D(year - 1, 12, 31), D(year, 12, 31)) == expected


def test_workdays_between_counts_match_year_lists() -> None:
    for year in (2024, 2025, 2026):
        total = sum(len(CAL.workdays_in(year, m)) for m in range(1, 13))
        assert CAL.workdays_between(D(year - 1, 12, 31), D(year, 12, 31)) == total
    assert CAL.workdays_between(D(2023, 12, 31), D(2026, 12, 31)) == sum(
        len(CAL.workdays_in(y, m)) for y in (2024, 2025, 2026) for m in range(1, 13)
    )


# --- add_calendar_days --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 9, 25), 7, D(2026, 10, 8)),  # ends Fri 2 Oct (国庆) -> Thu 8 Oct
        (D(2026, 9, 23), 7, D(2026, 9, 30)),  # ends on a workday: unchanged
        (D(2026, 3, 6), 1, D(2026, 3, 9)),  # ends Sat -> Mon
        (D(2026, 10, 3), 7, D(2026, 10, 10)),  # ends on the make-up Saturday: unchanged
        (D(2026, 2, 1), 14, D(2026, 2, 24)),  # ends Sun 15 Feb (春节) -> Tue 24 Feb
        (D(2026, 2, 14), 0, D(2026, 2, 14)),
        (D(2025, 12, 2), 30, D(2026, 1, 4)),  # ends Thu 1 Jan 2026 -> Sun 4 Jan (worked)
    ],
)
def test_add_calendar_days(start: date, n: int, expected: date) -> None:
    assert CAL.add_calendar_days(start, n) == expected


def test_add_calendar_days_rejects_negative() -> None:
    with pytest.raises(ValueError, match=r"\S"):
        CAL.add_calendar_days(D(2026, 1, 10), -1)


# --- workdays_in / day_name ---------------------------------------------------------------------


def test_workdays_in_october_2026() -> None:
    days = CAL.workdays_in(2026, 10)
    assert days[0] == D(2026, 10, 8)
    assert D(2026, 10, 10) in days
    assert all(not (D(2026, 10, 1) <= d <= D(2026, 10, 7)) for d in days)
    assert len(days) == 22 - 5 + 1  # 22 weekdays, 5 of them off, plus Sat 10 Oct
    assert days == sorted(days)


def test_workdays_in_february_2026() -> None:
    days = CAL.workdays_in(2026, 2)
    # 20 weekdays, 6 off (16-20, 23), plus Sat 14 and Sat 28.
    assert len(days) == 16
    assert days[-1] == D(2026, 2, 28)


def test_workdays_in_rejects_bad_month() -> None:
    with pytest.raises(ValueError, match=r"\S"):
        CAL.workdays_in(2026, 13)


def test_day_names_from_library() -> None:
    assert CAL.day_name(D(2026, 10, 1)) == "国庆节"
    assert CAL.day_name(D(2025, 10, 6)) == "中秋节"  # 中秋 inside the 2025 National Day break
    assert CAL.day_name(D(2026, 4, 5)) == "清明节"
    assert CAL.day_name(D(2026, 6, 19)) == "端午节"
    assert CAL.day_name(D(2026, 10, 12)) is None
    assert CAL.day_name(D(2026, 10, 11)) is None  # plain Sunday
    assert CAL.day_name(D(2015, 9, 3)).startswith("中国人民抗日战争")


# --- coverage, 2027 and overrides ---------------------------------------------------------------


def test_library_years() -> None:
    assert library_years() == frozenset(range(2004, 2027))


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.is_workday(D(2027, 1, 4)),
        lambda c: c.is_rest_day(D(2027, 6, 5)),
        lambda c: c.day_name(D(2027, 1, 1)),
        lambda c: c.workdays_in(2027, 3),
        lambda c: c.add_workdays(D(2026, 12, 31), 1),
        lambda c: c.add_workdays(D(2026, 12, 1), 40),
        lambda c: c.add_calendar_days(D(2026, 12, 31), 1),
        lambda c: c.workdays_between(D(2026, 12, 1), D(2027, 1, 5)),
    ],
)
def test_2027_not_available(call) -> None:
    with pytest.raises(CalendarNotAvailable) as excinfo:
        call(WorkdayCalendar())
    assert excinfo.value.year == 2027
    assert isinstance(excinfo.value, ValueError)


def test_year_before_library_not_available() -> None:
    with pytest.raises(CalendarNotAvailable) as excinfo:
        CAL.add_workdays(D(2004, 1, 5), -10)
    assert excinfo.value.year == 2003


def test_within_2026_does_not_need_2027() -> None:
    assert CAL.add_workdays(D(2026, 12, 30), 1) == D(2026, 12, 31)
    assert CAL.add_calendar_days(D(2026, 12, 24), 7) == D(2026, 12, 31)


def test_2027_override_makes_year_available() -> None:
    provider = MappingOverrides({D(2027, 1, 1): (False, "元旦")})
    cal = WorkdayCalendar(provider)
    assert cal.is_rest_day(D(2027, 1, 1))  # a Friday, off by override
    assert cal.day_name(D(2027, 1, 1)) == "元旦"
    assert cal.day_info(D(2027, 1, 1)).source == "override"
    assert cal.is_workday(D(2027, 1, 4))  # plain Monday
    assert cal.is_rest_day(D(2027, 1, 2))  # plain Saturday
    assert cal.day_info(D(2027, 1, 4)).source == "weekday-rule"
    assert cal.add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert cal.workdays_between(D(2026, 12, 31), D(2027, 1, 8)) == 5
    assert 2027 in cal.covered_years()
    assert cal.missing_years([2026, 2027, 2028]) == [2028]


def test_override_beats_library() -> None:
    cal = WorkdayCalendar(
        MappingOverrides(
            {
                D(2026, 10, 7): (True, "国庆节调休上班"),  # library: holiday
                D(2026, 10, 8): (False, "临时休息"),  # library: plain Thursday
                D(2026, 10, 10): (False, "国庆节"),  # library: make-up Saturday
            }
        )
    )
    assert cal.is_workday(D(2026, 10, 7))
    assert cal.day_name(D(2026, 10, 7)) == "国庆节调休上班"
    assert cal.is_rest_day(D(2026, 10, 8))
    assert cal.is_rest_day(D(2026, 10, 10))
    assert cal.add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 7)
    assert cal.add_workdays(D(2026, 10, 7), 1) == D(2026, 10, 9)
    assert cal.add_workdays(D(2026, 10, 9), 1) == D(2026, 10, 12)
    # Other days still come from the library.
    assert cal.is_rest_day(D(2026, 10, 6))
    assert cal.day_info(D(2026, 10, 6)).source == "library"
    # The default calendar is unaffected.
    assert CAL.is_rest_day(D(2026, 10, 7))


def test_plain_callable_provider_and_caching() -> None:
    calls: list[int] = []

    def provider(year: int) -> dict[date, tuple[bool, str]]:
        calls.append(year)
        if year == 2027:
            # An entry outside the requested year is ignored.
            return {D(2027, 2, 8): (False, "春节"), D(2026, 10, 12): (False, "x")}
        return {}

    cal = WorkdayCalendar(provider)
    assert cal.missing_years([2027, 2028, 2026, 2028]) == [2028]
    assert cal.is_rest_day(D(2027, 2, 8))
    assert cal.is_workday(D(2027, 2, 9))
    assert cal.is_workday(D(2026, 10, 12))
    cal.is_workday(D(2027, 2, 10))
    assert calls.count(2027) == 1  # cached per year
    assert 2027 in cal.covered_years()  # known because it was looked up
    cal.clear_cache()
    cal.is_workday(D(2027, 2, 10))
    assert calls.count(2027) == 2


def test_override_with_non_bool_flag_rejected() -> None:
    cal = WorkdayCalendar(lambda year: {D(2026, 10, 8): ("no", "x")})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        cal.is_workday(D(2026, 10, 8))


def test_covered_and_missing_years_default() -> None:
    cal = WorkdayCalendar()
    assert cal.covered_years() == set(range(2004, 2027))
    assert cal.missing_years([2028, 2003, 2024, 2027, 2026]) == [2003, 2027, 2028]


# --- properties ---------------------------------------------------------------------------------

starts = st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 6, 30))
counts = st.integers(min_value=1, max_value=100)


@given(starts, counts)
def test_prop_result_is_workday(d: date, n: int) -> None:
    result = CAL.add_workdays(d, n)
    assert result > d
    assert CAL.is_workday(result)


@given(starts, counts)
def test_prop_between_inverts_add(d: date, n: int) -> None:
    assert CAL.workdays_between(d, CAL.add_workdays(d, n)) == n


@given(starts, st.integers(min_value=1, max_value=99))
def test_prop_strictly_increasing(d: date, n: int) -> None:
    assert CAL.add_workdays(d, n) < CAL.add_workdays(d, n + 1)


@given(starts, st.integers(min_value=1, max_value=60), st.integers(min_value=1, max_value=60))
def test_prop_composition(d: date, a: int, b: int) -> None:
    assert CAL.add_workdays(CAL.add_workdays(d, a), b) == CAL.add_workdays(d, a + b)


@settings(max_examples=200)
@given(
    st.dates(min_value=D(2024, 7, 1), max_value=D(2026, 6, 30)),
    st.integers(min_value=-100, max_value=100),
)
def test_prop_matches_naive(d: date, n: int) -> None:
    result = CAL.add_workdays(d, n)
    assert result == _naive_add(CAL, d, n)
    if n != 0:
        assert CAL.workdays_between(d, result) == n


@given(starts, st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 12, 31)))
def test_prop_between_matches_naive(a: date, b: date) -> None:
    lo, hi = min(a, b), max(a, b)
    days = [lo + timedelta(days=i) for i in range((hi - lo).days + 1)]
    if b >= a:
        expected = sum(CAL.is_workday(x) for x in days if x != a)
    else:
        expected = -sum(CAL.is_workday(x) for x in days if x != a)
    assert CAL.workdays_between(a, b) == expected


@given(st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 11, 30)), st.integers(0, 30))
def test_prop_calendar_days_end_is_first_workday(d: date, n: int) -> None:
    end = CAL.add_calendar_days(d, n)
    raw = d + timedelta(days=n)
    assert end >= raw
    assert CAL.is_workday(end)
    assert all(CAL.is_rest_day(raw + timedelta(days=i)) for i in range((end - raw).days))
