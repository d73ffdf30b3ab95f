"""Entity forms: edit, import (natural keys: USCC, division codes, GB/T 4754 code)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qualitycity.core import audit
from qualitycity.core.choices import AuditAction
from qualitycity.core.models import Division, Industry
from qualitycity.core.uscc import normalize
from qualitycity.registry.choices import EntityTagKind, EntityType, RegistrationStatus
from qualitycity.registry.hooks import changes_from_diff, entity_changed
from qualitycity.registry.models import Entity, EntityTag, Product, ProductCategory, SpecialisedTown
from qualitycity.registry.search import entity_search_key, former_name_list
from qualitycity.registry.validators import clean_uscc

_CN_DATE = re.compile(r"^\s*(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})\s*日?\s*$")


def parse_chinese_date(value: Any) -> dt.date | None:
    """2023年5月1日, 2023/5/1, 2023-05-01, 2023.5.1 and 20230501."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = _CN_DATE.match(text)
    if match is None and re.fullmatch(r"\d{8}", text):
        match = re.match(r"(\d{4})(\d{2})(\d{2})", text)
    if match is None:
        raise forms.ValidationError(_("Not a date: write it as 2023-05-01 or 2023年5月1日."), code="date")
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError as exc:
        raise forms.ValidationError(_("No such date."), code="date") from exc


class ChineseDateField(forms.DateField):
    def to_python(self, value: Any) -> dt.date | None:
        return parse_chinese_date(value)


def set_choices(form: forms.BaseForm, name: str, queryset: Any) -> None:
    """Limit a model-choice field's queryset, if the form has that field."""
    field = form.fields.get(name)
    if isinstance(field, forms.ModelChoiceField):
        field.queryset = queryset


def entity_tags(entity: Entity) -> list[str]:
    return sorted(EntityTag.objects.filter(entity=entity).values_list("tag", flat=True))


def set_entity_tags(entity: Entity, tags: list[str], *, actor: Any) -> None:
    """Make the entity's tags exactly `tags`; a change is recorded in the audit trail (the
    tags are not columns of the entity, so its own record does not show them)."""
    before = entity_tags(entity)
    after = sorted(set(tags))
    if before == after:
        return
    EntityTag.objects.filter(entity=entity).exclude(tag__in=after).delete()
    EntityTag.objects.bulk_create(
        [EntityTag(entity=entity, tag=t) for t in after if t not in before], ignore_conflicts=True
    )
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=entity,
        before={"tags": before},
        after={"tags": after},
        message="tags",
    )


#: Short names registers use for tags, beside the codes and the full labels.
TAG_ALIASES = {
    "规上": EntityTagKind.ABOVE_SCALE,
    "规上企业": EntityTagKind.ABOVE_SCALE,
    "规模以上": EntityTagKind.ABOVE_SCALE,
    "规模以上工业企业": EntityTagKind.ABOVE_SCALE,
    "高新": EntityTagKind.HIGH_TECH,
    "高新技术": EntityTagKind.HIGH_TECH,
    "高新技术企业": EntityTagKind.HIGH_TECH,
    "专精特新": EntityTagKind.SPECIALISED,
    "专精特新企业": EntityTagKind.SPECIALISED,
    "链主": EntityTagKind.CHAIN_LEADER,
    "链主企业": EntityTagKind.CHAIN_LEADER,
    "老字号": EntityTagKind.TIME_HONOURED,
    "首席质量官": EntityTagKind.CHIEF_QUALITY_OFFICER,
    "ODR": EntityTagKind.ODR,
    "先行赔付": EntityTagKind.FIRST_COMPENSATION,
}
_TAG_SEPARATORS = re.compile(r"[、,，;；/\s]+")


def tag_lookup() -> dict[str, str]:
    """Every accepted spelling of a tag (code, label in each language, short name) → code."""
    from django.conf import settings
    from django.utils import translation

    lookup: dict[str, str] = {k.lower(): str(v) for k, v in TAG_ALIASES.items()}
    for value, label in EntityTagKind.choices:
        lookup[value.lower()] = value
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                lookup[str(label).lower()] = value
    return lookup


