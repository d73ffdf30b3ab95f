"""Forms of the quality-infrastructure module."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qualitycity.nqi.models import Standard

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class StandardForm(forms.ModelForm):
    class Meta:
        model = Standard
        fields = [
            "number",
            "series",
            "title",
            "kind",
            "is_mandatory",
            "published_on",
            "implemented_on",
            "abolished_on",
            "replaces",
            "sources",
            "is_confirmed",
            "note",
        ]
        widgets = {"published_on": DATE_INPUT, "implemented_on": DATE_INPUT, "abolished_on": DATE_INPUT}


class StandardNumberListField(forms.CharField):
    """Editions given by number, separated by 、 ， , ; or spaces: "GB 2763-2019；GB 2763.1-2018"."""

    def clean(self, value):  # type: ignore[no-untyped-def]  # Django's field signature
        text = super().clean(value) or ""
        import re

        numbers = [n.strip() for n in re.split(r"[、，,;；\n]+", text) if n.strip()]
        found = {s.number: s for s in Standard.objects.filter(number__in=numbers)}
        missing = [n for n in numbers if n not in found]
        if missing:
            raise forms.ValidationError(
                _("Unknown standard: %(numbers)s (import the replaced editions first)."),
                params={"numbers": "、".join(missing)},
            )
        return [found[n] for n in numbers]


class StandardImportForm(forms.ModelForm):
    """One row of a standards list: the replaced editions by number."""

    replaces = StandardNumberListField(label=_("replaces"), required=False)

    header_aliases = {
        "number": ["标准号", "标准编号"],
        "series": ["标准系列", "系列"],
        "title": ["标准名称", "名称"],
        "kind": ["标准类别", "类别"],
        "published_on": ["发布日期"],
        "implemented_on": ["实施日期"],
        "abolished_on": ["废止日期"],
        "replaces": ["代替标准", "代替", "替代标准"],
        "note": ["备注"],
    }

    class Meta:
        model = Standard
        fields = [
            "number",
            "series",
            "title",
            "kind",
            "published_on",
            "implemented_on",
            "abolished_on",
            "replaces",
            "note",
        ]
