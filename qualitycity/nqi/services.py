"""Quality-infrastructure operations other modules call: the status of a standard edition and
loading the shipped standards."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from qualitycity.nqi.choices import StandardStatus

DATA_DIR = Path(__file__).resolve().parent / "data"

__all__ = ["load_shipped_standards", "standard_state"]


def standard_state(standard: Any, on: dt.date | None = None) -> str:
    """A standard's status in words, naming the successor when it is superseded:
    "在用", "已被 GB 2762-2025 代替（2026年9月2日起）"."""
    from django.utils.formats import date_format

    if standard is None:
        return ""
    status = standard.status_on(on)
    if status == StandardStatus.SUPERSEDED:
        successor = standard.successor_in_force(on or dt.date.today())  # noqa: DTZ011  (a date only)
        return _("Superseded by {number} (from {date})").format(
            number=successor.number, date=date_format(successor.implemented_on, "DATE_FORMAT")
        )
    return str(StandardStatus(status).label)


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def load_shipped_standards(get_model: Any) -> int:
    """Create or update the shipped food-safety standards and their replacement chain
    (`nqi/data/food_safety_gb.csv`); rows of medium or low confidence stay unconfirmed.
    Idempotent: rows are matched by their number."""
    standard = get_model("nqi", "Standard")
    with (DATA_DIR / "food_safety_gb.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_number = {}
    for row in rows:
        obj, _created = standard.objects.update_or_create(
            number=row["standard_no"],
            defaults={
                "series": row["series"],
                "title": row["title"],
                "kind": "national",
                "is_mandatory": True,
                "published_on": _date(row["publish_date"]),
                "implemented_on": _date(row["implement_date"]),
                "sources": row["sources"],
                "is_confirmed": row["confidence"] == "high",
                "note": row["note"],
            },
        )
        by_number[obj.number] = obj
    for row in rows:
        obj = by_number[row["standard_no"]]
        for number in filter(None, row["replaces"].split(";")):
            if number in by_number:
                obj.replaces.add(by_number[number])
        for number in filter(None, row["replaced_by"].split(";")):
            if number in by_number:
                by_number[number].replaces.add(obj)
    return len(rows)
