"""Loading the shipped reference data: divisions, industries, departments, the rule book.

Idempotent: rows are matched by their code/key and updated in place. Runs from a data
migration (with the historical models) and from `qcity load-reference`."""

from __future__ import annotations

import csv
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"

GetModel = Callable[[str, str], Any]


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _division_prefix(code: str) -> str:
    from qualitycity.core.models.org import division_prefix

    return division_prefix(code)


def load_divisions(get_model: GetModel) -> int:
    from qualitycity.core.pinyin import search_key

    division = get_model("core", "Division")
    by_code = {d.code: d for d in division.objects.all()}
    count = 0
    for row in _rows("divisions.csv"):
        parent = by_code.get(row["parent_code"]) if row["parent_code"] else None
        obj = by_code.get(row["code"]) or division(code=row["code"])
        obj.name, obj.level, obj.parent = row["name"], row["level"], parent
        obj.prefix = _division_prefix(row["code"])
        obj.search_key = search_key(row["name"])
        obj.save()
        by_code[obj.code] = obj
        count += 1
    return count


def load_industries(get_model: GetModel) -> int:
    industry = get_model("core", "Industry")
    existing = {i.code: i for i in industry.objects.all()}
    rows = _rows("industries.csv")
    new = [
        industry(code=r["code"], name=r["name"], level=int(r["level"]), section=r["section"])
        for r in rows
        if r["code"] not in existing
    ]
    industry.objects.bulk_create(new, batch_size=500)
    by_code = {i.code: i for i in industry.objects.all()}
    changed = []
    for r in rows:
        obj = by_code[r["code"]]
        parent = by_code.get(r["parent_code"]) if r["parent_code"] else None
        if obj.parent_id != (parent.pk if parent else None) or obj.name != r["name"]:
            obj.parent, obj.name = parent, r["name"]
            changed.append(obj)
    industry.objects.bulk_update(changed, ["parent", "name"], batch_size=500)
    return len(rows)


def load_departments(get_model: GetModel) -> int:
    department = get_model("core", "Department")
    division = get_model("core", "Division")
    rows = _rows("departments.csv")
    for row in rows:
        department.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "short_name": row["short_name"],
                "kind": row["kind"],
                "division": division.objects.get(code=row["division_code"]),
                "parent": department.objects.filter(code=row["parent_code"]).first()
                if row["parent_code"]
                else None,
            },
        )
    return len(rows)


def load_rules(get_model: GetModel) -> int:
    """Ship the rule book's versions; an admin's later versions are left alone."""
    rule = get_model("core", "Rule")
    rows = _rows("rules.csv")
    for row in rows:
        rule.objects.get_or_create(
            key=row["key"],
            effective_from=row["effective_from"],
            defaults={
                "name": row["name"],
                "value": Decimal(row["value"]),
                "unit": row["unit"],
                "legal_source": row["legal_source"],
                "is_confirmed": row["is_confirmed"] == "true",
                "note": row["note"],
            },
        )
    return len(rows)


def load_all(get_model: GetModel) -> dict[str, int]:
    return {
        "divisions": load_divisions(get_model),
        "industries": load_industries(get_model),
        "departments": load_departments(get_model),
        "rules": load_rules(get_model),
    }


def live_get_model(app_label: str, model_name: str) -> Any:
    from django.apps import apps

    return apps.get_model(app_label, model_name)
