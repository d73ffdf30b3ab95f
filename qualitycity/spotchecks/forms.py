"""Forms of spot checks: the catalogue (test items, labs), plans (also imported from xlsx), the
sampling record on a tablet (also imported), and the workflow steps (receipt, lab report,
service of a failed result, objection, decision, disposal step, closure)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qualitycity.core.forms import CodeListField, DepartmentChoiceField, MultipleFileField, MultipleFileInput
from qualitycity.core.models import Division
from qualitycity.nqi.models import Standard
from qualitycity.registry.forms import CodeChoiceField, LabelChoiceField
from qualitycity.registry.models import ProductCategory
from qualitycity.spotchecks import services
from qualitycity.spotchecks.choices import (
    DisposalStepKind,
    Level,
    LimitKind,
    LinkType,
    Programme,
    Purpose,
    ServiceMethod,
)
from qualitycity.spotchecks.models import SpotCheckPlan, TestingInstitution, TestItem

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


# --- the catalogue ----------------------------------------------------------------------------


class TestItemForm(forms.ModelForm):
    __test__ = False

    class Meta:
        model = TestItem
        fields = [
            "category",
            "name",
            "method",
            "method_standard",
            "limit_standard",
            "limit_kind",
            "limit_min",
            "limit_max",
            "requirement",
            "unit",
            "is_active",
        ]


class StandardChoiceField(forms.ModelChoiceField):
    """A standard edition by its number (GB 2762-2022)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(Standard.objects.all(), to_field_name="number", **kwargs)

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        text = " ".join(str(value).split())
        found = Standard.objects.filter(number=text).first()
        if found is None:
            raise forms.ValidationError(
                gettext("Unknown standard {number}: add it to the standards register first.").format(
                    number=text
                )
            )
        return found


class TestItemImportForm(TestItemForm):
    """One row of an item list (实施细则 检验项目表): the category by code or name, standards by
    number, the limit by its sign (≤, ≥, 不得检出 …)."""

    category = CodeChoiceField(ProductCategory.objects.all(), label=_("product category"))
    method_standard = StandardChoiceField(label=_("method standard"), required=False)
    limit_standard = StandardChoiceField(label=_("limit standard"), required=False)
    limit_kind = LabelChoiceField(
        label=_("limit"),
        choices=[
            *LimitKind.choices,
            ("max", "≤"),
            ("below", "<"),
            ("min", "≥"),
            ("above", ">"),
            ("not_detected", "不得检出"),
        ],
        required=False,
        empty_value="",
    )

    header_aliases = {
        "category": ["产品类别", "食品类别", "品种", "类别"],
        "name": ["检验项目", "项目", "检测项目"],
        "method": ["检验方法", "检测方法"],
        "method_standard": ["方法标准", "检验依据"],
        "limit_standard": ["判定依据", "限量标准", "判定标准"],
        "limit_kind": ["限量类型", "判定方式"],
        "limit_min": ["下限", "最小允许限"],
        "limit_max": ["上限", "最大允许限", "限量"],
        "requirement": ["标准要求", "要求"],
        "unit": ["单位", "计量单位"],
    }


