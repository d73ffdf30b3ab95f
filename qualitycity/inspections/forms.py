"""Forms of the random-inspection module (双随机、一公开): check items, the inspector pool, declared
conflicts, plans and result categories, and the import forms of check-item lists and inspectors.

Tasks, draws and results are workflow steps with their own forms (views_tasks.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qualitycity.core.choices import Role
from qualitycity.core.forms import DepartmentChoiceField
from qualitycity.core.models import Department, Division, User
from qualitycity.core.permissions import restrict_queryset
from qualitycity.credit.choices import ListGround, Severity
from qualitycity.inspections.algorithm import UNCLASSIFIED
from qualitycity.inspections.choices import CheckItemWeight, InspectorStatus
from qualitycity.inspections.models import (
    CheckItem,
    InspectionPlan,
    Inspector,
    InspectorConflict,
    ResultCategory,
)
from qualitycity.registry.forms import (
    ChineseDateField,
    CodeChoiceField,
    EntityChoiceField,
    LabelChoiceField,
    set_choices,
)
from qualitycity.registry.models import Entity

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

#: The keys of a plan's or task's `ratios`: the risk classes, then entities not yet classified.
RATIO_CLASSES = ("A", "B", "C", "D", UNCLASSIFIED)
RATIO_FIELDS = {
    "A": "ratio_a",
    "B": "ratio_b",
    "C": "ratio_c",
    "D": "ratio_d",
    UNCLASSIFIED: "ratio_unclassified",
}


def ratio_class_label(code: str, *, long: bool = False) -> str:
    """A ratio key as users read it: "A" (or "class A"), and "unclassified" for "-"."""
    if code == UNCLASSIFIED:
        return gettext("unclassified entities") if long else gettext("unclassified")
    return gettext("class {code}").format(code=code) if long else code


def _user_division(user: Any) -> Division | None:
    return getattr(user, "scope_division", None)


class CheckItemWeightField(LabelChoiceField):
    """事项类别 as lists write it: 重点 / 一般 (or the stored value, or the label)."""

    SYNONYMS = {
        "重点": CheckItemWeight.KEY,
        "重点事项": CheckItemWeight.KEY,
        "重点检查事项": CheckItemWeight.KEY,
        "一般": CheckItemWeight.GENERAL,
        "一般事项": CheckItemWeight.GENERAL,
        "一般检查事项": CheckItemWeight.GENERAL,
    }

    def to_python(self, value: Any) -> Any:
        text = str(value or "").strip()
        if text in self.SYNONYMS:
            return str(self.SYNONYMS[text])
        return super().to_python(text)


# --- check items ------------------------------------------------------------------------------

CHECK_ITEM_FIELDS = [
    "department",
    "number",
    "name",
    "sub_item",
    "legal_basis",
    "inspecting_body",
    "target_type",
    "check_method",
    "ratio_and_frequency",
    "weight",
    "inspector_requirements",
]


class CheckItemForm(forms.ModelForm):
    class Meta:
        model = CheckItem
        fields = [*CHECK_ITEM_FIELDS, "is_active"]
        widgets = {"legal_basis": forms.Textarea(attrs={"rows": 3})}


class CheckItemImportForm(forms.ModelForm):
    """One row of a published check-item list (抽查事项清单), with its Chinese column names.

    The list prints the ratio (抽查比例) and the frequency (抽查频次) in two columns; both are
    kept, as text, in `ratio_and_frequency`. The department is given by name, short name or
    code. Every row adds an item: an item already on file (same department, number and
    sub-item) is reported as a duplicate, since the generic import finds existing rows by one
    field only."""

    department = DepartmentChoiceField(label=_("department"))
    weight = CheckItemWeightField(
        label=_("key or general"),
        choices=CheckItemWeight.choices,
        required=False,
        empty_value=CheckItemWeight.GENERAL,
        help_text=_("重点 or 一般; empty means a general item."),
    )
    ratio = forms.CharField(label=_("sampling ratio"), required=False, max_length=200)
    frequency = forms.CharField(label=_("inspection frequency"), required=False, max_length=200)

    header_aliases = {
        "number": ["编号", "事项编号", "抽查事项编号"],
        "name": ["抽查事项名称", "抽查事项", "事项名称"],
        "sub_item": ["抽查子项", "子项", "抽查事项子项"],
        "legal_basis": ["抽查依据", "依据", "检查依据"],
        "inspecting_body": ["抽查主体", "检查主体"],
        "target_type": ["抽查对象", "检查对象"],
        "ratio": ["抽查比例", "抽查比例和频次", "抽查比例及频次", "比例"],
        "frequency": ["抽查频次", "频次"],
        "check_method": ["抽查方式", "检查方式"],
        "inspector_requirements": ["检查人员要求", "执法检查人员要求"],
        "weight": ["事项类别", "类别"],
        "department": ["部门", "所属部门", "抽查部门", "实施部门"],
    }

    class Meta:
        model = CheckItem
        fields = [
            "number",
            "name",
            "sub_item",
            "legal_basis",
            "inspecting_body",
            "target_type",
            "check_method",
            "inspector_requirements",
            "weight",
            "department",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        parts = [str(cleaned.get(name) or "").strip() for name in ("ratio", "frequency")]
        merged = "，".join(part for part in parts if part)
        limit = CheckItem._meta.get_field("ratio_and_frequency").max_length or 0
        if len(merged) > limit:
            self.add_error(
                "ratio",
                gettext("Ratio and frequency together are longer than {n} characters.").format(n=limit),
            )
        else:
            # not a form field, so construct_instance leaves it as set here
            self.instance.ratio_and_frequency = merged
        return cleaned


#: The template's columns in the order of a published list (declared fields would come last).
CheckItemImportForm.base_fields = {
    name: CheckItemImportForm.base_fields[name]
    for name in (
        "number",
        "name",
        "sub_item",
        "legal_basis",
        "inspecting_body",
        "target_type",
        "ratio",
        "frequency",
        "check_method",
        "inspector_requirements",
        "weight",
        "department",
    )
}


# --- inspectors -------------------------------------------------------------------------------

INSPECTOR_FIELDS = [
    "code",
    "name",
    "department",
    "county",
    "certificate_number",
    "certificate_expiry",
    "specialities",
    "phone",
    "status",
]


class InspectorForm(forms.ModelForm):
    class Meta:
        model = Inspector
        fields = [*INSPECTOR_FIELDS, "user"]
        widgets = {"certificate_expiry": DATE_WIDGET}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "county", Division.objects.counties())
        set_choices(
            self,
            "user",
            User.objects.filter(
                is_active=True, role__in=[Role.INSPECTOR, Role.COUNTY_OFFICER, Role.STAFF, Role.LEADER]
            ),
        )

    def limit_to_user(self, user: Any) -> None:
        """A county officer keeps the pool of their own county."""
        division = _user_division(user)
        if division is None:
            return
        set_choices(self, "county", Division.objects.filter(pk=division.pk))
        set_choices(self, "department", Department.objects.filter(division__code__startswith=division.prefix))
        if "county" in self.fields:
            self.fields["county"].required = True
        field = self.fields.get("user")
        if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
            field.queryset = field.queryset.filter(division__code__startswith=division.prefix)


class InspectorImportForm(InspectorForm):
    """One row of the inspector pool (执法检查人员名录库); the inspector code finds an existing row."""

    department = DepartmentChoiceField(label=_("department"))
    county = CodeChoiceField(Division.objects.counties(), label=_("county"), required=False)
    certificate_expiry = ChineseDateField(label=_("certificate valid until"))
    status = LabelChoiceField(
        label=_("status"),
        choices=InspectorStatus.choices,
        required=False,
        empty_value=InspectorStatus.ACTIVE,
    )

    header_aliases = {
        "code": ["检查人员编号", "执法人员编号", "人员编号", "编号"],
        "name": ["姓名", "检查人员", "执法人员姓名"],
        "department": ["部门", "所属部门", "单位", "所在单位"],
        "county": ["区县", "所属区县"],
        "certificate_number": ["执法证号", "执法证件号", "执法证件号码", "执法证编号"],
        "certificate_expiry": ["执法证有效期", "有效期至", "证件有效期"],
        "specialities": ["专长", "专业", "专业领域"],
        "phone": ["联系电话", "电话", "手机"],
        "status": ["状态", "人员状态"],
    }

    class Meta(InspectorForm.Meta):
        fields = INSPECTOR_FIELDS


class InspectorConflictForm(forms.ModelForm):
    entity = EntityChoiceField(
        Entity.objects.all(),
        label=_("market entity"),
        help_text=_("Its unified social credit code."),
    )

    class Meta:
        model = InspectorConflict
        fields = ["inspector", "entity", "kind", "declared_on", "is_granted", "note"]
        widgets = {"declared_on": DATE_WIDGET}

    def limit_to_user(self, user: Any) -> None:
        set_choices(self, "inspector", restrict_queryset(Inspector.objects.all(), user, "change"))
        set_choices(self, "entity", restrict_queryset(Entity.objects.all(), user, "view"))


# --- plans ------------------------------------------------------------------------------------


class RatioField(forms.DecimalField):
    """A sampling ratio in percent; the range and precision are checked by the form, which
    names the risk class in its message."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "100"}))
        super().__init__(**kwargs)


