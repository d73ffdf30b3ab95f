"""The platform's single working-day calendar (Chinese working days).

A day is a *workday* when it is Monday to Friday and not a statutory holiday, or when it is a
调休 make-up workday (a weekend day that is worked). Everything else is a *rest day*.

Data sources, in order of precedence:

1. **Admin overrides** supplied by the caller: per year, a mapping ``date -> (is_workday, name)``.
2. **chinese_calendar** package data (``chinese_calendar.constants``; 2004-2026 in 1.11.0).
3. **Nothing.** A date in a year that has neither library data nor at least one admin override
   raises :class:`CalendarNotAvailable`. The calendar never falls back to a silent
   weekends-only guess. A year with at least one admin override and no library data uses the
   plain Monday-to-Friday rule plus the overrides.

Deadlines follow the Civil Code (民法典): a period counted in days starts on the day after the
start date (Art. 201), and a period whose last day is a statutory holiday ends on the day after
the holiday (Art. 203; weekends are treated as rest days, as courts do).

This module is pure Python and does not import Django, so it can be used from any layer. The
Django side constructs a :class:`WorkdayCalendar` with an override provider that reads the
admin table.
"""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, NamedTuple

from chinese_calendar import constants as _cc

__all__ = [
    "HOLIDAY_NAMES_ZH",
    "CalendarNotAvailable",
    "DayInfo",
    "MappingOverrides",
    "OverrideProvider",
    "WorkdayCalendar",
    "library_years",
]

OverrideProvider = Callable[[int], Mapping[_dt.date, tuple[bool, str]]]
"""A callable returning the admin overrides of one year: ``date -> (is_workday, name)``."""

DaySource = Literal["override", "library", "weekday-rule"]

HOLIDAY_NAMES_ZH: dict[str, str] = {
    "new_years_day": "元旦",
    "spring_festival": "春节",
    "tomb_sweeping_day": "清明节",
    "labour_day": "劳动节",
    "dragon_boat_festival": "端午节",
    "mid_autumn_festival": "中秋节",
    "national_day": "国庆节",
}
"""Chinese names for the ``chinese_calendar.Holiday`` enum members, keyed by member name.

The package's own Chinese labels are shortened for some festivals (清明, 端午, 中秋); these are the
names used in the 国务院办公厅 notices. Members not listed here (the one-off 2015
``anti_fascist_70th_day``) fall back to the package's own Chinese label.
"""


class CalendarNotAvailable(ValueError):
    """Raised for a date whose year has no calendar data at all.

    Neither ``chinese_calendar`` nor the admin overrides know the year, so whether a given day
    is a workday cannot be decided. Ask an administrator to enter that year's holiday notice.
    """

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"No working-day calendar for {year}: chinese_calendar has no data for that year "
            f"and no admin override exists in it. Enter the {year} holiday notice first."
        )


class DayInfo(NamedTuple):
    """Everything the calendar knows about one day."""

    date: _dt.date
    is_workday: bool
    name: str | None
    """Holiday name in Chinese; for a 调休 make-up workday, the holiday it belongs to."""
    source: DaySource
    """Which data source decided the day: ``override``, ``library`` or ``weekday-rule``."""


# ---------------------------------------------------------------------------------------------
# chinese_calendar data, indexed once per process
# ---------------------------------------------------------------------------------------------


def _holiday_name_zh(english: str) -> str:
    """Map a ``chinese_calendar`` holiday value (English) to its Chinese name."""
    try:
        member = _cc.Holiday(english)
    except ValueError:
        return english
    return HOLIDAY_NAMES_ZH.get(member.name) or getattr(member, "chinese", None) or english