def parse_tags(value: Any, lookup: dict[str, str] | None = None) -> list[str]:
    """ "规上、高新技术" or "above_scale,high_tech" → codes; unknown names raise."""
    text = str(value or "").strip()
    if not text:
        return []
    lookup = lookup if lookup is not None else tag_lookup()
    found: list[str] = []
    unknown: list[str] = []
    for part in _TAG_SEPARATORS.split(text):
        if not part:
            continue
        code = lookup.get(part.lower())
        if code is None:
            unknown.append(part)
        elif code not in found:
            found.append(code)
    if unknown:
        raise forms.ValidationError(
            _("Unknown tag “{value}”.").format(value="、".join(unknown)), code="invalid_choice"
        )
    return found


class TagListField(forms.Field):
    """The 标签 column of an import: tags separated by 、 or commas, as labels or codes."""

    def to_python(self, value: Any) -> list[str]:
        return parse_tags(value)


_CAPITAL = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*(万元|万|元)?(?:人民币)?$")


def parse_capital(value: Any) -> Decimal | None:
    """Registered capital in 万元: "500", "500万元", "500万", "5,000,000元" (yuan → 万元)."""
    if value in (None, ""):
        return None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return Decimal(str(value))
    text = str(value).strip().replace(",", "").replace("，", "").replace("(", "").replace(")", "")
    text = text.replace("（", "").replace("）", "").replace("人民币", "")
    match = _CAPITAL.match(text)
    if match is None:
        raise forms.ValidationError(
            _("Not an amount in 10k yuan: write it as 500 or 500万元."), code="capital"
        )
    amount = Decimal(match.group(1))
    if match.group(2) == "元":
        amount = amount / Decimal(10_000)
    if amount >= Decimal(10) ** 10:
        raise forms.ValidationError(_("The amount is too large."), code="capital")
    return amount.quantize(Decimal("0.0001"))


class CapitalField(forms.DecimalField):
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # stubs say int
        return parse_capital(value)

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)


