"""Loading a plan shipped as data (the Jincheng plan, `data/jincheng-2023.json`).

`load_plan(data, get_model)` works with the live models and with a migration's historical ones
(`apps.get_model`). It is idempotent: the plan is matched by its document number (or title and
area), its goal groups, measures and sections by number, its indicators by code, and each is
updated in place. Department names are resolved as printed in the plan (short names such as
市工信局(国资委)); an unknown one fails with `UnknownDepartment`, naming the closest matches."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
JINCHENG = DATA_DIR / "jincheng-2023.json"

GetModel = Callable[[str, str], Any]

_PARENS = str.maketrans({"（": "(", "）": ")", " ": "", "\u3000": ""})
_QUALIFIER_RE = re.compile(r"\([^)]*\)$")


def normalise_name(name: str) -> str:
    """Department names compare without spaces and with ASCII parentheses."""
    return name.strip().translate(_PARENS)


class UnknownDepartment(ValueError):
    """A department name that matches no department, with the closest known names."""

    def __init__(self, name: str, matches: list[str]) -> None:
        self.name = name
        self.matches = matches
        hint = f"; closest: {', '.join(matches)}" if matches else ""
        super().__init__(f"unknown department {name!r}{hint}")


class DepartmentResolver:
    """Finds departments by code, short name or full name (as printed in a plan's brackets).

    A name without its trailing qualifier (市工信局 for 市工信局(国资委)) is accepted when it
    names exactly one department."""

    def __init__(self, get_model: GetModel) -> None:
        department = get_model("core", "Department")
        self.by_key: dict[str, Any] = {}
        self.names: list[str] = []
        stripped: dict[str, list[Any]] = {}
        for obj in department.objects.order_by("code"):
            self.by_key[obj.code] = obj
            for name in (obj.short_name, obj.name):
                if name:
                    self.by_key.setdefault(normalise_name(name), obj)
                    self.names.append(name)
                    bare = _QUALIFIER_RE.sub("", normalise_name(name))
                    if bare != normalise_name(name):
                        stripped.setdefault(bare, []).append(obj)
        for bare, objs in stripped.items():
            if len({o.pk for o in objs}) == 1:
                self.by_key.setdefault(bare, objs[0])

    def closest(self, name: str, n: int = 3) -> list[str]:
        """The known names nearest to `name` (difflib), best first, without repeats."""
        candidates = list(dict.fromkeys(self.names))
        return difflib.get_close_matches(normalise_name(name), candidates, n=n, cutoff=0.4)

    def get(self, name: str) -> Any | None:
        return self.by_key.get(normalise_name(name)) or self.by_key.get(name.strip())

    def resolve(self, name: str) -> Any:
        found = self.get(name)
        if found is None:
            raise UnknownDepartment(name, self.closest(name))
        return found


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _decimal(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def load_plan(data: dict[str, Any], get_model: GetModel) -> Any:
    """Create or update the plan described by `data` (the fixture's shape); return the plan.

    Every department is resolved before anything is written, so an unknown one leaves the
    database untouched."""
    from django.db import transaction

    with transaction.atomic():
        return _load_plan(data, get_model)


def _load_plan(data: dict[str, Any], get_model: GetModel) -> Any:
    plan_model = get_model("plan", "Plan")
    goal_model = get_model("plan", "GoalGroup")
    measure_model = get_model("plan", "Measure")
    section_model = get_model("plan", "PlanSection")
    indicator_model = get_model("plan", "Indicator")
    division = get_model("core", "Division").objects.get(code=data["division"])

    departments = DepartmentResolver(get_model)
    leads = {m["number"]: departments.resolve(m["lead"]) for m in data["measures"]}
    cos = {m["number"]: [departments.resolve(n) for n in m.get("co", [])] for m in data["measures"]}
    owners = {i["code"]: departments.resolve(i["responsible_department"]) for i in data["indicators"]}

    fields = {
        "title": data["title"],
        "document_number": data.get("document_number", ""),
        "issuer": data.get("issuer", ""),
        "division": division,
        "written_on": _date(data.get("written_on")),
        "published_on": _date(data.get("published_on")),
        "start_year": data["start_year"],
        "target_year": data["target_year"],
        "guiding_text": data.get("guiding_text", ""),
        "long_term_goal": data.get("long_term_goal", ""),
        "report_frequency": data.get("report_frequency", "quarterly"),
        "is_default": data.get("is_default", False),
    }
    if fields["document_number"]:
        plan, _ = plan_model.objects.update_or_create(
            document_number=fields["document_number"], defaults=fields
        )
    else:
        plan, _ = plan_model.objects.update_or_create(
            title=fields["title"], division=division, defaults=fields
        )
    if plan.is_default:
        plan_model.objects.exclude(pk=plan.pk).filter(is_default=True).update(is_default=False)

    groups = {}
    for group in data.get("goal_groups", []):
        groups[group["number"]], _ = goal_model.objects.update_or_create(
            plan=plan, number=group["number"], defaults={"title": group["title"], "text": group["text"]}
        )

    measures = {}
    for item in data["measures"]:
        number = item["number"]
        measure, _ = measure_model.objects.update_or_create(
            plan=plan,
            number=number,
            defaults={
                "label": item.get("label", ""),
                "chapter": item.get("chapter", ""),
                "title": item["title"],
                "text": item.get("text", ""),
                "lead_department": leads[number],
                "responsible_text": item.get("responsible_text", ""),
            },
        )
        measure.co_departments.set([d for d in cos[number] if d.pk != leads[number].pk])
        measures[number] = measure

    for section in data.get("sections", []):
        section_model.objects.update_or_create(
            plan=plan,
            number=section["number"],
            defaults={"label": section["label"], "title": section["title"], "text": section["text"]},
        )

    for order, item in enumerate(data.get("indicators", []), start=1):
        indicator_model.objects.update_or_create(
            plan=plan,
            code=item["code"],
            defaults={
                "name": item["name"],
                "goal_group": groups.get(item.get("goal_group")),
                "measure": measures.get(item.get("measure")),
                "direction": item["direction"],
                "target_value": _decimal(item.get("target_value")),
                "target_text": item.get("target_text", ""),
                "unit": item.get("unit", ""),
                "target_year": item.get("target_year") or data["target_year"],
                "baseline_value": _decimal(item.get("baseline_value")),
                "baseline_year": item.get("baseline_year"),
                "responsible_department": owners[item["code"]],
                "kind": item["kind"],
                "source": item.get("source", ""),
                "source_text": item.get("source_text", ""),
                "order": item.get("order", order),
            },
        )
    return plan


def jincheng_data() -> dict[str, Any]:
    """The Jincheng plan (晋市政发〔2023〕18号) as shipped."""
    return json.loads(JINCHENG.read_text(encoding="utf-8"))


def load_jincheng(get_model: GetModel) -> Any:
    """Load (or refresh) the Jincheng plan."""
    return load_plan(jincheng_data(), get_model)


def live_get_model(app_label: str, model_name: str) -> Any:
    from django.apps import apps

    return apps.get_model(app_label, model_name)