def _index_library() -> dict[int, dict[_dt.date, tuple[bool, str]]]:
    """Group the package's ``holidays`` and ``workdays`` dicts by year.

    Only years with at least one entry in ``holidays`` count as covered: the package's own
    range check (``min``..``max`` of the keys) would also accept a year without data.
    """
    by_year: dict[int, dict[_dt.date, tuple[bool, str]]] = {}
    for day in _cc.holidays:
        by_year.setdefault(day.year, {})
    for day, english in _cc.holidays.items():
        by_year[day.year][day] = (False, _holiday_name_zh(english))
    # A make-up workday wins over a holiday entry for the same day (as in the package).
    for day, english in _cc.workdays.items():
        if day.year in by_year:
            by_year[day.year][day] = (True, _holiday_name_zh(english))
    return by_year


_LIBRARY: dict[int, dict[_dt.date, tuple[bool, str]]] = _index_library()


def library_years() -> frozenset[int]:
    """Years for which ``chinese_calendar`` has holiday data."""
    return frozenset(_LIBRARY)


# ---------------------------------------------------------------------------------------------
# Override providers
# ---------------------------------------------------------------------------------------------


def _no_overrides(year: int) -> Mapping[_dt.date, tuple[bool, str]]:
    """The default override provider: no admin overrides in any year."""
    return {}


class MappingOverrides:
    """An override provider backed by one flat mapping ``date -> (is_workday, name)``.

    Besides being callable per year it implements :meth:`years`, which lets
    :meth:`WorkdayCalendar.covered_years` list every year that has overrides. A database-backed
    provider can do the same by exposing a ``years()`` method (e.g. a ``DISTINCT`` year query).
    """

    def __init__(self, entries: Mapping[_dt.date, tuple[bool, str]] | None = None) -> None:
        self._by_year: dict[int, dict[_dt.date, tuple[bool, str]]] = {}
        for day, value in (entries or {}).items():
            self._by_year.setdefault(day.year, {})[day] = value

    def __call__(self, year: int) -> Mapping[_dt.date, tuple[bool, str]]:
        return dict(self._by_year.get(year, {}))

    def years(self) -> set[int]:
        """Years with at least one override."""
        return set(self._by_year)


# ---------------------------------------------------------------------------------------------
# The calendar
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Year:
    """Precomputed data for one calendar year."""

    first_ordinal: int
    flags: bytes  # flags[i] == 1 when day (first_ordinal + i) is a workday
    workdays: list[int]  # sorted ordinals of the workdays
    names: dict[int, str]  # ordinal -> holiday name
    sources: dict[int, DaySource]  # ordinal -> source, only for non-default days


