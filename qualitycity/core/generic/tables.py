"""One table declaration per model: columns, default columns, headers.

The list page, the column chooser and the Excel/CSV export all read it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.formats import date_format
from django.utils.functional import Promise


@dataclass
class Column:
    """One column: `accessor` is a dotted attribute path or a callable taking the object."""

    name: str
    header: str | Promise
    accessor: str | Callable[[Any], Any] | None = None
    order_by: str | None = None
    sortable: bool = True
    link: bool = False
    exportable: bool = True

    def value(self, obj: Any) -> Any:
        accessor = self.accessor or self.name
        if callable(accessor):
            return accessor(obj)
        value: Any = obj
        for part in accessor.split("."):
            if value is None:
                return None
            value = getattr(value, part)
            if callable(value) and not isinstance(value, Model):
                value = value()
        return value

    @property
    def sort_key(self) -> str:
        return self.order_by or (self.accessor if isinstance(self.accessor, str) else self.name).replace(
            ".", "__"
        )


def display(value: Any) -> str:
    """A value as the UI shows it: dates in Chinese convention, booleans as 是/否."""
    from django.utils.translation import gettext as _

    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return date_format(value, "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    return str(value)


def export_value(value: Any) -> Any:
    """A value as it goes into a spreadsheet cell."""
    if value is None or isinstance(value, bool | int | float | dt.date):
        return value
    if isinstance(value, Model | Promise):
        return str(value)
    return str(value)


@dataclass
class Table:
    """The columns of a model's list and export."""

    columns: list[Column]
    default_columns: list[str] = field(default_factory=list)
    default_ordering: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.default_columns:
            self.default_columns = [c.name for c in self.columns]

    @property
    def by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}

    def chosen(self, names: Iterable[str] | None) -> list[Column]:
        """The chosen columns in declaration order; unknown names are ignored."""
        wanted = set(names or self.default_columns)
        chosen = [c for c in self.columns if c.name in wanted]
        return chosen or [c for c in self.columns if c.name in self.default_columns]

    def ordering(self, sort: str | None) -> tuple[str, ...] | None:
        """The ORM ordering for a `?sort=name` or `?sort=-name` parameter, if sortable."""
        if not sort:
            return None
        desc = sort.startswith("-")
        column = self.by_name.get(sort.lstrip("-"))
        if column is None or not column.sortable:
            return None
        key = column.sort_key
        return (f"-{key}" if desc else key, "-pk" if desc else "pk")

    def headers(self, columns: list[Column]) -> list[str]:
        return [str(c.header) for c in columns]

    def rows(self, queryset: QuerySet, columns: list[Column], chunk_size: int = 2000) -> Iterator[list[Any]]:
        """Export rows, streamed from the database in chunks."""
        exportable = [c for c in columns if c.exportable]
        for obj in queryset.iterator(chunk_size=chunk_size):
            yield [export_value(c.value(obj)) for c in exportable]
