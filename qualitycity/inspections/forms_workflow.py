"""Forms of the random-inspection workflow: the draft task (items, target pool, ratios), the
redo of a draw, and the inspector's result sheet.

The target pool is kept as a saved entity filter (`InspectionTask.pool_filter`) with the
parameter names of `registry.filters.EntityFilterSet`, so the pool means the same thing on the
task form, in the entity list (`/registry/market-entities/?county_id=…`) and in the draw."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitycity.core.forms import MultipleFileField, MultipleFileInput
from qualitycity.core.models import Department
from qualitycity.credit.risk import active_model
from qualitycity.inspections import services
from qualitycity.inspections.algorithm import DrawError, ratio_basis_points
from qualitycity.inspections.models import (
    CheckItem,
    InspectionPlan,
    InspectionTask,
    ResultCategory,
)
from qualitycity.inspections.results import ATTACHMENT_TYPES
from qualitycity.registry.filters import EntityFilterSet
from qualitycity.registry.models import Entity

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
#: The entity filters a task's pool may use: `EntityFilterSet` names, in form order.
POOL_FIELDS = ("county_id", "township_id", "industry", "tag", "entity_type", "registration_status")
UNCLASSIFIED_FIELD = "ratio_unclassified"


# ---------------------------------------------------------------- pool filter


def _entity_filter_fields() -> dict[str, forms.Field]:
    """Fresh copies of the entity list's filter fields (labels, choices, querysets)."""
    form_fields = EntityFilterSet(queryset=Entity.objects.none()).form.fields
    return {name: copy.deepcopy(form_fields[name]) for name in POOL_FIELDS}


def pool_filter_from(data: dict[str, Any]) -> dict[str, Any]:
    """A saved pool filter from cleaned form values: primary keys for divisions, strings
    otherwise, empty criteria left out."""
    saved: dict[str, Any] = {}
    for name in POOL_FIELDS:
        value = data.get(name)
        if value in (None, "", []):
            continue
        saved[name] = value.pk if isinstance(value, Model) else str(value).strip()
    return saved


def describe_pool_filter(
    pool_filter: dict[str, Any], lead: Department | None = None
) -> list[tuple[str, str]]:
    """The pool filter in words, as (criterion, value) rows: division names, industry codes with
    their names, choice labels. The lead department's county bounds a county bureau's pool."""
    fields = _entity_filter_fields()
    rows: list[tuple[str, str]] = []
    for name, value in (pool_filter or {}).items():
        if value in (None, "", []):
            continue
        field = fields.get(name)
        if field is None:
            rows.append((name, str(value)))
            continue
        label = str(field.label)
        if isinstance(field, forms.ModelChoiceField):
            queryset: Any = field.queryset
            obj = queryset.filter(pk=value).first() if str(value).isdigit() else None
            rows.append((label, str(obj) if obj is not None else str(value)))
        elif isinstance(field, forms.ChoiceField):
            choices: Any = field.choices
            rows.append((label, str(dict(choices).get(str(value), value))))
        elif name == "industry":
            rows.append((label, _industry_words(str(value))))
        else:
            rows.append((label, str(value)))
    if "registration_status" not in (pool_filter or {}):
        rows.append(
            (str(fields["registration_status"].label), _("Active entities only (existing or operating)"))
        )
    if lead is not None and lead.division.level in ("county", "stats_zone"):
        rows.append(
            (_("area"), _("Inside {county} (the lead department's county)").format(county=lead.division))
        )
    return rows


def _industry_words(code: str) -> str:
    from qualitycity.core.models import Industry

    value = code.strip().upper()
    if len(value) == 1 and value.isalpha():
        found = Industry.objects.filter(section=value).order_by("level", "code").first()
        return f"{value} {found.name}" if found is not None and found.code == value else value
    digits = value[1:] if value[:1].isalpha() else value
    found = Industry.objects.filter(code=digits).first()
    return f"{value} {found.name}" if found is not None else value


# ---------------------------------------------------------------- ratios