def _as_date(value: _dt.date) -> _dt.date:
    """Accept a ``date`` or ``datetime`` (its date part); reject anything else."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    raise TypeError(f"expected datetime.date, got {type(value).__name__}")


class WorkdayCalendar:
    """Chinese working-day calendar with admin overrides on top of ``chinese_calendar``.

    ``overrides`` is a callable ``(year) -> Mapping[date, (is_workday, name)]``; it is called
    at most once per year and the result is cached in the instance (call :meth:`clear_cache`
    after the admin edits overrides). Entries whose date is not in the requested year are
    ignored. If the provider also has a ``years()`` method, :meth:`covered_years` uses it.

    Year data is precomputed on first use (a per-year flag table and a sorted list of workday
    ordinals), so :meth:`is_workday` is a table lookup and :meth:`add_workdays` /
    :meth:`workdays_between` use binary search and jump whole years at a time.
    """

    def __init__(self, overrides: OverrideProvider | None = None) -> None:
        self._provider: OverrideProvider = overrides or _no_overrides
        self._overrides: dict[int, dict[_dt.date, tuple[bool, str]]] = {}
        self._years: dict[int, _Year] = {}

    # -- caching -------------------------------------------------------------------------------

    def clear_cache(self, year: int | None = None) -> None:
        """Forget cached overrides and precomputed data (for one year, or all years)."""
        if year is None:
            self._overrides.clear()
            self._years.clear()
        else:
            self._overrides.pop(year, None)
            self._years.pop(year, None)

    def _overrides_for(self, year: int) -> dict[_dt.date, tuple[bool, str]]:
        cached = self._overrides.get(year)
        if cached is not None:
            return cached
        raw = self._provider(year) or {}
        cleaned: dict[_dt.date, tuple[bool, str]] = {}
        for key, value in raw.items():
            day = _as_date(key)
            if day.year != year:
                continue
            is_workday, name = value
            if not isinstance(is_workday, bool):
                raise TypeError(
                    f"override for {day.isoformat()}: is_workday must be bool, "
                    f"got {type(is_workday).__name__}"
                )
            cleaned[day] = (is_workday, name)
        self._overrides[year] = cleaned
        return cleaned

    def _year(self, year: int) -> _Year:
        data = self._years.get(year)
        if data is not None:
            return data
        overrides = self._overrides_for(year)
        library = _LIBRARY.get(year)
        if library is None and not overrides:
            raise CalendarNotAvailable(year)

        first = _dt.date(year, 1, 1).toordinal()
        n_days = _dt.date(year, 12, 31).toordinal() - first + 1
        # date.weekday() == (ordinal - 1) % 7 (ordinal 1, 0001-01-01, is a Monday).
        flags = bytearray(1 if (first + i - 1) % 7 < 5 else 0 for i in range(n_days))
        names: dict[int, str] = {}
        sources: dict[int, DaySource] = {}
        layers: tuple[tuple[DaySource, Mapping[_dt.date, tuple[bool, str]]], ...] = (
            ("library", library or {}),
            ("override", overrides),  # applied last, so it wins
        )
        for source, entries in layers:
            for day, (is_workday, name) in entries.items():
                ordinal = day.toordinal()
                flags[ordinal - first] = 1 if is_workday else 0
                sources[ordinal] = source
                if name:
                    names[ordinal] = name
                else:
                    names.pop(ordinal, None)
        workdays = [first + i for i, flag in enumerate(flags) if flag]
        data = _Year(first, bytes(flags), workdays, names, sources)
        self._years[year] = data
        return data

    def _workday_ordinals(self, year: int) -> list[int]:
        return self._year(year).workdays

    # -- single days ---------------------------------------------------------------------------

    def is_workday(self, d: _dt.date) -> bool:
        """True when ``d`` is a working day (raises :class:`CalendarNotAvailable`)."""
        d = _as_date(d)
        data = self._year(d.year)
        return data.flags[d.toordinal() - data.first_ordinal] == 1

    def is_rest_day(self, d: _dt.date) -> bool:
        """True when ``d`` is a weekend day or holiday that is not worked."""
        return not self.is_workday(d)

    def day_name(self, d: _dt.date) -> str | None:
        """The Chinese holiday name of ``d``, or ``None`` for an ordinary day.

        Library names are 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节; overrides carry
        their own name. A 调休 make-up workday is named after the holiday it belongs to, so
        combine with :meth:`is_workday` to tell the two apart.
        """
        d = _as_date(d)
        return self._year(d.year).names.get(d.toordinal())

    def day_info(self, d: _dt.date) -> DayInfo:
        """Workday flag, name and deciding source of ``d`` in one call."""
        d = _as_date(d)
        data = self._year(d.year)
        ordinal = d.toordinal()
        return DayInfo(
            date=d,
            is_workday=data.flags[ordinal - data.first_ordinal] == 1,
            name=data.names.get(ordinal),
            source=data.sources.get(ordinal, "weekday-rule"),
        )

    def workdays_in(self, year: int, month: int) -> list[_dt.date]:
        """All workdays of one month, in order."""
        if not 1 <= month <= 12:
            raise ValueError(f"month must be 1..12, got {month}")
        lo = _dt.date(year, month, 1).toordinal()
        hi = (_dt.date(year + 1, 1, 1) if month == 12 else _dt.date(year, month + 1, 1)).toordinal()
        ordinals = self._workday_ordinals(year)
        return [
            _dt.date.fromordinal(o) for o in ordinals[bisect_left(ordinals, lo) : bisect_left(ordinals, hi)]
        ]

    # -- periods -------------------------------------------------------------------------------

    def add_workdays(self, start: _dt.date, n: int) -> _dt.date:
        """The ``n``-th workday after ``start``; the start day itself is never counted.

        * ``n >= 1``: the n-th workday after ``start`` (民法典 Art. 201: count from the next day);
        * ``n == 0``: ``start`` if it is a workday, else the next workday;
        * ``n <= -1``: the |n|-th workday before ``start``.

        Every year from ``start`` to the result must be covered, else
        :class:`CalendarNotAvailable` is raised for the first uncovered year reached.
        """
        start = _as_date(start)
        if n == 0:
            return start if self.is_workday(start) else self.add_workdays(start, 1)
        origin = start.toordinal()
        year = start.year
        ordinals = self._workday_ordinals(year)
        if n > 0:
            # ordinals[i:] are the workdays after start in its year.
            i = bisect_right(ordinals, origin)
            remaining = n
            while remaining > len(ordinals) - i:
                remaining -= len(ordinals) - i
                year += 1
                ordinals = self._workday_ordinals(year)
                i = 0
            return _dt.date.fromordinal(ordinals[i + remaining - 1])
        # ordinals[:i] are the workdays before start in its year.
        i = bisect_left(ordinals, origin)
        remaining = -n
        while remaining > i:
            remaining -= i
            year -= 1
            ordinals = self._workday_ordinals(year)
            i = len(ordinals)
        return _dt.date.fromordinal(ordinals[i - remaining])

    def workdays_between(self, start: _dt.date, end: _dt.date) -> int:
        """Workdays from ``start`` (excluded) to ``end`` (included), signed by direction.

        For ``end >= start`` this counts the workdays in ``(start, end]``. For ``end < start``
        it counts, negated, the workdays in ``[end, start)``: still start excluded, end
        included, walking backwards. Hence ``workdays_between(d, add_workdays(d, n)) == n`` for
        every ``n != 0``.
        """
        start, end = _as_date(start), _as_date(end)
        if end >= start:
            return self._rank(end, bisect_right) - self._rank(start, bisect_right, end.year)
        return -(self._rank(start, bisect_left) - self._rank(end, bisect_left, start.year))

    def _rank(self, d: _dt.date, bisector: Callable[[list[int], int], int], upto: int | None = None) -> int:
        """Workdays before (``bisect_left``) or up to (``bisect_right``) ``d`` in its year,
        minus the workdays of the years ``d.year .. upto - 1`` when ``upto`` is given.

        Used as a difference of ranks relative to the start of the later date's year.
        """
        count = bisector(self._workday_ordinals(d.year), d.toordinal())
        if upto is not None:
            for year in range(d.year, upto):
                count -= len(self._workday_ordinals(year))
        return count

    def add_calendar_days(self, start: _dt.date, n: int) -> _dt.date:
        """End of a period of ``n`` calendar days from ``start`` (民法典 Arts. 201, 203).

        The period ends on ``start + n`` days; if that day is a rest day (statutory holiday or
        weekend) it moves to the next workday. ``n`` must not be negative.
        """
        if n < 0:
            raise ValueError(f"a period cannot have a negative length ({n} days)")
        end = _as_date(start) + _dt.timedelta(days=n)
        return self.add_workdays(end, 0)

    # -- coverage ------------------------------------------------------------------------------

    def _has_overrides(self, year: int) -> bool:
        return bool(self._overrides_for(year))

    def covered_years(self) -> set[int]:
        """Years the calendar can answer for: library years plus years with overrides.

        Override years come from the provider's ``years()`` method when it has one; otherwise
        only years already looked up in this instance are known (use :meth:`missing_years` to
        check specific years, which always asks the provider).
        """
        years = set(_LIBRARY)
        lister = getattr(self._provider, "years", None)
        if callable(lister):
            years.update(int(y) for y in lister())
        years.update(y for y, entries in self._overrides.items() if entries)
        return years

    def missing_years(self, years: Iterable[int]) -> list[int]:
        """The given years (sorted, de-duplicated) that have no calendar data at all."""
        return sorted({y for y in years if y not in _LIBRARY and not self._has_overrides(y)})
