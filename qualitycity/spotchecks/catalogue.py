"""Loading the shipped spot-check catalogue into the product-category tree: the industrial
starting list and the 39 food 大类 with their 品种 (`spotchecks/data/`). Idempotent: rows are
matched by code and updated; an administrator's own categories are left alone. Runs from a data
migration (historical models) and after test flushes."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
FOOD_ROOT = "food"
PRODUCT_ROOT = "prod"
FOOD_GROUPS = {
    "加工食品": "processed_food",
    "餐饮食品": "catering_food",
    "食品添加剂": "food_additive",
    "食用农产品": "farm_produce",
}


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def food_code(seq: int, sub: int | None = None) -> str:
    """food-04 for 大类 4, food-04-02 for its second 品种."""
    return f"food-{seq:02d}" if sub is None else f"food-{seq:02d}-{sub:02d}"


def catalogue_rows() -> list[tuple[str, str, str, str, int | None]]:
    """(code, name, parent code, group, sequence), parents before children."""
    rows: list[tuple[str, str, str, str, int | None]] = []
    for i, row in enumerate(_rows("product_categories.csv"), start=1):
        rows.append((row["code"], row["name"], row["parent_code"], "industrial", i))
    rows.append((FOOD_ROOT, "食品", "", "processed_food", None))
    subs: dict[int, int] = {}
    for row in _rows("food_sampling_categories.csv"):
        seq = int(row["seq"])
        group = FOOD_GROUPS[row["group"]]
        if seq not in subs:
            subs[seq] = 0
            rows.append((food_code(seq), row["major_category"], FOOD_ROOT, group, seq))
        if row["sub_category"]:
            subs[seq] += 1
            rows.append((food_code(seq, subs[seq]), row["sub_category"], food_code(seq), group, seq))
    return rows


def install(get_model: Any) -> int:
    category = get_model("registry", "ProductCategory")
    by_code = {c.code: c for c in category.objects.all()}
    food_groups = set(FOOD_GROUPS.values())
    for code, name, parent, group, sequence in catalogue_rows():
        obj = by_code.get(code) or category(code=code)
        obj.name = name
        obj.parent = by_code.get(parent) if parent else None
        obj.group = group
        obj.sequence = sequence
        obj.is_food = group in food_groups
        obj.save()
        by_code[code] = obj
    return len(by_code)