def ratio_field_name(risk_class: str) -> str:
    return f"ratio_{risk_class}" if risk_class.isalnum() else UNCLASSIFIED_FIELD


def risk_class_labels() -> dict[str, str]:
    """Class code → its label in the active risk model, and "-" for not yet classified."""
    labels = {str(c["code"]): str(c.get("label") or c["code"]) for c in active_model().classes}
    labels["-"] = _("Not yet classified")
    return labels


# ---------------------------------------------------------------- the draft task


class CheckItemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Model) -> str:
        assert isinstance(obj, CheckItem)
        return str(obj)


class TaskForm(forms.ModelForm):
    """A draft task from a plan. Defaults come from the plan (lead department, ratios,
    inspectors per target); the pool filter and ratios are stored as JSON on the task."""

    class Meta:
        model = InspectionTask
        fields = [
            "name",
            "number",
            "lead_department",
            "participating_departments",
            "check_items",
            "is_directed",
            "inspectors_per_target",
            "start_date",
            "end_date",
            "note",
        ]
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "participating_departments": forms.CheckboxSelectMultiple,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, plan: InspectionPlan, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan
        number = self.fields["number"]
        number.required = False
        number.help_text = gettext_lazy("Leave empty for the next automatic number, e.g. SJ-2026-0001.")
        lead = self.fields["lead_department"]
        assert isinstance(lead, forms.ModelChoiceField)
        lead.queryset = self.lead_departments(user)
        participating = self.fields["participating_departments"]
        assert isinstance(participating, forms.ModelMultipleChoiceField)
        participating.queryset = Department.objects.order_by("division__code", "code")
        participating.help_text = gettext_lazy(
            "A joint task (部门联合抽查): one visit checks the items of every department taking part."
        )
        self.fields["check_items"] = self._check_item_field()
        per_target = self.fields["inspectors_per_target"]
        assert isinstance(per_target, forms.IntegerField)
        self.min_inspectors = services.min_inspectors()
        per_target.min_value = self.min_inspectors
        per_target.validators.append(
            MinValueValidator(
                self.min_inspectors,
                message=_("Every target needs at least {n} inspectors.").format(n=self.min_inspectors),
            )
        )
        per_target.widget.attrs["min"] = self.min_inspectors
        for name, field in _entity_filter_fields().items():
            field.required = False
            field.widget.attrs["class"] = "pool-field"
            self.fields[name] = field
        self.risk_classes = services.risk_classes()
        labels = risk_class_labels()
        for risk_class in self.risk_classes:
            self.fields[ratio_field_name(risk_class)] = forms.CharField(
                label=_("{code} {label} (%)")
                .format(code=risk_class, label=labels.get(risk_class, ""))
                .strip(),
                required=False,
                max_length=10,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "ratio-field", "size": 6}),
            )
        if self.instance.pk is None:
            self._initial_from_plan()
        else:
            self._initial_from_task()

    # -- setup

    @staticmethod
    def lead_departments(user: Any) -> Any:
        """Departments a user may lead a task for: a county user only those of their county."""
        qs = Department.objects.order_by("division__code", "code")
        division = getattr(user, "scope_division", None)
        if division is not None:
            qs = qs.filter(division__code__startswith=division.prefix)
        return qs

    def _check_item_field(self) -> forms.ModelMultipleChoiceField:
        condition = Q(is_active=True)
        if self.instance.pk is not None:
            condition |= Q(pk__in=self.instance.check_items.values("pk"))
        items = (
            CheckItem.objects.filter(condition)
            .select_related("department")
            .order_by("department__division__code", "department__code", "number", "pk")
        )
        field = CheckItemChoiceField(
            queryset=items,
            label=InspectionTask._meta.get_field("check_items").verbose_name,
            widget=forms.CheckboxSelectMultiple,
            help_text=gettext_lazy("Only items of the lead and participating departments."),
        )
        groups: dict[str, list[tuple[str, str]]] = {}
        for item in items:
            groups.setdefault(item.department.name, []).append((str(item.pk), str(item)))
        field.widget.choices = list(groups.items())
        return field

    def _initial_from_plan(self) -> None:
        plan = self.plan
        self.initial.setdefault("lead_department", plan.department_id)
        self.initial.setdefault("inspectors_per_target", max(plan.inspectors_per_target, self.min_inspectors))
        self.initial.setdefault("start_date", dt.date(plan.year, 1, 1))
        self.initial.setdefault("end_date", dt.date(plan.year, 12, 31))
        for risk_class in self.risk_classes:
            if risk_class in (plan.ratios or {}):
                self.initial.setdefault(ratio_field_name(risk_class), str(plan.ratios[risk_class]))

    def _initial_from_task(self) -> None:
        task = self.instance
        for name in POOL_FIELDS:
            if name in (task.pool_filter or {}):
                self.initial.setdefault(name, task.pool_filter[name])
        for risk_class, value in (task.ratios or {}).items():
            self.initial.setdefault(ratio_field_name(risk_class), str(value))

    # -- validation

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lead = data.get("lead_department")
        participating = list(data.get("participating_departments") or [])
        if lead is not None and lead in participating:
            self.add_error(
                "participating_departments", _("The lead department is not also a participating one.")
            )
        departments = [d for d in [lead, *participating] if d is not None]
        items = list(data.get("check_items") or [])
        if lead is not None and items:
            allowed = {d.pk for d in departments}
            foreign = [i for i in items if i.department_id not in allowed]
            if foreign:
                self.add_error(
                    "check_items",
                    _("Not items of the task's departments: {items}").format(
                        items="、".join(str(i) for i in foreign)
                    ),
                )
            missing = [d for d in departments if not any(i.department_id == d.pk for i in items)]
            if missing:
                self.add_error(
                    "check_items",
                    _("Choose at least one check item of {departments}.").format(
                        departments="、".join(d.name for d in missing)
                    ),
                )
        per_target = data.get("inspectors_per_target")
        if per_target is not None and len(departments) > per_target:
            self.add_error(
                "inspectors_per_target",
                _("A joint task of {n} departments needs at least {n} inspectors per target.").format(
                    n=len(departments)
                ),
            )
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The task ends before it starts."))
        self._clean_pool(data)
        self._clean_ratios(data)
        if not data.get("number") and start:
            data["number"] = services.next_task_number(start.year)
        return data

    def _clean_pool(self, data: dict[str, Any]) -> None:
        pool_filter = pool_filter_from(data)
        if data.get("is_directed") and not pool_filter:
            self.add_error(
                "is_directed",
                _("A directed task (定向) draws within a filter: choose at least one criterion."),
            )
        elif pool_filter and not data.get("is_directed"):
            self.add_error(
                "is_directed",
                _("A filtered pool makes the task directed (定向): tick “directed” or clear the filter."),
            )
        self.instance.pool_filter = pool_filter

    def _clean_ratios(self, data: dict[str, Any]) -> None:
        ratios = {
            risk_class: str(data.get(ratio_field_name(risk_class)) or "").strip()
            for risk_class in self.risk_classes
        }
        ratios = {c: v for c, v in ratios.items() if v != ""}
        try:
            clean = services.validate_ratios(ratios)
        except DrawError as exc:
            for risk_class in exc.details.get("ratios", {}):
                self.add_error(
                    ratio_field_name(risk_class),
                    _("A percentage from 0 to 100 with at most two decimals."),
                )
            return
        if not any(ratio_basis_points(v) for v in clean.values()):
            self.add_error(None, _("At least one risk class needs a sampling ratio above zero."))
            return
        self.instance.ratios = clean

    # -- rendering helpers

    def pool_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in POOL_FIELDS]

    def ratio_fields(self) -> list[tuple[str, forms.BoundField]]:
        return [(c, self[ratio_field_name(c)]) for c in self.risk_classes]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self._meta.fields or () if name not in ("check_items", "note")]


