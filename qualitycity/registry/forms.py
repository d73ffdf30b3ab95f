"""Entity forms: edit, import (natural keys: USCC, division codes, GB/T 4754 code)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qualitycity.core.models import Division, Industry
from qualitycity.core.uscc import normalize
from qualitycity.registry.choices import EntityType, RegistrationStatus
from qualitycity.registry.models import Entity
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
            "county",
            "township",
            "industry",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "county", Division.objects.counties())
        set_choices(self, "township", Division.objects.filter(level="township"))
        set_choices(self, "industry", Industry.objects.filter(level=4))

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
        "industry": ["行业代码", "国民经济行业代码"],
    }

    def limit_to_user(self, user: Any) -> None:
        """A county officer's rows must lie in their county (checked before anything is written)."""
        division = getattr(user, "scope_division", None)
        if division is not None:
            set_choices(self, "county", Division.objects.filter(pk=division.pk))

    @staticmethod
    def normalize_key(value: Any) -> str:
        return normalize(str(value))

    def clean_registration_status(self) -> str:
        return self.cleaned_data.get("registration_status") or RegistrationStatus.EXISTING