class TestingInstitutionForm(forms.ModelForm):
    __test__ = False

    class Meta:
        model = TestingInstitution
        fields = [
            "name",
            "short_name",
            "uscc",
            "cma_number",
            "cma_valid_until",
            "address",
            "contact_name",
            "contact_phone",
            "categories",
            "test_items",
            "is_active",
        ]
        widgets = {"cma_valid_until": DATE_INPUT}

    def clean_uscc(self) -> str:
        from qualitycity.registry.validators import clean_uscc

        return clean_uscc(self.cleaned_data.get("uscc", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        categories = list(data.get("categories") or [])
        allowed = {c.pk for c in categories}
        outside = [
            i.name
            for i in data.get("test_items") or []
            if not any(c.pk in allowed for c in i.category.ancestors())
        ]
        if outside:
            self.add_error(
                "test_items",
                gettext("Items outside the qualified categories: {items}.").format(items="、".join(outside)),
            )
        return data


# --- plans ----------------------------------------------------------------------------------


def check_plan_institutions(
    categories: list[ProductCategory], institutions: list[TestingInstitution]
) -> list[str]:
    """A plan may only assign labs qualified for its categories: every lab is qualified for at
    least one of them, and every category has a qualified lab."""
    errors = []
    for lab in institutions:
        if not any(lab.is_qualified_for_category(c) for c in categories):
            errors.append(gettext("{lab} is not qualified for any category of the plan.").format(lab=lab))
    for category in categories:
        if institutions and not any(lab.is_qualified_for_category(category) for lab in institutions):
            errors.append(gettext("No assigned lab is qualified for {category}.").format(category=category))
    return errors


class SpotCheckPlanForm(forms.ModelForm):
    class Meta:
        model = SpotCheckPlan
        fields = [
            "number",
            "name",
            "programme",
            "purpose",
            "level",
            "year",
            "organiser",
            "categories",
            "counties",
            "batches_planned",
            "institutions",
            "start_date",
            "end_date",
            "is_targeted",
            "note",
        ]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "counties" in self.fields:
            self.fields["counties"].queryset = Division.objects.counties()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        categories = list(data.get("categories") or [])
        institutions = list(data.get("institutions") or [])
        for message in check_plan_institutions(categories, institutions):
            self.add_error("institutions", message)
        start, end, year = data.get("start_date"), data.get("end_date"), data.get("year")
        if start and year and start.year != year and (end is None or end.year != year):
            self.add_error("year", gettext("The period does not fall in the plan's year."))
        return data


class SpotCheckPlanImportForm(SpotCheckPlanForm):
    """One plan per row of a plan list (年度抽检计划表): categories, counties and labs in one cell
    each, separated by 、 or commas; the organiser by name, short name or code."""

    programme = LabelChoiceField(
        label=_("programme"),
        choices=[*Programme.choices, ("product", "产品质量监督抽查"), ("food", "食品安全抽检")],
    )
    purpose = LabelChoiceField(
        label=_("purpose"),
        choices=[*Purpose.choices, ("supervision", "监督抽检"), ("risk_monitoring", "风险监测")],
        required=False,
        empty_value=Purpose.SUPERVISION,
    )
    level = LabelChoiceField(
        label=_("level"),
        choices=[
            *Level.choices,
            ("national", "国家"),
            ("provincial", "省级"),
            ("city", "市级"),
            ("county", "县级"),
        ],
    )
    organiser = DepartmentChoiceField(label=_("organising department"))
    categories = CodeListField(ProductCategory.objects.all(), label=_("product categories"))
    counties = CodeListField(Division.objects.counties(), label=_("counties"), required=False)
    institutions = CodeListField(
        TestingInstitution.objects.all(),
        fields=("name", "short_name", "uscc"),
        label=_("testing institutions"),
    )

    header_aliases = {
        "number": ["计划编号", "编号"],
        "name": ["计划名称", "名称"],
        "programme": ["抽查类型", "计划类型", "类型"],
        "purpose": ["抽检类型", "任务类型"],
        "level": ["层级", "计划层级", "级别"],
        "year": ["年度", "年份"],
        "organiser": ["组织部门", "组织单位", "实施部门"],
        "categories": ["产品类别", "抽检品种", "食品类别"],
        "counties": ["区县", "抽检区域", "地区"],
        "batches_planned": ["计划批次", "批次数", "抽检批次"],
        "institutions": ["检验机构", "承检机构"],
        "start_date": ["开始日期", "起始日期"],
        "end_date": ["结束日期", "截止日期"],
        "note": ["备注"],
    }


# --- the sampling record --------------------------------------------------------------------


class SampleForm(forms.Form):
    """The sampling record (抽样单) on a tablet: one column, large inputs; the plan fixes the
    programme, the categories, counties and labs to choose from."""

    number = forms.CharField(
        label=_("sample number"), max_length=40, help_text=_("As printed on the sampling record.")
    )
    category = forms.ModelChoiceField(ProductCategory.objects.none(), label=_("product category"))
    county = forms.ModelChoiceField(Division.objects.none(), label=_("county sampled in"))
    link_type = forms.ChoiceField(label=_("link"), choices=LinkType.choices)
    place = forms.CharField(label=_("sampling place"), max_length=300)
    online_platform = forms.CharField(label=_("online platform"), max_length=100, required=False)
    sampled_unit_uscc = forms.CharField(label=_("sampled unit: unified social credit code"), max_length=40)
    sampled_unit_name = forms.CharField(
        label=_("sampled unit: name"),
        max_length=200,
        required=False,
        help_text=_("Only for a unit not in the register."),
    )
    sampled_unit_address = forms.CharField(label=_("sampled unit: address"), max_length=300, required=False)
    producer_uscc = forms.CharField(
        label=_("producer: unified social credit code"), max_length=40, required=False
    )
    producer_name = forms.CharField(label=_("producer as labelled"), max_length=200, required=False)
    producer_address = forms.CharField(
        label=_("producer address as labelled"), max_length=300, required=False
    )
    product_name = forms.CharField(label=_("product name"), max_length=200)
    brand = forms.CharField(label=_("brand"), max_length=100, required=False)
    specification = forms.CharField(label=_("specification"), max_length=100, required=False)
    batch_number = forms.CharField(label=_("batch number"), max_length=60, required=False)
    production_date = forms.DateField(label=_("production date"), required=False, widget=DATE_INPUT)
    shelf_life = forms.CharField(label=_("shelf life"), max_length=60, required=False)
    gtin = forms.CharField(
        label=_("GTIN"), max_length=14, required=False, help_text=_("The barcode number, 8–14 digits.")
    )
    trace_code = forms.CharField(label=_("trace code"), max_length=100, required=False)
    quantity = forms.DecimalField(label=_("quantity sampled"), max_digits=12, decimal_places=3)
    backup_quantity = forms.DecimalField(
        label=_("backup quantity"), max_digits=12, decimal_places=3, required=False
    )
    quantity_unit = forms.CharField(label=_("quantity unit"), max_length=20)
    unit_price = forms.DecimalField(
        label=_("unit price (yuan)"), max_digits=12, decimal_places=2, required=False
    )
    amount_paid = forms.DecimalField(
        label=_("amount paid (yuan)"), max_digits=12, decimal_places=2, required=False
    )
    storage_condition = forms.CharField(label=_("storage condition"), max_length=100, required=False)
    seal_number = forms.CharField(label=_("seal number"), max_length=60, required=False)
    samplers = forms.CharField(
        label=_("samplers"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One name per line; at least two."),
    )
    sampled_at = forms.DateTimeField(
        label=_("sampled at"),
        widget=DATETIME_INPUT,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"],
    )
    institution = forms.ModelChoiceField(TestingInstitution.objects.none(), label=_("testing institution"))
    unit_signed = forms.BooleanField(label=_("signed by the sampled unit"), required=False, initial=True)
    refusal_note = forms.CharField(label=_("note of refusal to sign"), max_length=300, required=False)
    note = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    photos = MultipleFileField(
        label=_("photos and documents"),
        widget=MultipleFileInput(
            attrs={"accept": "image/*,video/mp4,.pdf,.ofd,.doc,.docx,.xlsx", "capture": "environment"}
        ),
        help_text=_("On-site photos, the signed record; at most 20 MB each."),
    )

    def __init__(self, *args: Any, plan: SpotCheckPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        from qualitycity.spotchecks.rates import descendant_ids

        ids: list[int] = []
        for category in plan.categories.all():
            ids.extend(descendant_ids(category.pk))
        self.fields["category"].queryset = ProductCategory.objects.filter(pk__in=ids).order_by("code")  # type: ignore[attr-defined]
        counties = plan.counties.all() if plan.counties.exists() else Division.objects.counties()
        self.fields["county"].queryset = counties  # type: ignore[attr-defined]
        self.fields["institution"].queryset = plan.institutions.filter(is_active=True)  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("sampled_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))

    def record(self, files: list[Any] | None = None) -> services.SampleRecord:
        data = self.cleaned_data
        producer = None
        if data.get("producer_uscc") or data.get("producer_name"):
            producer = services.Party(
                data.get("producer_uscc", ""), data.get("producer_name", ""), data.get("producer_address", "")
            )
        sampled_at = data["sampled_at"]
        if timezone.is_naive(sampled_at):
            sampled_at = timezone.make_aware(sampled_at)
        return services.SampleRecord(
            number=data["number"],
            plan=self.plan,
            category=data["category"],
            county=data["county"],
            link_type=data["link_type"],
            place=data["place"],
            online_platform=data.get("online_platform", ""),
            sampled_unit=services.Party(
                data["sampled_unit_uscc"],
                data.get("sampled_unit_name", ""),
                data.get("sampled_unit_address", ""),
            ),
            producer=producer,
            product_name=data["product_name"],
            brand=data.get("brand", ""),
            specification=data.get("specification", ""),
            batch_number=data.get("batch_number", ""),
            production_date=data.get("production_date"),
            shelf_life=data.get("shelf_life", ""),
            gtin=data.get("gtin", ""),
            trace_code=data.get("trace_code", ""),
            quantity=data["quantity"],
            backup_quantity=data.get("backup_quantity") or Decimal(0),
            quantity_unit=data["quantity_unit"],
            unit_price=data.get("unit_price"),
            amount_paid=data.get("amount_paid"),
            storage_condition=data.get("storage_condition", ""),
            seal_number=data.get("seal_number", ""),
            samplers=data["samplers"].splitlines(),
            sampled_at=sampled_at,
            institution=data["institution"],
            unit_signed=bool(data.get("unit_signed")),
            refusal_note=data.get("refusal_note", ""),
            note=data.get("note", ""),
            files=files or [],
        )

    def apply_errors(self, exc: ValidationError) -> None:
        """The service's field errors on the form's fields."""
        field_of = {"sampled_unit": "sampled_unit_uscc", "producer": "producer_uscc", "files": "photos"}
        for name, messages in exc.message_dict.items():
            target = field_of.get(name, name)
            for message in messages:
                self.add_error(target if target in self.fields else None, message)


class SampleImportForm(forms.Form):
    """One sampling record per row (an export of the sampling app or a lab's list). The row is
    checked by the same rules as the tablet form and written by `services.record_sample`."""

    plan = CodeListField(SpotCheckPlan.objects.all(), fields=("number",), label=_("plan number"))
    number = forms.CharField(label=_("sample number"), max_length=40)
    category = CodeChoiceField(ProductCategory.objects.all(), label=_("product category"))
    county = CodeChoiceField(Division.objects.counties(), label=_("county sampled in"))
    link_type = LabelChoiceField(
        label=_("link"),
        choices=[
            *LinkType.choices,
            ("production", "生产"),
            ("distribution", "流通"),
            ("catering", "餐饮"),
            ("online", "网络"),
        ],
    )
    place = forms.CharField(label=_("sampling place"), max_length=300)
    online_platform = forms.CharField(label=_("online platform"), max_length=100, required=False)
    sampled_unit_uscc = forms.CharField(label=_("sampled unit: unified social credit code"), max_length=40)
    sampled_unit_name = forms.CharField(label=_("sampled unit: name"), max_length=200, required=False)
    sampled_unit_address = forms.CharField(label=_("sampled unit: address"), max_length=300, required=False)
    producer_uscc = forms.CharField(
        label=_("producer: unified social credit code"), max_length=40, required=False
    )
    producer_name = forms.CharField(label=_("producer as labelled"), max_length=200, required=False)
    producer_address = forms.CharField(
        label=_("producer address as labelled"), max_length=300, required=False
    )
    product_name = forms.CharField(label=_("product name"), max_length=200)
    brand = forms.CharField(label=_("brand"), max_length=100, required=False)
    specification = forms.CharField(label=_("specification"), max_length=100, required=False)
    batch_number = forms.CharField(label=_("batch number"), max_length=60, required=False)
    production_date = forms.DateField(
        label=_("production date"),
        required=False,
        input_formats=["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y%m%d"],
    )
    gtin = forms.CharField(label=_("GTIN"), max_length=14, required=False)
    trace_code = forms.CharField(label=_("trace code"), max_length=100, required=False)
    quantity = forms.DecimalField(label=_("quantity sampled"), max_digits=12, decimal_places=3)
    backup_quantity = forms.DecimalField(
        label=_("backup quantity"), max_digits=12, decimal_places=3, required=False
    )
    quantity_unit = forms.CharField(label=_("quantity unit"), max_length=20)
    unit_price = forms.DecimalField(
        label=_("unit price (yuan)"), max_digits=12, decimal_places=2, required=False
    )
    amount_paid = forms.DecimalField(
        label=_("amount paid (yuan)"), max_digits=12, decimal_places=2, required=False
    )
    samplers = forms.CharField(
        label=_("samplers"), help_text=_("Names separated by 、 or commas; at least two.")
    )
    sampled_at = forms.DateTimeField(
        label=_("sampled at"),
        input_formats=["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"],
    )
    institution = CodeListField(
        TestingInstitution.objects.all(),
        fields=("name", "short_name", "uscc"),
        label=_("testing institution"),
    )
    refusal_note = forms.CharField(label=_("note of refusal to sign"), max_length=300, required=False)

    header_aliases = {
        "plan": ["计划编号", "任务编号", "抽检计划"],
        "number": ["抽样单编号", "样品编号", "抽样编号"],
        "category": ["食品类别", "产品类别", "品种"],
        "county": ["抽样地区", "区县", "所在区县"],
        "link_type": ["抽样环节", "环节"],
        "place": ["抽样地点", "地点"],
        "online_platform": ["网络平台", "第三方平台"],
        "sampled_unit_uscc": ["被抽样单位统一社会信用代码", "被抽样单位信用代码"],
        "sampled_unit_name": ["被抽样单位名称", "被抽样单位"],
        "sampled_unit_address": ["被抽样单位地址"],
        "producer_uscc": ["生产者统一社会信用代码", "标称生产者信用代码"],
        "producer_name": ["标称生产企业名称", "生产企业", "标称生产者"],
        "producer_address": ["标称生产企业地址", "生产企业地址"],
        "product_name": ["样品名称", "产品名称"],
        "brand": ["商标", "品牌"],
        "specification": ["规格型号", "规格"],
        "batch_number": ["批号", "生产批号"],
        "production_date": ["生产日期", "生产日期/批号"],
        "gtin": ["条码", "商品条码"],
        "trace_code": ["追溯码"],
        "quantity": ["抽样数量"],
        "backup_quantity": ["备样数量"],
        "quantity_unit": ["数量单位", "单位"],
        "unit_price": ["单价"],
        "amount_paid": ["购样费用", "金额"],
        "samplers": ["抽样人员", "抽样人"],
        "sampled_at": ["抽样日期", "抽样时间"],
        "institution": ["检验机构", "承检机构"],
        "refusal_note": ["拒签说明"],
    }

    def __init__(self, *args: Any, instance: Any = None, **kwargs: Any) -> None:
        # the generic import passes the existing row; a sampling record is only ever added
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        for name, message in (
            ("plan", gettext("Give exactly one plan number.")),
            ("institution", gettext("Give exactly one testing institution.")),
        ):
            if len(data.get(name) or []) != 1:
                self.add_error(name, message)
        if self.errors:
            return data
        record = self.record()
        errors = services.check_record(record)
        for label, party in (("sampled_unit_uscc", record.sampled_unit), ("producer_uscc", record.producer)):
            if party is None or not party.uscc:
                continue
            from qualitycity.registry.models import Entity
            from qualitycity.registry.validators import clean_uscc

            try:
                code = clean_uscc(party.uscc)
            except ValidationError as exc:
                errors.setdefault(label, []).extend(exc.messages)
                continue
            if not party.name and not Entity.objects.filter(uscc=code).exists():
                errors.setdefault(label, []).append(
                    gettext(
                        "{uscc} is not in the register: give the name and address as on the record."
                    ).format(uscc=code)
                )
        for name, messages in errors.items():
            target = {"sampled_unit": "sampled_unit_uscc", "producer": "producer_uscc"}.get(name, name)
            for message in messages:
                self.add_error(target if target in self.fields else None, message)
        return data

    def record(self) -> services.SampleRecord:
        import re

        data = self.cleaned_data
        producer = None
        if data.get("producer_uscc") or data.get("producer_name"):
            producer = services.Party(
                data.get("producer_uscc", ""), data.get("producer_name", ""), data.get("producer_address", "")
            )
        sampled_at = data["sampled_at"]
        if timezone.is_naive(sampled_at):
            sampled_at = timezone.make_aware(sampled_at)
        return services.SampleRecord(
            number=data["number"],
            plan=data["plan"][0],
            category=data["category"],
            county=data["county"],
            link_type=data["link_type"],
            place=data["place"],
            online_platform=data.get("online_platform", ""),
            sampled_unit=services.Party(
                data["sampled_unit_uscc"],
                data.get("sampled_unit_name", ""),
                data.get("sampled_unit_address", ""),
            ),
            producer=producer,
            product_name=data["product_name"],
            brand=data.get("brand", ""),
            specification=data.get("specification", ""),
            batch_number=data.get("batch_number", ""),
            production_date=data.get("production_date"),
            gtin=data.get("gtin", ""),
            trace_code=data.get("trace_code", ""),
            quantity=data["quantity"],
            backup_quantity=data.get("backup_quantity") or Decimal(0),
            quantity_unit=data["quantity_unit"],
            unit_price=data.get("unit_price"),
            amount_paid=data.get("amount_paid"),
            samplers=[n for n in re.split(r"[、，,;；\s]+", data["samplers"]) if n],
            sampled_at=sampled_at,
            institution=data["institution"][0],
            unit_signed=not data.get("refusal_note"),
            refusal_note=data.get("refusal_note", ""),
        )

    def import_save(self, *, actor: Any) -> Any:
        return services.record_sample(self.record(), actor=actor)


# --- workflow steps -------------------------------------------------------------------------


def _not_future(value: dt.date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(gettext("The date is in the future."))


class ReceiveForm(forms.Form):
    received_on = forms.DateField(
        label=_("received by the lab on"), widget=DATE_INPUT, initial=timezone.localdate
    )


class ReportHeadForm(forms.Form):
    """The report's number and date; the item rows come from the sample's applicable items."""

    number = forms.CharField(label=_("report number"), max_length=60)
    issued_on = forms.DateField(label=_("issued on"), widget=DATE_INPUT, initial=timezone.localdate)
    note = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ResultsUploadForm(forms.Form):
    file = forms.FileField(label=_("Results file (xlsx, xls, ods or csv; one row per item)"))


class ServeNoticeForm(forms.Form):
    received_on = forms.DateField(label=_("received on"), widget=DATE_INPUT, validators=[_not_future])
    method = forms.ChoiceField(
        label=_("service method"),
        choices=[c for c in ServiceMethod.choices if c[0] != ServiceMethod.PLATFORM],
    )


class ObjectionForm(forms.Form):
    """An objection on paper, entered by the bureau (the enterprise files its own online)."""

    submitted_on = forms.DateField(label=_("submitted on"), widget=DATE_INPUT, initial=timezone.localdate)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))
    contested_items = forms.ModelMultipleChoiceField(
        TestItem.objects.none(),
        label=_("contested items"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, failed_items: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if failed_items is not None:
            self.fields["contested_items"].queryset = failed_items  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("decision"),
        choices=[("1", _("Accept: re-test at another lab")), ("0", _("Do not accept"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    institution = forms.ModelChoiceField(
        TestingInstitution.objects.none(),
        label=_("re-test institution"),
        required=False,
        help_text=_("Products only; food re-test labs are drawn at random."),
    )
    note = forms.CharField(
        label=_("reason or note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, candidates: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["institution"].queryset = candidates  # type: ignore[attr-defined]


class DisposalStepForm(forms.Form):
    kind = forms.ChoiceField(label=_("step"), choices=DisposalStepKind.choices)
    done_on = forms.DateField(label=_("date"), widget=DATE_INPUT, initial=timezone.localdate)
    deadline = forms.DateField(
        label=_("deadline to correct"),
        widget=DATE_INPUT,
        required=False,
        help_text=_("Empty: the rule book's default period."),
    )
    passed = forms.TypedChoiceField(
        label=_("recheck passed"),
        choices=[("", "—"), ("1", _("Yes")), ("0", _("No"))],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
    )
    document_number = forms.CharField(label=_("document number"), max_length=60, required=False)
    note = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, allowed: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if allowed is not None:
            self.fields["kind"].choices = [c for c in DisposalStepKind.choices if c[0] in allowed]  # type: ignore[attr-defined]


class CloseDisposalForm(forms.Form):
    closed_on = forms.DateField(label=_("closed on"), widget=DATE_INPUT, initial=timezone.localdate)
    measures_taken = forms.CharField(label=_("measures taken"), widget=forms.Textarea(attrs={"rows": 3}))