class EntityForm(forms.ModelForm):
    date_established = ChineseDateField(
        label=_("date established"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Entity
        fields = [
            "uscc",
            "name",
            "entity_type",
            "legal_representative",
            "date_established",
            "registration_status",
            "address",
            "operating_address",
            "county",
            "township",
            "industry",
            "registered_capital",
            "contact_phone",
            "former_names",
            "specialised_town",
        ]
        widgets = {"former_names": forms.Textarea(attrs={"rows": 3})}

    tags = forms.MultipleChoiceField(
        label=_("tags"),
        choices=EntityTagKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "county", Division.objects.counties())
        set_choices(self, "township", Division.objects.filter(level="township"))
        set_choices(self, "industry", Industry.objects.filter(level=4))
        self.before: dict[str, Any] | None = None
        self.tags_before: list[str] = []
        if self.instance.pk is not None:
            self.before = audit.snapshot(self.instance)
            self.tags_before = entity_tags(self.instance)
            if "tags" in self.fields and not self.is_bound:
                self.initial.setdefault("tags", self.tags_before)

    def clean_former_names(self) -> str:
        return "\n".join(former_name_list(self.cleaned_data.get("former_names", "")))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        town = cleaned.get("specialised_town")
        county = cleaned.get("county")
        if town is not None and county is not None and town.county_id != county.pk:
            self.add_error("specialised_town", _("The specialised town is in another county."))
        return cleaned

    def _save_m2m(self) -> None:
        """After the entity row is saved (inside `core.editing.save_form`'s transaction): the
        tags, the pinyin key of the former names, and the change hooks (registry.hooks)."""
        super()._save_m2m()  # type: ignore[misc]  # a private hook of ModelForm, kept on purpose
        entity = self.instance
        actor = getattr(entity, "updated_by", None)
        if "tags" in self.fields:
            set_entity_tags(entity, self.cleaned_data.get("tags") or [], actor=actor)
        key = entity_search_key(entity.name, entity.former_names)
        if key != entity.search_key:
            type(entity)._default_manager.filter(pk=entity.pk).update(search_key=key)
            entity.search_key = key
        if self.before is not None:
            changes = changes_from_diff(audit.diff(self.before, audit.snapshot(entity)))
            for bookkeeping in ("created_by", "updated_by"):
                changes.pop(bookkeeping, None)
            after_tags = entity_tags(entity)
            if "tags" in self.fields and after_tags != self.tags_before:
                changes["tags"] = (self.tags_before, after_tags)
            entity_changed(entity, changes, actor)

    def limit_to_user(self, user: Any) -> None:
        """A county officer can only choose their own county."""
        division = getattr(user, "scope_division", None)
        if division is not None:
            set_choices(self, "county", Division.objects.filter(pk=division.pk))
            set_choices(self, "township", Division.objects.filter(level="township").inside(division))

    def clean_uscc(self) -> str:
        return clean_uscc(self.cleaned_data.get("uscc", ""))


class CodeChoiceField(forms.ModelChoiceField):
    """A foreign key given by its code (or its name), as registers write it."""

    def __init__(self, queryset: Any, *, name_field: str = "name", **kwargs: Any) -> None:
        self.name_field = name_field
        self.all_choices = queryset
        super().__init__(queryset, to_field_name="code", **kwargs)

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        text = str(value).strip()
        code = text.split()[0] if text else text
        qs = self.queryset
        assert qs is not None  # set in __init__
        found = qs.filter(code=code).first() or qs.filter(**{self.name_field: text}).first()
        if found is None:
            known = self.all_choices.filter(code=code).exists()
            message = _("“{value}” is outside your area.") if known else _("Unknown value “{value}”.")
            raise forms.ValidationError(message.format(value=text), code="invalid_choice")
        return found


class IndustryCodeField(CodeChoiceField):
    """A GB/T 4754-2017 class; accepts 3391 and C3391; must be a 4-digit class (小类)."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        text = str(value).strip().upper()
        if len(text) > 1 and text[0].isalpha() and text[1:].isdigit():
            text = text[1:]
        found = Industry.objects.filter(code=text).first()
        if found is None:
            raise forms.ValidationError(
                _("Unknown industry code “{value}”.").format(value=value), code="invalid_choice"
            )
        if found.level != 4:
            raise forms.ValidationError(
                _("Industry code “{value}” is a {level}; give a 4-digit class (小类).").format(
                    value=value, level=_("section") if found.level == 1 else _("higher level")
                ),
                code="industry_level",
            )
        return found


class LabelChoiceField(forms.TypedChoiceField):
    """A choice given by its value or its label in either language (存续, 企业 …)."""

    def to_python(self, value: Any) -> Any:
        text = str(value or "").strip()
        for key, label in self.choices:  # type: ignore[misc,union-attr]  # stubs type choices loosely
            if text in (str(key), str(label)):
                return key
        return text


class EntityImportForm(EntityForm):
    """One register row. Header names accepted in Chinese as registers print them."""

    uscc = forms.CharField(label=_("unified social credit code"), max_length=40)
    entity_type = LabelChoiceField(label=_("entity type"), choices=EntityType.choices)
    registration_status = LabelChoiceField(
        label=_("registration status"),
        choices=RegistrationStatus.choices,
        required=False,
        empty_value=RegistrationStatus.EXISTING,
    )
    county = CodeChoiceField(Division.objects.counties(), label=_("county"))
    township = CodeChoiceField(
        Division.objects.filter(level="township"), label=_("township or street"), required=False
    )
    industry = IndustryCodeField(Industry.objects.all(), label=_("industry code"), required=False)
    registered_capital = CapitalField(label=_("registered capital (10k yuan)"), required=False)
    specialised_town = CodeChoiceField(
        SpecialisedTown.objects.all(), label=_("specialised town"), required=False
    )
    tags = TagListField(label=_("tags"), required=False)  # type: ignore[assignment]  # text, not a choice

    header_aliases = {
        "uscc": ["统一社会信用代码", "信用代码", "USCC"],
        "name": ["企业名称", "名称", "主体名称"],
        "entity_type": ["类型", "主体类型", "企业类型"],
        "legal_representative": ["法定代表人", "负责人", "经营者", "法定代表人(负责人)"],
        "date_established": ["成立日期", "注册日期"],
        "registration_status": ["登记状态", "经营状态"],
        "address": ["住所", "地址", "注册地址"],
        "county": ["所属区县", "区县", "所属区县代码"],
        "township": ["乡镇街道", "所属乡镇"],
        "industry": ["行业代码", "国民经济行业代码", "行业门类代码", "所属行业代码"],
        "registered_capital": ["注册资本", "注册资本(万元)", "注册资金", "注册资本万元"],
        "operating_address": ["经营场所", "经营地址", "生产经营地址", "经营场所地址"],
        "contact_phone": ["联系电话", "电话", "联系方式"],
        "former_names": ["曾用名", "原名称", "历史名称"],
        "specialised_town": ["专业镇"],
        "tags": ["标签", "企业标签"],
    }

    def limit_to_user(self, user: Any) -> None:
        """A county officer's rows must lie in their county (checked before anything is written)."""
        division = getattr(user, "scope_division", None)
        if division is not None:
            set_choices(self, "county", Division.objects.filter(pk=division.pk))

    def clean_former_names(self) -> str:
        """A register writes several former names on one line, separated by 、 or ；."""
        text = str(self.cleaned_data.get("former_names") or "")
        return "\n".join(former_name_list(re.sub(r"[、；;]", "\n", text)))

    @staticmethod
    def normalize_key(value: Any) -> str:
        return normalize(str(value))

    def clean_registration_status(self) -> str:
        return self.cleaned_data.get("registration_status") or RegistrationStatus.EXISTING


class SpecialisedTownForm(forms.ModelForm):
    class Meta:
        model = SpecialisedTown
        fields = ["code", "name", "county", "industry_focus"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "county", Division.objects.counties())

    def limit_to_user(self, user: Any) -> None:
        division = getattr(user, "scope_division", None)
        if division is not None:
            set_choices(self, "county", Division.objects.filter(pk=division.pk))


class ProductCategoryForm(forms.ModelForm):
    class Meta:
        model = ProductCategory
        fields = ["code", "name", "parent", "group", "sequence", "is_food"]


class EntityChoiceField(forms.ModelChoiceField):
    """An entity given by its USCC (any case, spaces ignored)."""

    def __init__(self, queryset: Any, **kwargs: Any) -> None:
        super().__init__(queryset, to_field_name="uscc", **kwargs)
        self.widget = forms.TextInput()

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Entity):
            return value.uscc
        if isinstance(value, int):
            found = Entity.objects.filter(pk=value).first()
            return found.uscc if found else value
        return value

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        code = normalize(str(value))
        qs = self.queryset
        assert qs is not None  # set in __init__
        found = qs.filter(uscc=code).first()
        if found is None:
            raise forms.ValidationError(
                _("Unknown value “{value}”.").format(value=value), code="invalid_choice"
            )
        return found


class ProductForm(forms.ModelForm):
    entity = EntityChoiceField(Entity.objects.all(), label=_("market entity"))

    class Meta:
        model = Product
        fields = ["entity", "name", "category", "brand", "standard"]

    def limit_to_user(self, user: Any) -> None:
        from qualitycity.core.permissions import restrict_queryset

        set_choices(self, "entity", restrict_queryset(Entity.objects.all(), user, "change"))