def ratio_text(value: Decimal) -> str:
    """5.00 → "5", 2.50 → "2.5": the stored form of a ratio."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


class InspectionPlanForm(forms.ModelForm):
    """A yearly plan; its ratios (percent per risk class, 0–100, two decimals at most) are the
    defaults of its tasks (《关于在市场监管领域全面推行部门联合"双随机、一公开"监管的意见》:
    the ratio and frequency follow the entity's credit risk class)."""

    ratio_a = RatioField(label=_("Sampling ratio, class A (%)"))
    ratio_b = RatioField(label=_("Sampling ratio, class B (%)"))
    ratio_c = RatioField(label=_("Sampling ratio, class C (%)"))
    ratio_d = RatioField(label=_("Sampling ratio, class D (%)"))
    ratio_unclassified = RatioField(
        label=_("Sampling ratio, unclassified (%)"),
        help_text=_("Entities without a risk class yet."),
    )

    field_order = ["department", "year", "name", *RATIO_FIELDS.values(), "inspectors_per_target", "note"]

    class Meta:
        model = InspectionPlan
        fields = ["department", "year", "name", "inspectors_per_target", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ratios = self.instance.ratios or {}
        for code, name in RATIO_FIELDS.items():
            if code in ratios and name not in self.initial:
                self.initial[name] = ratios[code]

    def limit_to_user(self, user: Any) -> None:
        division = _user_division(user)
        if division is not None:
            set_choices(
                self, "department", Department.objects.filter(division__code__startswith=division.prefix)
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        ratios = {k: v for k, v in (self.instance.ratios or {}).items() if k not in RATIO_CLASSES}
        valid = True
        for code, name in RATIO_FIELDS.items():
            value = cleaned.get(name)
            if value is None:
                valid = False
                continue
            label = ratio_class_label(code, long=True)
            if value < 0 or value > 100:
                self.add_error(
                    name,
                    gettext("The sampling ratio of {risk_class} must be between 0 and 100 percent.").format(
                        risk_class=label
                    ),
                )
                valid = False
            elif value * 100 != (value * 100).to_integral_value():
                self.add_error(
                    name,
                    gettext("The sampling ratio of {risk_class} may have at most two decimals.").format(
                        risk_class=label
                    ),
                )
                valid = False
            else:
                ratios[code] = ratio_text(value)
        if valid:
            # not a form field, so construct_instance leaves it as set here
            self.instance.ratios = ratios
        return cleaned


# --- result categories ------------------------------------------------------------------------


class ResultCategoryForm(forms.ModelForm):
    """A result category; its code is fixed once created (services and results refer to it)."""

    severity = forms.ChoiceField(label=_("archive severity"), choices=Severity.choices, initial=Severity.INFO)
    list_ground = forms.ChoiceField(
        label=_("listing ground"),
        choices=[("", "---------"), *ListGround.choices],
        required=False,
        help_text=_("A result in this category starts the abnormal-list workflow on this ground."),
    )

    class Meta:
        model = ResultCategory
        fields = ["code", "name", "rank", "is_problem", "severity", "list_ground", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("Fixed once created.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("list_ground") and not cleaned.get("is_problem"):
            self.add_error(
                "list_ground", gettext("Only a category that records a problem can start a listing.")
            )
        return cleaned