class PoolPreviewForm(forms.Form):
    """The live pool count while editing: the lead department, the filter and the ratios."""

    lead_department = forms.ModelChoiceField(queryset=Department.objects.all(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in _entity_filter_fields().items():
            field.required = False
            self.fields[name] = field
        self.risk_classes = services.risk_classes()
        for risk_class in self.risk_classes:
            self.fields[ratio_field_name(risk_class)] = forms.CharField(required=False, max_length=10)

    def task(self) -> InspectionTask | None:
        """An unsaved task carrying the filter, for `services.pool_queryset`."""
        if not self.is_valid() or self.cleaned_data.get("lead_department") is None:
            return None
        return InspectionTask(
            lead_department=self.cleaned_data["lead_department"],
            pool_filter=pool_filter_from(self.cleaned_data),
        )

    def ratios(self) -> dict[str, str]:
        return {
            c: str(self.cleaned_data.get(ratio_field_name(c)) or "").strip()
            for c in self.risk_classes
            if self.is_valid()
        }


# ---------------------------------------------------------------- redo


class RedoForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("reason for the redo"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Kept with the superseded draw and shown with it."),
    )


# ---------------------------------------------------------------- the result sheet


def _check_uploads(files: list[Any]) -> list[Any]:
    from qualitycity.inspections.results import check_attachment

    for upload in files:
        try:
            check_attachment(upload)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict.get("files", exc.messages)) from exc
    return files


class ResultForm(forms.Form):
    """One department's result for one drawn target: the date, a category and a note per check
    item of that department in the task, an overall note, photos and documents."""

    inspected_on = forms.DateField(label=gettext_lazy("inspected on"), widget=DATE_INPUT)
    note = forms.CharField(
        label=gettext_lazy("overall note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = MultipleFileField(
        label=gettext_lazy("photos"),
        widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
        help_text=gettext_lazy("Take photos with the camera; several at once are fine."),
    )
    documents = MultipleFileField(
        label=gettext_lazy("documents"),
        widget=MultipleFileInput(attrs={"accept": ",".join(ATTACHMENT_TYPES)}),
        help_text=gettext_lazy("Photos or documents (pdf, doc, docx, xlsx, ofd), at most 20 MB each."),
    )

    def __init__(self, *args: Any, items: list[CheckItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        self.initial.setdefault("inspected_on", timezone.localdate())
        categories = ResultCategory.objects.filter(is_active=True).order_by("rank", "code")
        for item in items:
            self.fields[f"item_{item.pk}_category"] = forms.ModelChoiceField(
                queryset=categories,
                label=str(item),
                empty_label=_("— choose the result —"),
                widget=forms.Select(attrs={"class": "item-category"}),
            )
            self.fields[f"item_{item.pk}_note"] = forms.CharField(
                label=_("note on {item}").format(item=item.name),
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"class": "item-note"}),
            )

    def clean_photos(self) -> list[Any]:
        return _check_uploads(self.cleaned_data.get("photos") or [])

    def clean_documents(self) -> list[Any]:
        return _check_uploads(self.cleaned_data.get("documents") or [])

    def item_rows(self) -> list[tuple[CheckItem, forms.BoundField, forms.BoundField]]:
        return [(i, self[f"item_{i.pk}_category"], self[f"item_{i.pk}_note"]) for i in self.items]

    def entries(self) -> list[services.ItemEntry]:
        return [
            services.ItemEntry(
                check_item=item,
                category=self.cleaned_data[f"item_{item.pk}_category"],
                note=self.cleaned_data.get(f"item_{item.pk}_note") or "",
            )
            for item in self.items
        ]

    def uploads(self) -> list[Any]:
        return [*self.cleaned_data.get("photos", []), *self.cleaned_data.get("documents", [])]

    def apply_errors(self, exc: ValidationError) -> None:
        """The service's errors on the fields they concern; the rest above the form."""
        if not hasattr(exc, "error_dict"):
            for message in exc.messages:
                self.add_error(None, message)
            return
        for key, messages in exc.message_dict.items():
            field = {"inspected_on": "inspected_on", "files": "photos", "note": "note"}.get(key)
            for message in messages:
                self.add_error(field, message)
